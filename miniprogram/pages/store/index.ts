import { listItems, newRequestId, redeem } from '../../services/store';
import { ASK, askToSubscribe } from '../../services/subscribe';
import { selectTab } from '../../utils/tab-bar';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../utils/view-state';
import { itemCard, ORDERS_URL, type ItemCard } from './views';
import { reloadable } from '../../behaviors/reloadable';

/**
 * 积分超市 tab: the items the member may redeem, nearest store first, with their
 * redeemable balance. 兑换 asks for confirmation, then store.redeem with a request id made when
 * the dialog opened, so a double tap or a retry makes one order.
 */
Component({
  behaviors: [reloadable],
  data: {
    view: LOADING as ViewState,
    balance: 0,
    items: [] as ItemCard[],
    confirm: { visible: false, itemId: '', requestId: '', content: '' },
    busy: false,
  },
  methods: {
    onShow() {
      selectTab(this, 'store');
      void this.load();
    },
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const r = await listItems();
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.setData({ view: READY, balance: r.data.balance, items: r.data.items.map(itemCard) });
    },
    onRedeem(e: { currentTarget: { dataset: { id: string } } }) {
      const item = this.data.items.find((i) => i.itemId === e.currentTarget.dataset.id);
      if (!item || !item.canRedeem) return;
      this.setData({
        confirm: {
          visible: true,
          itemId: item.itemId,
          requestId: newRequestId(),
          content: `用 ${item.cost} 兑换积分兑换「${item.name}」？兑换后凭取货码到${item.storeName}领取。`,
        },
      });
    },
    onCancelConfirm() {
      this.setData({ 'confirm.visible': false });
    },
    async onConfirmRedeem() {
      const { itemId, requestId } = this.data.confirm;
      if (this.data.busy || !itemId) return;
      this.setData({ busy: true, 'confirm.visible': false });
      // asked inside the confirming tap (WeChat shows it only for a gesture): ready for pickup, expiring
      const subscribed = askToSubscribe(...ASK.redeem);
      const r = await redeem(itemId, requestId);
      await subscribed;
      this.setData({ busy: false });
      if (!r.ok) {
        wx.showToast({ title: r.message, icon: 'none' });
        return this.load();
      }
      wx.showToast({ title: '兑换成功', icon: 'success' });
      wx.navigateTo({ url: `${ORDERS_URL}?orderId=${r.data.order.orderId}` });
    },
    onOrders() {
      wx.navigateTo({ url: ORDERS_URL });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
