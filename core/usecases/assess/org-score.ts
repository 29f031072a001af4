import { ok } from '../../contracts/app-error';
import type { OrgScoreInput, OrgScoreResult } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import { emptyTotals, type OrgBalanceDoc, type OrgEntry } from '../../domain/assess/org-ledger';
import type { MemberCtx } from '../../runtime/context';
import { targetOrg } from '../shared/authorize';
import { loadOrgRules } from './loaders';
import { entryView } from './views';

/**
 * assess.org.score: an org's quarter score, its four parts from the org balance and every entry
 * they sum (each with its rule version, what it was measured on or its evidence / document).
 * Requests: caller, org, balance, entries, rules = 5.
 */
export async function orgScore(ctx: MemberCtx, input: OrgScoreInput): Promise<Result<OrgScoreResult>> {
  const org = targetOrg(ctx);
  const [balance, entries, rules] = await Promise.all([
    db.get<OrgBalanceDoc>('orgBalances', org._id),
    db.find<OrgEntry>('orgLedger', { memberId: org._id, 'origin.quarter': input.quarter }, { orderBy: [['seq', 'asc']], limit: 1000 }),
    loadOrgRules(),
  ]);
  const t = balance?.quarters?.[input.quarter] ?? emptyTotals();
  const names = new Map(rules.map((r) => [r.code, r.name]));
  return ok({
    orgId: org._id,
    orgName: org.name,
    quarter: input.quarter,
    parts: { base: t.base, pioneer: t.pioneer, bonus: t.bonus, review: t.review },
    total: t.total,
    entries: entries.map((e) => entryView(e, names.get(e.ruleCode) ?? e.ruleCode)),
  });
}
