import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { CreditResult, LedgerReverseInput } from '../../contracts/points';
import { db } from '../../db/db';
import { reversalDraft, type LedgerEntry } from '../../domain/points/ledger';
import type { MemberCtx } from '../../runtime/context';
import { grantOn } from '../shared/authorize';
import { postAudited } from './post-entry';
import { creditResult } from './views';

/**
 * points.ledger.reverse: undoes one entry exactly (`rev:<entryId>`: amounts negated, cap uses
 * given back, same rule version) with a reason, audited. A secretary or admin of the member's
 * org as it is NOW (checked on the member's balance in the transaction: a member who moved is
 * corrected by their new branch); an expiry only by the county; store orders are undone by
 * cancelling the order, and a reversal is never reversed. A reversal that would make the
 * redeemable balance negative (points already spent) is refused with INSUFFICIENT_POINTS.
 * Requests: 8 — the caller, the entry, then start, balance, reversal, balance, audit, commit
 * (a refusal: start, balance, abort).
 */
export async function reverseEntry(ctx: MemberCtx, input: LedgerReverseInput): Promise<Result<CreditResult>> {
  const original = await db.get<LedgerEntry>('ledger', input.entryId);
  if (!original) return fail('NOT_FOUND');
  const variant = original.source.type === 'expiry' ? 'expiry' : undefined;

  const draft = reversalDraft(
    original,
    { _id: original.ruleId, code: original.ruleCode, version: original.ruleVersion, caps: {} },
    { actorId: ctx.actor.memberId, note: input.reason, at: ctx.clock.now() },
  );
  const posted = await postAudited(ctx, draft, {
    audit: (e, grant) => ({
      role: grant.role,
      action: 'points.ledger.reverse',
      targetType: 'ledger',
      targetId: original._id,
      ancestors: e.ancestors,
      before: { eval: original.eval, redeem: original.redeem },
      after: { entryId: e._id, eval: e.eval, redeem: e.redeem },
      reason: input.reason,
    }),
    check: async (_tx, balance) => {
      // scope first, on the member's current place (an entry's ancestors are where it was earned)
      const ancestors = balance?.ancestors ?? original.ancestors;
      const grant = grantOn(ctx, ancestors, variant);
      if (!grant) return fail('FORBIDDEN');
      if (original.reversalOf || original.source.type === 'reversal') return fail('INVALID_INPUT', '冲正记录不能再次冲正', 'entryId');
      if (original.source.type === 'order' || original.source.type === 'refund') return fail('INVALID_INPUT', '兑换订单的积分请通过取消订单退回', 'entryId');
      if (original.memberId === ctx.actor.memberId) return fail('SELF_APPROVAL', '不能冲正本人的积分记录');
      return ok({ draft: { ...draft, ancestors }, grant });
    },
  });
  if (!posted.ok) return posted;
  return ok(creditResult(posted.data.entry, posted.data.duplicate));
}
