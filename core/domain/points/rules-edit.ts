import type { ErrorCode } from '../../contracts/errors';
import type { RulesSaveInput } from '../../contracts/points';
import { ruleId, type RuleDoc } from './rule';

export type RuleEdit = { ok: true; doc: RuleDoc; supersede: { id: string; activeTo: Date | null } | null } | { ok: false; code: ErrorCode; field?: string };

/**
 * Saving a rule makes a new version (`CODE@n+1`) and marks the one it replaces superseded, so
 * entries keep the version they were earned under. `expectedVersion` is the version the editor
 * started from: anything else (a concurrent save) is CONFLICT. System rules are not editable.
 */
export function nextRuleVersion(input: RulesSaveInput, latest: RuleDoc | null, now: Date): RuleEdit {
  if (latest && latest.trigger === 'system') return { ok: false, code: 'FORBIDDEN' };
  if ((latest?.version ?? 0) !== input.expectedVersion) return { ok: false, code: 'CONFLICT' };
  const activeFrom = input.activeFrom ? new Date(input.activeFrom) : now;
  const activeTo = input.activeTo ? new Date(input.activeTo) : null;
  if (activeTo && activeTo.getTime() <= activeFrom.getTime()) return { ok: false, code: 'INVALID_INPUT', field: 'activeTo' };
  const version = input.expectedVersion + 1;
  const caps: RuleDoc['caps'] = {};
  for (const p of ['day', 'week', 'month', 'quarter', 'year'] as const) if (input.caps[p] !== undefined) caps[p] = input.caps[p];
  const doc: RuleDoc = {
    _id: ruleId(input.code, version),
    code: input.code,
    version,
    name: input.name,
    category: input.category,
    evalPoints: input.evalPoints,
    redeemPoints: input.redeemPoints,
    trigger: input.trigger,
    caps,
    evidence: input.evidence,
    approverRole: input.approverRole,
    description: input.description,
    scopeOrgId: input.scopeOrgId,
    status: input.status,
    activeFrom,
    activeTo,
    createdAt: now,
  };
  // the replaced version stops now (a future-dated new version leaves a gap until its activeFrom)
  const supersede = latest ? { id: latest._id, activeTo: latest.activeTo && latest.activeTo.getTime() < now.getTime() ? latest.activeTo : now } : null;
  return { ok: true, doc, supersede };
}
