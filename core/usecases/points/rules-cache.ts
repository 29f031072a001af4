import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import type { RuleDoc } from '../../domain/points/rule';

/**
 * The active version of each rule code, kept per function instance for RULE_CACHE_MS, so an
 * award or a claim does not read the catalog each time.
 *
 * Invalidation rule. A rule changes only through points.rules.save, which writes version n+1
 * and closes version n in one transaction; nothing else writes `rules`. The instance that saves
 * drops the code at once (`forgetRule`); any other instance keeps serving version n for at most
 * RULE_CACHE_MS after it read it, so a saved rule takes effect everywhere within that time (the
 * same delay as a staff member's award page, which shows the rule as it was when it was opened).
 * Only active versions are kept: a code found disabled or unknown is read again next time, so a
 * rule switched back on works at once.
 */
export const RULE_CACHE_MS = 30_000;

const cache = new Map<string, { rule: RuleDoc; until: number }>();

/** The active version of a rule code (only the latest version of a code can be active). */
export async function activeRule(code: string): Promise<Result<RuleDoc>> {
  const hit = cache.get(code);
  if (hit && Date.now() < hit.until) return ok(hit.rule);
  const [r] = await db.find<RuleDoc>('rules', { code, status: 'active' }, { limit: 1 });
  if (!r) {
    cache.delete(code);
    // a disabled or unknown code: tell the two apart for the member
    return fail((await db.count('rules', { code })) ? 'RULE_INACTIVE' : 'NOT_FOUND');
  }
  cache.set(code, { rule: r, until: Date.now() + RULE_CACHE_MS });
  return ok(r);
}

/** Called by rules.save once its transaction has committed. */
export function forgetRule(code: string): void {
  cache.delete(code);
}
