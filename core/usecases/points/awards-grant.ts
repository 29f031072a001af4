import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { CreditResult, awardsGrantInput } from '../../contracts/points';
import { awarderRoles } from '../../domain/points/claims';
import type { EntryDraft } from '../../domain/points/ledger';
import { ruleActive } from '../../domain/points/rule';
import type { MemberCtx } from '../../runtime/router';
import { authorize } from '../shared/authorize';
import { postAudited } from './post-entry';
import { authorizeAny } from './scope';
import { activeRule, creditResult, memberById } from './views';

/**
 * points.awards.grant: a secretary or org admin awards (or, under a negative rule, deducts)
 * points to a member in scope under an 'award' rule, with a reason; the entry is
 * `awd:<requestId>` so a retried request credits once (other content under the same id:
 * CONFLICT). Entry and audit in one transaction. orgAdmin-approved rules need an orgAdmin.
 */
export async function grantAward(ctx: MemberCtx, input: z.output<typeof awardsGrantInput>): Promise<Result<CreditResult>> {
  authorizeAny(ctx, ['secretary', 'orgAdmin']);
  const now = ctx.clock.now();
  const member = await memberById(input.memberId);
  const rule = await activeRule(input.ruleCode);
  if (rule.trigger !== 'award') return fail('INVALID_INPUT', '该积分项目不能直接奖励或扣减', 'ruleCode');
  if (!member.ancestors.includes(rule.scopeOrgId)) return fail('NOT_FOUND', '该积分项目不适用于该党员');
  if (!ruleActive(rule, now)) return fail('RULE_INACTIVE');
  const grant = authorize(ctx, awarderRoles(rule), member.ancestors);
  if (member._id === ctx.actor.memberId) return fail('SELF_APPROVAL', '不能给本人奖励或扣减积分');

  const awardId = input.requestId ?? randomUUID().replace(/-/g, '');
  const draft: EntryDraft = {
    key: `awd:${awardId}`,
    memberId: member._id,
    ancestors: member.ancestors,
    eval: rule.evalPoints,
    redeem: rule.redeemPoints,
    rule: { _id: rule._id, code: rule.code, version: rule.version, caps: rule.caps },
    source: { type: 'award', id: awardId },
    units: 1,
    actorId: ctx.actor.memberId,
    note: input.reason,
    at: now,
  };
  const { entry, duplicate } = await postAudited(ctx, draft, (e) => ({
    role: grant.role,
    action: 'points.awards.grant',
    targetType: 'member',
    targetId: member._id,
    ancestors: member.ancestors,
    before: null,
    after: { entryId: e._id, rule: rule._id, eval: e.eval, redeem: e.redeem },
    reason: input.reason,
  }));
  return ok(creditResult(entry, duplicate));
}
