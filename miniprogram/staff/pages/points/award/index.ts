import type { MemberItem } from '../../../../../core/contracts/org';
import type { RuleView } from '../../../../../core/contracts/points';
import { listMembers } from '../../../../services/org';
import { grantAward, listRules, newRequestId } from '../../../../services/points';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { capsText, pointsText } from '../../../../pages/points/views';

type RuleOption = { code: string; name: string; points: string; caps: string; deduct: boolean };
type MemberOption = { id: string; name: string; where: string };

const option = (r: RuleView): RuleOption => ({ code: r.code, name: r.name, points: pointsText(r.evalPoints, r.redeemPoints), caps: capsText(r.caps), deduct: r.evalPoints < 0 || r.redeemPoints < 0 });
const memberOption = (m: MemberItem): MemberOption => ({ id: m.id, name: m.name, where: [m.branch.name, m.group?.name].filter(Boolean).join(' · ') });

/**
 * 奖励 / 扣减积分 (secretary, org admin): find a member in scope by name, pick an award rule
 * (每月之星, 通报批评…; the rule fixes the amounts), give the reason, confirm. One request id per
 * award: a retried tap credits once. Audited by the function.
 */
Component({
  data: {
    view: LOADING as ViewState,
    rules: [] as RuleOption[],
    rule: null as RuleOption | null,
    q: '',
    members: [] as MemberOption[],
    searched: false,
    member: null as MemberOption | null,
    reason: '',
    requestId: '',
    busy: false,
    error: '',
    confirm: { visible: false, content: '' },
  },
  methods: {
    onLoad() {
      this.setData({ requestId: newRequestId() });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const r = await listRules('award');
      if (!r.ok) return this.setData({ view: errorView(r) });
      if (!r.data.rules.length) return this.setData({ view: emptyView('暂无可用于奖励或扣减的积分项目，请联系组织管理员') });
      this.setData({ view: READY, rules: r.data.rules.map(option) });
    },
    onQuery(e: { detail: { value: string } }) {
      this.setData({ q: e.detail.value });
    },
    async onSearch() {
      const q = this.data.q.trim();
      if (!q) return this.setData({ error: '请输入党员姓名' });
      this.setData({ busy: true, error: '' });
      const r = await listMembers({ q, status: 'active', limit: 20 });
      this.setData({ busy: false, searched: true });
      if (!r.ok) return this.setData({ error: r.message });
      this.setData({ members: r.data.items.map(memberOption) });
    },
    onMember(e: { currentTarget: { dataset: { id: string } } }) {
      this.setData({ member: this.data.members.find((m) => m.id === e.currentTarget.dataset.id) ?? null, error: '' });
    },
    onRule(e: { currentTarget: { dataset: { code: string } } }) {
      this.setData({ rule: this.data.rules.find((r) => r.code === e.currentTarget.dataset.code) ?? null, error: '' });
    },
    onReason(e: { detail: { value: string } }) {
      this.setData({ reason: e.detail.value });
    },
    onSubmit() {
      const { member, rule } = this.data;
      if (!member) return this.setData({ error: '请先查找并选择党员' });
      if (!rule) return this.setData({ error: '请选择积分项目' });
      if (!this.data.reason.trim()) return this.setData({ error: '请填写原因（将记入审计记录）' });
      this.setData({ confirm: { visible: true, content: `${rule.deduct ? '扣减' : '奖励'} ${member.name}「${rule.name}」：${rule.points}` } });
    },
    onCancel() {
      this.setData({ 'confirm.visible': false });
    },
    async onConfirm() {
      const { member, rule } = this.data;
      if (!member || !rule || this.data.busy) return;
      this.setData({ busy: true, 'confirm.visible': false });
      const r = await grantAward({ memberId: member.id, ruleCode: rule.code, reason: this.data.reason.trim(), requestId: this.data.requestId });
      this.setData({ busy: false });
      if (!r.ok) return this.setData({ error: r.message });
      wx.showToast({ title: rule.deduct ? '已扣减' : '已奖励', icon: 'success' });
      // ready for the next one: a new request id
      this.setData({ member: null, rule: null, reason: '', requestId: newRequestId(), error: '' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
