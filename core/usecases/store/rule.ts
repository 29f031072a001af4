import { db } from '../../db/db';
import { ruleActive, type RuleDoc, type RuleRef } from '../../domain/points/rule';

export const STORE_RULE_CODE = 'STORE_REDEMPTION';

/**
 * The STORE_REDEMPTION rule version that applies to a member now: active, in force at `at`,
 * scoped to one of the member's orgs (the most specific scope wins, then the newest version).
 * Read on every redemption (one indexed query), never cached: a rule change holds at once.
 * Null when none applies (the caller refuses with RULE_INACTIVE).
 */
export async function storeRule(memberAncestors: readonly string[], at: Date): Promise<RuleRef | null> {
  const rules = await db.find<RuleDoc>('rules', { code: STORE_RULE_CODE, status: 'active' }, { limit: 100 });
  const usable = rules
    .filter((r) => ruleActive(r, at) && memberAncestors.includes(r.scopeOrgId))
    .sort((a, b) => memberAncestors.indexOf(b.scopeOrgId) - memberAncestors.indexOf(a.scopeOrgId) || b.version - a.version);
  const r = usable[0];
  return r ? { _id: r._id, code: r.code, version: r.version, caps: r.caps } : null;
}
