import type { z } from 'zod';
import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { CreditResult, ledgerReverseInput } from '../../contracts/points';
import type { Role } from '../../contracts/roles';
import { db } from '../../db/db';
import { reversalDraft, type LedgerEntry } from '../../domain/points/ledger';
import type { MemberCtx } from '../../runtime/router';
import { authorize } from '../shared/authorize';
import { postAudited } from './post-entry';
import { authorizeAny } from './scope';
import { creditResult } from './views';

/**
 * points.ledger.reverse: undoes one entry exactly (`rev:<entryId>`: amounts negated, cap uses
 * given back, same rule version) with a reason, audited. Secretary or org admin of the
 * member's org; an expiry only by an org admin; store orders are undone by cancelling the
 * order, and a reversal is never reversed. A reversal that would make the redeemable balance
 * negative (points already spent) is refused with INSUFFICIENT_POINTS.
 */
export async function reverseEntry(ctx: MemberCtx, input: z.output<typeof ledgerReverseInput>): Promise<Result<CreditResult>> {
  authorizeAny(ctx, ['secretary', 'orgAdmin']);
  const original = await db.get<LedgerEntry>('ledger', input.entryId);
  if (!original) return fail('NOT_FOUND');
  if (original.reversalOf || original.source.type === 'reversal') return fail('INVALID_INPUT', '冲正记录不能再次冲正', 'entryId');
  if (original.source.type === 'order' || original.source.type === 'refund') return fail('INVALID_INPUT', '兑换订单的积分请通过取消订单退回', 'entryId');
  const roles: Role[] = original.source.type === 'expiry' ? ['orgAdmin'] : ['secretary', 'orgAdmin'];
  const grant = authorize(ctx, roles, original.ancestors);
  if (original.memberId === ctx.actor.memberId) throw new AppError('SELF_APPROVAL', '不能冲正本人的积分记录');

  const draft = reversalDraft(
    original,
    { _id: original.ruleId, code: original.ruleCode, version: original.ruleVersion, caps: {} },
    { actorId: ctx.actor.memberId, note: input.reason, at: ctx.clock.now() },
  );
  const { entry, duplicate } = await postAudited(ctx, draft, (e) => ({
    role: grant.role,
    action: 'points.ledger.reverse',
    targetType: 'ledger',
    targetId: original._id,
    ancestors: original.ancestors,
    before: { eval: original.eval, redeem: original.redeem },
    after: { entryId: e._id, eval: e.eval, redeem: e.redeem },
    reason: input.reason,
  }));
  return ok(creditResult(entry, duplicate));
}
