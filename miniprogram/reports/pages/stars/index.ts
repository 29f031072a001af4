import type { RankRowView, StarsView } from '../../../../core/contracts/reports';
import { reloadable } from '../../../behaviors/reloadable';
import { loadMe } from '../../../services/session';
import { confirmStars, getRank, listStars, starsHistory } from '../../../services/reports';
import { can } from '../../../utils/permissions';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

type Choice = RankRowView & { picked: boolean };

/**
 * 每月之星: the branch's wall of published stars, month by month. The branch's secretary also
 * sees last month's proposal (the branch's best by points) and confirms it, or picks other
 * members of the branch with a reason; the town publishes.
 */
Component({
  behaviors: [reloadable],
  data: {
    view: LOADING as ViewState,
    months: [] as StarsView[],
    secretary: false,
    branchId: '',
    pending: null as StarsView | null,
    picking: false,
    choices: [] as Choice[],
    reason: '',
    busy: false,
  },
  methods: {
    async load() {
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const branchId = me.data.branch.id;
      const secretary = can(me.data.roles, 'reports.stars.confirm');
      const [history, pending] = await Promise.all([starsHistory(branchId), secretary ? listStars({ branchId }) : Promise.resolve(null)]);
      if (!history.ok) return this.setData({ view: errorView(history) });
      this.setData({
        view: READY,
        branchId,
        secretary,
        months: history.data.months,
        pending: pending && pending.ok && pending.data.stars && pending.data.stars.status !== 'published' ? pending.data.stars : null,
      });
    },
    async onConfirm() {
      const p = this.data.pending;
      if (!p || this.data.busy) return;
      await this.submit(p.proposed.map((x) => x.memberId));
    },
    async onPickOther() {
      const p = this.data.pending;
      if (!p) return;
      const r = await getRank({ level: 'branch', period: 'month', key: `month:${p.month}`, limit: 100 });
      if (!r.ok) return wx.showToast({ title: r.message, icon: 'none' });
      this.setData({ picking: true, choices: r.data.rows.map((x) => ({ ...x, picked: p.picks.some((s) => s.memberId === x.memberId) })) });
    },
    onToggle(e: { currentTarget: { dataset: { id: string } } }) {
      this.setData({ choices: this.data.choices.map((c) => (c.memberId === e.currentTarget.dataset.id ? { ...c, picked: !c.picked } : c)) });
    },
    onReason(e: { detail: { value: string } }) {
      this.setData({ reason: e.detail.value });
    },
    async onSubmitPick() {
      const ids = this.data.choices.filter((c) => c.picked).map((c) => c.memberId);
      if (!ids.length) return wx.showToast({ title: '请至少选择一名党员', icon: 'none' });
      if (!this.data.reason.trim()) return wx.showToast({ title: '改选需填写理由', icon: 'none' });
      await this.submit(ids, this.data.reason.trim());
    },
    async submit(memberIds: string[], reason?: string) {
      const p = this.data.pending!;
      this.setData({ busy: true });
      const r = await confirmStars({ branchId: this.data.branchId, month: p.month, memberIds, ...(reason ? { reason } : {}) });
      this.setData({ busy: false });
      if (!r.ok) return wx.showToast({ title: r.message, icon: 'none' });
      wx.showToast({ title: '已确认，待镇街发布', icon: 'none' });
      this.setData({ pending: r.data.stars, picking: false, reason: '' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
