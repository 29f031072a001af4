import type { CategoryView } from '../../../../core/contracts/grid';
import { photoForm } from '../../../behaviors/photo-form';
import { gridConfig, reportIssue } from '../../../services/grid';
import { newRequestId } from '../../../services/points';
import { loadMe } from '../../../services/session';
import { askToSubscribe } from '../../../services/subscribe';
import { uploadMissing, type FormPhoto } from '../../../utils/photos';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

type Place = { latitude: number; longitude: number; name: string };

/**
 * 上报网格事项, three taps: a category, photos (wx.chooseMedia, uploaded on submit as evidence),
 * a sentence; then the place, picked on the map (wx.chooseLocation) or the current position
 * (wx.getLocation): the issue keeps the place's coordinates, not the reporter's. Optionally
 * anonymous towards residents. One request id per form: a second tap or a retry reports once.
 */
Component({
  behaviors: [photoForm],
  data: {
    view: LOADING as ViewState,
    categories: [] as CategoryView[],
    category: '',
    text: '',
    photos: [] as FormPhoto[],
    place: null as Place | null,
    anonymous: false,
    requestId: '',
    busy: false,
    error: '',
    myId: '',
  },
  methods: {
    onLoad() {
      this.setData({ requestId: newRequestId() });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const [me, cfg] = await Promise.all([loadMe(), gridConfig()]);
      if (!me.ok) return this.setData({ view: errorView(me) });
      if (!cfg.ok) return this.setData({ view: errorView(cfg) });
      const categories = cfg.data.categories.filter((c) => c.active);
      if (!categories.length) return this.setData({ view: emptyView('县里还没有设置事项分类') });
      this.setData({ view: READY, categories, myId: me.data.memberId });
    },
    onCategory(e: { currentTarget: { dataset: { code: string } } }) {
      this.setData({ category: e.currentTarget.dataset.code, error: '' });
    },
    onText(e: { detail: { value: string } }) {
      this.setData({ text: e.detail.value });
    },
    onAnonymous(e: { detail: { value: boolean } }) {
      this.setData({ anonymous: e.detail.value });
    },
    onPickPlace() {
      wx.chooseLocation({
        success: (r) => this.setData({ place: { latitude: r.latitude, longitude: r.longitude, name: r.name || r.address || '地图选点' }, error: '' }),
        fail: () => undefined,
      });
    },
    onHere() {
      wx.getLocation({
        type: 'gcj02',
        success: (r) => this.setData({ place: { latitude: r.latitude, longitude: r.longitude, name: '当前位置' }, error: '' }),
        fail: () => this.setData({ error: '无法获取当前位置，请在地图上选择事发地点' }),
      });
    },
    onPreview(e: { currentTarget: { dataset: { index: number } } }) {
      wx.previewImage({ urls: this.data.photos.map((p) => p.path), current: this.data.photos[Number(e.currentTarget.dataset.index)]?.path });
    },
    async onSubmit() {
      if (this.data.busy) return;
      const text = this.data.text.trim();
      const place = this.data.place;
      if (!this.data.category) return this.setData({ error: '请选择事项分类' });
      if (!text) return this.setData({ error: '请用一句话说明发现的问题' });
      if (!place) return this.setData({ error: '请选择事发地点' });
      this.setData({ busy: true, error: '' });
      // asked inside the tap (WeChat shows the prompt only for a gesture): the reporter waits for the result
      const subscribed = askToSubscribe('gridResolved', 'gridAssigned');
      const up = await uploadMissing(this.data.photos, this.data.myId, (i, fileID) => this.setData({ [`photos[${i}].fileID`]: fileID }));
      if (!up.ok) return this.setData({ busy: false, error: up.message });
      await subscribed;
      const r = await reportIssue({
        category: this.data.category,
        text,
        photos: up.fileIDs,
        location: { latitude: place.latitude, longitude: place.longitude },
        anonymous: this.data.anonymous,
        requestId: this.data.requestId,
      });
      this.setData({ busy: false });
      if (!r.ok) {
        if (r.code === 'NOT_BOUND') return wx.navigateTo({ url: BIND_URL });
        return this.setData({ error: r.message });
      }
      wx.showToast({ title: '已上报', icon: 'success' });
      wx.redirectTo({ url: `/grid/pages/issue/index?id=${r.data.issue.id}` });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
