import { AppError, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ClaimDecisionResult, ClaimsWithdrawInput } from '../../contracts/points';
import { db } from '../../db/db';
import { checkWithdrawal, type ClaimDoc } from '../../domain/points/claims';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { iso } from '../../domain/time';
import { grantOn } from '../shared/authorize';
/** points.claims.withdraw: the member (or the grid leader who reported it) takes back a pending claim. */
export async function withdrawClaim(ctx: MemberCtx, input: ClaimsWithdrawInput): Promise<Result<ClaimDecisionResult>> {
  const at = ctx.clock.now();
  return ok(
    await db.transaction(async (tx) => {
      const claim = await tx.get<ClaimDoc>('claims', input.claimId);
      if (!claim) throw new AppError('NOT_FOUND');
      const check = checkWithdrawal(claim, ctx.actor.memberId);
      if (check === 'repeat') return { claimId: claim._id, status: claim.status, entryId: null, eval: 0, redeem: 0, decidedAt: iso(claim.decidedAt)! };
      if (check) throw new AppError(check);
      await tx.update('claims', claim._id, { status: 'withdrawn', decidedAt: at, decidedBy: ctx.actor.memberId, deciderName: ctx.actor.name });
      if (claim.memberId !== ctx.actor.memberId) {
        await writeAudit(
          ctx,
          {
            role: grantOn(ctx, claim.ancestors, 'onBehalf')?.role ?? 'member',
            action: 'points.claims.withdraw',
            targetType: 'claim',
            targetId: claim._id,
            ancestors: claim.ancestors,
            before: { status: 'pending' },
            after: { status: 'withdrawn' },
          },
          tx,
        );
      }
      return { claimId: claim._id, status: 'withdrawn' as const, entryId: null, eval: 0, redeem: 0, decidedAt: at.toISOString() };
    }),
  );
}
