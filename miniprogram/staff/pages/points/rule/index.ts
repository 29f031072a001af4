import type { RuleApproverRole, RulesSaveInput } from '../../../../../core/contracts/points';
import { listRules, saveRule } from '../../../../services/points';
import { loadMe } from '../../../../services/session';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { CATEGORY_LABELS, TRIGGER_LABELS } from '../../../../pages/points/views';
import { blankForm, formOf, toInput, type RuleForm } from './form';
import { grantsFor } from '../../../../utils/permissions';
import { RULE_APPROVER_ROLES, RULE_CATEGORIES } from '../../../../generated/contracts';
import { ROLE_LABELS } from '../../../../utils/labels';

type Choice = { value: string; label: string };
const choices = (labels: Record<string, string>, keys: string[]): Choice[] => keys.map((value) => ({ value, label: labels[value] }));

const CATEGORIES = choices(CATEGORY_LABELS, [...RULE_CATEGORIES]);
const TRIGGERS = choices(TRIGGER_LABELS, ['claim', 'grid-report', 'award', 'qr-checkin']);
/** The roles a rule may name as approver; the role and those above it decide (generated from core). */
/** Who may decide, beside the role a rule names: those above it. */
const ALSO: Partial<Record<RuleApproverRole, string>> = { gridLeader: '书记也可', orgAdmin: '组织部也可' };
const APPROVERS: Choice[] = RULE_APPROVER_ROLES.map((value) => ({ value, label: ALSO[value] ? `${ROLE_LABELS[value]}（${ALSO[value]}）` : ROLE_LABELS[value] }));
const CAP_FIELDS: Choice[] = [
  { value: 'day', label: '每天最多' },
  { value: 'week', label: '每周最多' },
  { value: 'month', label: '每月最多' },
  { value: 'quarter', label: '每季度最多' },
  { value: 'year', label: '每年最多' },
];

/**
 * 编辑积分规则 (org admin): ?code= edits the rule's current version, without it a new rule.
 * Saving writes a new version (rules.save with the version the form started from: if someone
 * saved meanwhile, CONFLICT asks to reload); points already credited keep their version.
 */
Component({
  data: {
    view: LOADING as ViewState,
    isNew: true,
    version: 0,
    form: blankForm('') as RuleForm,
    scopes: [] as Choice[],
    categories: CATEGORIES,
    triggers: TRIGGERS,
    approvers: APPROVERS,
    capFields: CAP_FIELDS,
    busy: false,
    error: '',
    code: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ code: query.code ?? '', isNew: !query.code });
      if (query.code) wx.setNavigationBarTitle({ title: '修改积分规则' });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      // a rule is county-wide or a town's own: the orgs the admin administers
      const scopes = grantsFor(me.data.roles, 'points.rules.save').map((r) => ({ value: r.orgId, label: r.orgName }));
      if (!scopes.length) return this.setData({ view: emptyView('只有组织管理员可以维护积分规则') });
      if (!this.data.code) return this.setData({ view: READY, scopes, form: blankForm(scopes[0].value), version: 0 });
      const r = await listRules('manage');
      if (!r.ok) return this.setData({ view: errorView(r) });
      const current = r.data.rules.filter((x) => x.code === this.data.code).sort((a, b) => b.version - a.version)[0];
      if (!current || !current.editable) return this.setData({ view: emptyView('该规则不存在或不能在此修改') });
      const inScope = scopes.some((s) => s.value === current.scopeOrgId) ? scopes : [{ value: current.scopeOrgId, label: current.scopeOrgId }, ...scopes];
      this.setData({ view: READY, scopes: inScope, form: formOf(current), version: current.version });
    },
    onField(e: { currentTarget: { dataset: { field: keyof RuleForm } }; detail: { value: string } }) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.value, error: '' });
    },
    onPick(e: { currentTarget: { dataset: { field: keyof RuleForm; value: string } } }) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.currentTarget.dataset.value, error: '' });
    },
    async onSave() {
      if (this.data.busy) return;
      const built = toInput(this.data.form, this.data.version);
      if (!built.ok) return this.setData({ error: built.error });
      this.setData({ busy: true, error: '' });
      const r = await saveRule(built.input as RulesSaveInput);
      this.setData({ busy: false });
      if (!r.ok) return this.setData({ error: r.code === 'CONFLICT' ? '该规则已被修改或编码已存在，请返回刷新后再改' : r.message });
      wx.showToast({ title: `已保存为第 ${r.data.version} 版`, icon: 'success' });
      wx.navigateBack({ delta: 1 });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else if (this.data.view.status === 'empty') wx.navigateBack({ delta: 1 });
      else void this.load();
    },
  },
});
