import type { LimitPeriod } from '../../../../../core/contracts/store';
import { manageItems, newRequestId, saveItem } from '../../../../services/store';
import { uploadEvidence } from '../../../../services/points';
import { loadMe } from '../../../../services/session';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { keeperOrView } from '../access';
import { EMPTY_FORM, formOf, PERIOD_OPTIONS, toSaveInput, type ItemForm } from './form';

type FormField = 'name' | 'description' | 'cost' | 'stock' | 'limitCount' | 'expireDays';

/**
 * 新增 / 编辑商品 (store keeper / org admin): name, price, stock (a change on edit, so restocking
 * never overwrites redemptions made meanwhile), per-member limit, on sale or not, days to pick
 * up. store.items.save; every save is audited with before/after.
 */
Component({
  data: {
    view: LOADING as ViewState,
    itemId: '',
    requestId: '',
    storeOrgId: '',
    storeName: '',
    stock: 0,
    form: EMPTY_FORM as ItemForm,
    periods: PERIOD_OPTIONS,
    error: '',
    busy: false,
    /** The item's photo: a fileID already saved (url to show it), or a picked file (path, size) to upload on save. */
    picture: { fileID: '', url: '', path: '', size: 0, changed: false },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ itemId: query.itemId ?? '', requestId: newRequestId() });
      wx.setNavigationBarTitle({ title: query.itemId ? '编辑商品' : '新增商品' });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const keeper = await keeperOrView();
      if ('view' in keeper) return this.setData({ view: keeper.view });
      const { grant } = keeper;
      if (!this.data.itemId) return this.setData({ view: READY, storeOrgId: grant.orgId, storeName: grant.orgName });
      const r = await manageItems();
      if (!r.ok) return this.setData({ view: errorView(r) });
      const item = r.data.items.find((i) => i.itemId === this.data.itemId);
      if (!item) return this.setData({ view: emptyView('商品不存在或不在您的管理范围内') });
      this.setData({
        view: READY,
        storeOrgId: item.storeOrgId,
        storeName: item.storeName,
        stock: item.stock,
        form: formOf(item),
        picture: { fileID: item.picture ?? '', url: item.pictureUrl ?? '', path: '', size: 0, changed: false },
      });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: FormField }>) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.value, error: '' });
    },
    onPeriod(e: { currentTarget: { dataset: { value: LimitPeriod } } }) {
      this.setData({ 'form.limitPeriod': e.currentTarget.dataset.value });
    },
    onStatus(e: { currentTarget: { dataset: { active: boolean } } }) {
      this.setData({ 'form.active': e.currentTarget.dataset.active });
    },
    /** 商品照片: one picture, picked (album or camera, compressed) and uploaded when the item is saved. */
    onPickPhoto() {
      wx.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
        success: (r) => {
          const f = r.tempFiles[0];
          if (f) this.setData({ picture: { fileID: '', url: f.tempFilePath, path: f.tempFilePath, size: f.size, changed: true }, error: '' });
        },
      });
    },
    onRemovePhoto() {
      this.setData({ picture: { fileID: '', url: '', path: '', size: 0, changed: true } });
    },
    async onSubmit() {
      if (this.data.busy) return;
      const { itemId, requestId, storeOrgId } = this.data;
      const check = toSaveInput(this.data.form, itemId ? { itemId, storeOrgId } : { requestId, storeOrgId });
      if (!check.ok) return this.setData({ error: check.error });
      this.setData({ busy: true, error: '' });
      let picture = this.data.picture.fileID || null;
      if (this.data.picture.path) {
        const me = await loadMe();
        const up = me.ok ? await uploadEvidence({ path: this.data.picture.path, size: this.data.picture.size }, me.data.memberId) : me;
        if (!up.ok) return this.setData({ busy: false, error: up.message });
        picture = up.data.fileID;
        this.setData({ picture: { ...this.data.picture, fileID: picture, path: '' } });
      }
      // the picture is sent only when the keeper changed it, so a save never drops one by accident
      const r = await saveItem(this.data.picture.changed ? { ...check.input, picture } : check.input);
      this.setData({ busy: false });
      if (!r.ok) return this.setData({ error: r.message });
      wx.showToast({ title: r.data.created ? '已上架' : '已保存', icon: 'success' });
      wx.navigateBack({ delta: 1 });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
