import { randomUUID } from 'node:crypto';
import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { rolesFor } from '../../contracts/permissions';
import type { AwardsGrantInput, CreditResult } from '../../contracts/points';
import type { MemberDoc } from '../../domain/org/model';
import { awarderVariant } from '../../domain/points/claims';
import type { EntryDraft } from '../../domain/points/ledger';
import { ruleActive } from '../../domain/points/rule';
import type { MemberCtx } from '../../runtime/context';
import { coversTree } from '../../runtime/targets';
import { grantOn } from '../shared/authorize';
import { postAudited } from './post-entry';
import { activeRule } from './rules-cache';
import { creditResult } from './views';

/**
 * points.awards.grant: a secretary or admin awards (or, under a negative rule, deducts) points
 * to a member in scope under an 'award' rule, with a reason; the entry is `awd:<requestId>` so
 * a retried request credits once (other content under the same id: CONFLICT). orgAdmin-approved
 * rules need an admin.
 *
 * Requests: 7 — the caller (router), then one transaction: start, the member's balance, the
 * entry, the balance, the audit record, commit. The rule comes from the per-instance rule cache
 * (rules-cache.ts; +1 when it is cold). The member's scope is checked on the balance read in
 * the transaction: the balance carries the member's current ancestors (moved with the member),
 * so the member document is not read; only a member without a balance yet costs one more read.
 */
export async function grantAward(ctx: MemberCtx, input: AwardsGrantInput): Promise<Result<CreditResult>> {
  const now = ctx.clock.now();
  const rule = await activeRule(input.ruleCode);
  if (!rule.ok) return rule;
  const r = rule.data;
  if (r.trigger !== 'award') return fail('INVALID_INPUT', '该积分项目不能直接奖励或扣减', 'ruleCode');
  if (!ruleActive(r, now)) return fail('RULE_INACTIVE');
  if (input.memberId === ctx.actor.memberId) return fail('SELF_APPROVAL', '不能给本人奖励或扣减积分');

  const awardId = input.requestId ?? randomUUID().replace(/-/g, '');
  const draft: EntryDraft = {
    key: `awd:${awardId}`,
    memberId: input.memberId,
    ancestors: [],
    eval: r.evalPoints,
    redeem: r.redeemPoints,
    rule: { _id: r._id, code: r.code, version: r.version, caps: r.caps },
    source: { type: 'award', id: awardId },
    units: 1,
    actorId: ctx.actor.memberId,
    note: input.reason,
    at: now,
  };
  const posted = await postAudited(ctx, draft, {
    audit: (e, grant) => ({
      role: grant.role,
      action: 'points.awards.grant',
      targetType: 'member',
      targetId: e.memberId,
      ancestors: e.ancestors,
      before: null,
      after: { entryId: e._id, rule: r._id, eval: e.eval, redeem: e.redeem },
      reason: input.reason,
    }),
    check: async (tx, balance) => {
      // where the member is now: their balance, or (no balance yet) the member document
      const placed = balance ?? (await tx.get<MemberDoc>('members', input.memberId));
      if (!placed) return fail(coversTree(ctx.actor, rolesFor(ctx.permission)) ? 'NOT_FOUND' : 'FORBIDDEN', undefined, 'memberId');
      const grant = grantOn(ctx, placed.ancestors, awarderVariant(r));
      if (!grant) return fail('FORBIDDEN');
      if (!placed.ancestors.includes(r.scopeOrgId)) return fail('NOT_FOUND', '该积分项目不适用于该党员');
      return ok({ draft: { ...draft, ancestors: placed.ancestors }, grant });
    },
  });
  if (!posted.ok) return posted;
  return ok(creditResult(posted.data.entry, posted.data.duplicate));
}
