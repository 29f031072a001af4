import type { RuleApproverRole, RulesSaveInput, RuleView } from '../../../../../core/contracts/points';
import { RULE_APPROVER_ROLES } from '../../../../generated/contracts';

/** The rule editor's form: strings as typed, turned into rules.save's input (or what is wrong). */
export type RuleForm = {
  code: string;
  name: string;
  category: RulesSaveInput['category'];
  evalPoints: string;
  redeemPoints: string;
  trigger: RulesSaveInput['trigger'];
  day: string;
  week: string;
  month: string;
  quarter: string;
  year: string;
  evidence: RulesSaveInput['evidence'];
  approverRole: RulesSaveInput['approverRole'];
  description: string;
  scopeOrgId: string;
  status: RulesSaveInput['status'];
};

const PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
/** A new rule's claims go to the branch secretary (a rule's field, not a permission). */
const DEFAULT_APPROVER: RuleApproverRole = 'secretary';
const isApprover = (r: string): r is RuleApproverRole => (RULE_APPROVER_ROLES as readonly string[]).includes(r);

export function blankForm(scopeOrgId: string): RuleForm {
  return {
    code: '',
    name: '',
    category: 'volunteer',
    evalPoints: '',
    redeemPoints: '0',
    trigger: 'claim',
    day: '',
    week: '',
    month: '',
    quarter: '',
    year: '',
    evidence: 'photo',
    approverRole: DEFAULT_APPROVER,
    description: '',
    scopeOrgId,
    status: 'active',
  };
}

export function formOf(r: RuleView): RuleForm {
  const cap = (p: (typeof PERIODS)[number]) => (r.caps[p] === undefined ? '' : String(r.caps[p]));
  return {
    code: r.code,
    name: r.name,
    category: r.category,
    evalPoints: String(r.evalPoints),
    redeemPoints: String(r.redeemPoints),
    trigger: r.trigger === 'system' ? 'award' : r.trigger,
    day: cap('day'),
    week: cap('week'),
    month: cap('month'),
    quarter: cap('quarter'),
    year: cap('year'),
    evidence: r.evidence,
    approverRole: isApprover(r.approverRole) ? r.approverRole : DEFAULT_APPROVER,
    description: r.description,
    scopeOrgId: r.scopeOrgId,
    status: r.status === 'disabled' ? 'disabled' : 'active',
  };
}

const int = (s: string): number | null => (/^-?\d{1,4}$/.test(s.trim()) ? Number(s.trim()) : null);

/** rules.save's input, or the first problem in zh-CN. */
export function toInput(f: RuleForm, expectedVersion: number): { ok: true; input: RulesSaveInput } | { ok: false; error: string } {
  const code = f.code.trim().toUpperCase();
  if (!/^[A-Z][A-Z0-9_]{1,39}$/.test(code)) return { ok: false, error: '规则编码：大写字母开头，只含大写字母、数字和下划线（2–40 位）' };
  if (!f.name.trim()) return { ok: false, error: '请填写规则名称' };
  const evalPoints = int(f.evalPoints);
  const redeemPoints = int(f.redeemPoints || '0');
  if (evalPoints === null || Math.abs(evalPoints) > 1000) return { ok: false, error: '评价积分：填写 -1000 到 1000 的整数（扣分填负数）' };
  if (redeemPoints === null || Math.abs(redeemPoints) > 1000) return { ok: false, error: '兑换积分：填写 -1000 到 1000 的整数' };
  const caps: RulesSaveInput['caps'] = {};
  for (const p of PERIODS) {
    const v = f[p].trim();
    if (!v) continue;
    const n = int(v);
    if (n === null || n < 1 || n > 1000) return { ok: false, error: '次数上限：填写 1 到 1000 的整数，不限请留空' };
    caps[p] = n;
  }
  return {
    ok: true,
    input: {
      code,
      expectedVersion,
      name: f.name.trim(),
      category: f.category,
      evalPoints,
      redeemPoints,
      trigger: f.trigger,
      caps,
      evidence: f.evidence,
      approverRole: f.approverRole,
      description: f.description.trim(),
      scopeOrgId: f.scopeOrgId,
      status: f.status,
    },
  };
}
