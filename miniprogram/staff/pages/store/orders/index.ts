import type { PendingOrderView } from '../../../../../core/contracts/store';
import { reloadable } from '../../../../behaviors/reloadable';
import { cancelOrder, pendingOrders } from '../../../../services/store';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';

type Row = { orderId: string; memberName: string; itemName: string; storeName: string; cost: number; placed: string; expires: string };

const md = (iso: string) => {
  // China time, whatever the phone's zone: the store opens on China days
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};

const row = (o: PendingOrderView): Row => ({
  orderId: o.orderId,
  memberName: o.memberName,
  itemName: o.itemName,
  storeName: o.storeName,
  cost: o.cost,
  placed: md(o.createdAt),
  expires: md(o.expiresAt),
});

/** Reasons a keeper gives most; the text stays editable. The member sees it. */
const QUICK_REASONS = ['商品已售罄，积分已退回', '党员本人要求取消', '商品质量问题，暂停发放'];

/**
 * 待发放兑换 (store keeper / admin): the orders members placed that wait to be handed out,
 * oldest first (store.orders.pending). Hand one out by scanning the member's pickup code (核销),
 * or cancel it for the member with a reason (store.orders.cancel, refunded, audited).
 */
Component({
  behaviors: [reloadable],
  data: {
    view: LOADING as ViewState,
    rows: [] as Row[],
    cancel: { visible: false, orderId: '', title: '', reason: '', error: '' },
    quickReasons: QUICK_REASONS,
    busy: false,
  },
  methods: {
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const r = await pendingOrders();
      if (!r.ok) return this.setData({ view: errorView(r) });
      const rows = r.data.orders.map(row);
      this.setData({ rows, view: rows.length ? READY : emptyView('没有待发放的兑换。党员兑换后会出现在这里。', '刷新', 'retry') });
    },
    onFulfil() {
      wx.navigateTo({ url: '/staff/pages/store/fulfil/index' });
    },
    onCancel(e: { currentTarget: { dataset: { id: string } } }) {
      const r = this.data.rows.find((x) => x.orderId === e.currentTarget.dataset.id);
      if (r) this.setData({ cancel: { visible: true, orderId: r.orderId, title: `取消 ${r.memberName} 的「${r.itemName}」`, reason: '', error: '' } });
    },
    onQuickReason(e: { currentTarget: { dataset: { reason: string } } }) {
      this.setData({ 'cancel.reason': e.currentTarget.dataset.reason, 'cancel.error': '' });
    },
    onReason(e: { detail: { value: string } }) {
      this.setData({ 'cancel.reason': e.detail.value, 'cancel.error': '' });
    },
    onCancelClose() {
      this.setData({ 'cancel.visible': false });
    },
    async onCancelConfirm() {
      const { orderId, reason } = this.data.cancel;
      if (!reason.trim()) return this.setData({ 'cancel.error': '请填写取消原因，党员会看到它' });
      if (this.data.busy) return;
      this.setData({ busy: true });
      const r = await cancelOrder(orderId, reason.trim());
      this.setData({ busy: false });
      if (!r.ok && r.code !== 'ORDER_NOT_CANCELLABLE') return this.setData({ 'cancel.error': r.message });
      this.setData({ 'cancel.visible': false });
      wx.showToast({ title: r.ok ? `已取消，退回 ${r.data.refunded} 积分` : r.message, icon: 'none' });
      void this.load();
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
