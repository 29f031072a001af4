import type { ClaimView } from '../../../../core/contracts/points';
import { approveClaim, approveClaims, listClaims, rejectClaim, reverseEntry } from '../../../services/points';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';
import { chinaMinute, claimBasics, type ClaimBasics } from '../../../pages/points/views';
import { reloadable } from '../../../behaviors/reloadable';
import { ASK, askToSubscribe } from '../../../services/subscribe';

/** Set once the approver was asked about 待审核提醒 (they may turn it on again from the banner's result). */
const ASKED_KEY = 'subscribe.reviewAsked';

type ReviewCard = ClaimBasics & {
  missingPhotos: number;
  byline: string;
  selected: boolean;
  error: string;
  /** An approved claim: its credit entry, which 撤销通过 reverses. */
  entryId: string;
  decided: string;
  undone: boolean;
};

/** Which list the page shows: the queue, or recent approvals (to undo a mistake). */
type Box = 'pending' | 'approved';

const PAGE = 20;
/** Why an approval is undone, most often; the text stays editable and is audited. */
const UNDO_REASONS = ['误点通过，应予驳回', '佐证不符，核实后撤销', '重复申报'];
/** Reasons a secretary picks most; the text stays editable. */
const QUICK_REASONS = ['佐证照片不清楚，请补充', '与实际情况不符', '不属于该积分项目，请重新选择', '已达到该积分项目的周期上限'];

function reviewCard(c: ClaimView): ReviewCard {
  return {
    ...claimBasics(c),
    missingPhotos: c.photoUrls.filter((u) => !u).length,
    byline: c.onBehalf ? `网格长${c.reporterName}代报` : '',
    selected: false,
    error: '',
    entryId: c.entryId ?? '',
    decided: c.decidedAt ? `${c.deciderName ? `${c.deciderName} ` : ''}通过于 ${chinaMinute(c.decidedAt)}` : '',
    undone: false,
  };
}

/**
 * 待审核申报 (secretary / org admin): pending claims of members in scope, oldest first, with photo
 * previews (temp URLs from the function). Approve one, select several and approve them in one
 * batch (each reported on its own), or reject with a reason. A claim over its cap is offered
 * for rejection with that reason.
 */
