import { cancelOrder, myOrders } from '../../../services/store';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';
import { orderCard, type OrderCard } from '../views';
import { reloadable } from '../../../behaviors/reloadable';

/**
 * 我的兑换订单: the member's orders, newest first. A pending order shows its pickup QR (TDesign
 * t-qrcode, drawn on the phone's canvas, as the invite page does) and the code in large letters
 * for the keeper to scan or type, when to collect it by, and 取消兑换 (refunds the points).
 */
Component({
  behaviors: [reloadable],
  data: {
    view: LOADING as ViewState,
    orders: [] as OrderCard[],
    highlight: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ highlight: query.orderId ?? '' });
    },
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const r = await myOrders();
      if (!r.ok) return this.setData({ view: errorView(r) });
      if (!r.data.orders.length) return this.setData({ view: emptyView('还没有兑换订单，去积分超市看看吧', '去兑换', 'retry'), orders: [] });
      this.setData({ view: READY, orders: r.data.orders.map(orderCard) });
    },
    onCancel(e: { currentTarget: { dataset: { id: string } } }) {
      const order = this.data.orders.find((o) => o.orderId === e.currentTarget.dataset.id);
      if (!order || !order.canCancel || this.data.busy) return;
      wx.showModal({
        title: '取消兑换',
        content: `取消「${order.itemName}」的兑换？${order.cost} 积分将退回。`,
        confirmText: '确认取消',
        cancelText: '不取消',
        success: (res) => {
          if (res.confirm) void this.doCancel(order.orderId);
        },
      });
    },
    async doCancel(orderId: string) {
      this.setData({ busy: true });
      const r = await cancelOrder(orderId);
      this.setData({ busy: false });
      wx.showToast({ title: r.ok ? `已取消，退回 ${r.data.refunded} 积分` : r.message, icon: 'none' });
      await this.load();
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else if (this.data.view.status === 'empty') wx.switchTab({ url: '/pages/store/index' });
      else void this.load();
    },
  },
});
