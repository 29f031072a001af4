import { manageItems } from '../../../../services/store';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { ITEM_URL, keeperOrView } from '../access';
import { managedRow, type ManagedRow } from './list-view';
import { reloadable } from '../../../../behaviors/reloadable';

/**
 * 商品与库存 (store keeper / org admin): every item of the stores under the caller's grants,
 * on sale first; tap one to edit or restock, 新增商品 to add one to the acting store.
 */
Component({
  behaviors: [reloadable],
  data: {
    view: LOADING as ViewState,
    rows: [] as ManagedRow[],
    storeName: '',
  },
  methods: {
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const keeper = await keeperOrView();
      if ('view' in keeper) return this.setData({ view: keeper.view });
      const { grant } = keeper;
      const r = await manageItems();
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.setData({ view: READY, rows: r.data.items.map(managedRow), storeName: grant.orgName });
    },
    onItem(e: { currentTarget: { dataset: { id: string } } }) {
      wx.navigateTo({ url: `${ITEM_URL}?itemId=${e.currentTarget.dataset.id}` });
    },
    onAdd() {
      wx.navigateTo({ url: ITEM_URL });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