Component({
  behaviors: [reloadable],
  data: {
    view: LOADING as ViewState,
    cards: [] as ReviewCard[],
    nextOffset: null as number | null,
    selectedCount: 0,
    busy: false,
    summary: '',
    reject: { visible: false, claimId: '', memberName: '', reason: '', error: '' },
    quickReasons: QUICK_REASONS,
    box: 'pending' as Box,
    askNotice: false,
    undo: { visible: false, claimId: '', title: '', reason: '', error: '' },
    undoReasons: UNDO_REASONS,
  },
  methods: {
    onLoad() {
      // the first time the queue opens: offer a WeChat message when a new claim waits (asked on a tap, as WeChat requires)
      this.setData({ askNotice: wx.getStorageSync(ASKED_KEY) !== true });
    },
    async onAskNotice() {
      wx.setStorageSync(ASKED_KEY, true);
      this.setData({ askNotice: false });
      const answer = await askToSubscribe(...ASK.review);
      wx.showToast({ title: Object.values(answer).includes('accept') ? '有新申报时会通过微信通知您' : '未开启通知', icon: 'none' });
    },
    onSkipNotice() {
      wx.setStorageSync(ASKED_KEY, true);
      this.setData({ askNotice: false });
    },
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const approved = this.data.box === 'approved';
      const r = await listClaims(approved ? { box: 'review', status: 'approved', limit: PAGE } : { box: 'review', limit: PAGE });
      if (!r.ok) return this.setData({ view: errorView(r) });
      const cards = r.data.items.map(reviewCard);
      const none = approved ? '最近没有通过的申报。' : '暂无待审核的积分申报。党员提交申报后会显示在这里。';
      this.setData({
        view: cards.length ? READY : emptyView(none, '刷新', 'retry'),
        cards,
        nextOffset: r.data.nextOffset,
        selectedCount: 0,
      });
    },
    async onMore() {
      if (this.data.nextOffset === null || this.data.busy) return;
      this.setData({ busy: true });
      const status = this.data.box === 'approved' ? ({ status: 'approved' } as const) : {};
      const r = await listClaims({ box: 'review', ...status, offset: this.data.nextOffset, limit: PAGE });
      this.setData({ busy: false });
      if (!r.ok) return wx.showToast({ title: r.message, icon: 'none' });
      const known = new Set(this.data.cards.map((c) => c.id));
      this.setData({ cards: [...this.data.cards, ...r.data.items.filter((c) => !known.has(c.id)).map(reviewCard)], nextOffset: r.data.nextOffset });
    },
    onToggle(e: { currentTarget: { dataset: { id: string } } }) {
      if (this.data.box !== 'pending') return;
      const cards = this.data.cards.map((c) => (c.id === e.currentTarget.dataset.id ? { ...c, selected: !c.selected } : c));
      this.setData({ cards, selectedCount: cards.filter((c) => c.selected).length });
    },
    onSelectAll() {
      const all = this.data.cards.length > 0 && this.data.selectedCount < Math.min(this.data.cards.length, 100);
      let n = 0;
      const cards = this.data.cards.map((c) => ({ ...c, selected: all && n++ < 100 }));
      this.setData({ cards, selectedCount: cards.filter((c) => c.selected).length });
    },
    onPreview(e: { currentTarget: { dataset: { id: string; index: number } } }) {
      const card = this.data.cards.find((c) => c.id === e.currentTarget.dataset.id);
      if (card) wx.previewImage({ urls: card.photos, current: card.photos[Number(e.currentTarget.dataset.index)] });
    },
    /** Drops decided cards and recounts the selection. */
    removeCards(ids: string[]) {
      const gone = new Set(ids);
      const cards = this.data.cards.filter((c) => !gone.has(c.id));
      this.setData({ cards, selectedCount: cards.filter((c) => c.selected).length });
      if (!cards.length) void this.load();
    },
    markError(id: string, error: string) {
      this.setData({ cards: this.data.cards.map((c) => (c.id === id ? { ...c, error } : c)) });
    },
    async onApprove(e: { currentTarget: { dataset: { id: string } } }) {
      const id = e.currentTarget.dataset.id;
      if (this.data.busy) return;
      this.setData({ busy: true, summary: '' });
      const r = await approveClaim(id);
      this.setData({ busy: false });
      if (r.ok) {
        wx.showToast({ title: '已通过', icon: 'success' });
        return this.removeCards([id]);
      }
      if (r.code === 'CLAIM_NOT_PENDING') {
        wx.showToast({ title: r.message, icon: 'none' });
        return this.removeCards([id]);
      }
      this.markError(id, r.message);
      if (r.code === 'CAP_EXCEEDED') this.openReject(id, QUICK_REASONS[3]);
    },
    async onApproveSelected() {
      const ids = this.data.cards
        .filter((c) => c.selected)
        .map((c) => c.id)
        .slice(0, 100);
      if (!ids.length || this.data.busy) return;
      this.setData({ busy: true, summary: '' });
      const r = await approveClaims(ids);
      this.setData({ busy: false });
      if (!r.ok) return wx.showToast({ title: r.message, icon: 'none' });
      const done = r.data.results.filter((x) => x.ok || x.code === 'CLAIM_NOT_PENDING').map((x) => x.claimId);
      for (const x of r.data.results) if (!x.ok && x.code !== 'CLAIM_NOT_PENDING') this.markError(x.claimId, x.message);
      this.setData({ summary: r.data.failed ? `已通过 ${r.data.approved} 条，${r.data.failed} 条未通过（原因见各条申报）` : `已通过 ${r.data.approved} 条` });
      this.removeCards(done);
    },
    onReject(e: { currentTarget: { dataset: { id: string } } }) {
      this.openReject(e.currentTarget.dataset.id, '');
    },
    openReject(claimId: string, reason: string) {
      const card = this.data.cards.find((c) => c.id === claimId);
      this.setData({ reject: { visible: true, claimId, memberName: card?.memberName ?? '', reason, error: '' } });
    },
    onReason(e: { detail: { value: string } }) {
      this.setData({ 'reject.reason': e.detail.value, 'reject.error': '' });
    },
    onQuickReason(e: { currentTarget: { dataset: { reason: string } } }) {
      this.setData({ 'reject.reason': e.currentTarget.dataset.reason, 'reject.error': '' });
    },
    onCancelReject() {
      this.setData({ 'reject.visible': false });
    },
    async onConfirmReject() {
      const { claimId, reason } = this.data.reject;
      if (!reason.trim()) return this.setData({ 'reject.error': '请填写驳回原因，党员会看到它' });
      if (this.data.busy) return;
      this.setData({ busy: true });
      const r = await rejectClaim(claimId, reason.trim());
      this.setData({ busy: false });
      if (!r.ok && r.code !== 'CLAIM_NOT_PENDING') return this.setData({ 'reject.error': r.message });
      this.setData({ 'reject.visible': false });
      wx.showToast({ title: r.ok ? '已驳回' : r.message, icon: r.ok ? 'success' : 'none' });
      this.removeCards([claimId]);
    },
    onBox(e: { currentTarget: { dataset: { box: Box } } }) {
      const box = e.currentTarget.dataset.box;
      if (box === this.data.box) return;
      this.setData({ box, cards: [], view: LOADING, summary: '' });
      void this.load();
    },
    /** 撤销通过: a mistaken approval is undone by reversing its credit (points.ledger.reverse), with a reason, audited. */
    onUndo(e: { currentTarget: { dataset: { id: string } } }) {
      const card = this.data.cards.find((c) => c.id === e.currentTarget.dataset.id);
      if (card) this.setData({ undo: { visible: true, claimId: card.id, title: `撤销 ${card.memberName} 的「${card.ruleName}」`, reason: '', error: '' } });
    },
    onUndoReason(e: { detail: { value: string } }) {
      this.setData({ 'undo.reason': e.detail.value, 'undo.error': '' });
    },
    onUndoQuick(e: { currentTarget: { dataset: { reason: string } } }) {
      this.setData({ 'undo.reason': e.currentTarget.dataset.reason, 'undo.error': '' });
    },
    onUndoClose() {
      this.setData({ 'undo.visible': false });
    },
    async onUndoConfirm() {
      const { claimId, reason } = this.data.undo;
      const card = this.data.cards.find((c) => c.id === claimId);
      if (!card) return;
      if (!reason.trim()) return this.setData({ 'undo.error': '请填写撤销原因，会记入审计并告知党员' });
      if (this.data.busy) return;
      this.setData({ busy: true });
      const r = await reverseEntry(card.entryId, reason.trim());
      this.setData({ busy: false });
      if (!r.ok) return this.setData({ 'undo.error': r.message });
      this.setData({ 'undo.visible': false, cards: this.data.cards.map((c) => (c.id === claimId ? { ...c, undone: true } : c)) });
      wx.showToast({ title: '已撤销，积分已冲正', icon: 'none' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
