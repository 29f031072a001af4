import { AppError, fail, ok } from '../../contracts/app-error';
import { messageFor } from '../../contracts/errors';
import type { Result } from '../../contracts/envelope';
import type { BatchItem, ClaimDecisionResult, ClaimsApproveBatchInput, ClaimsApproveBatchResult, ClaimsApproveInput, ClaimsRejectInput } from '../../contracts/points';
import { db, TransactionBusyError } from '../../db/db';
import { approverVariant, checkApproval, checkRejection, claimEntryDraft, type ClaimDoc } from '../../domain/points/claims';
import { approvedNotice, rejectedNotice } from '../../domain/points/notices';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize } from '../shared/authorize';
import { enqueueNotification } from '../shared/notify';
import { EntryExists, postEntry } from './post-entry';
import { iso } from '../../domain/time';
const CLAIMS_PAGE = 'pages/points/claims/index';

const decisionOf = (c: ClaimDoc): ClaimDecisionResult => ({
  claimId: c._id,
  status: c.status,
  entryId: c.entryId,
  eval: c.status === 'approved' ? c.rule.evalPoints : 0,
  redeem: c.status === 'approved' ? c.rule.redeemPoints : 0,
  decidedAt: iso(c.decidedAt)!,
});

/**
 * Approves one claim in ONE transaction: read the claim (pending, in the approver's scope, not
 * their own), post `clm:<claimId>` (caps, balance), mark the claim approved, audit, queue the
 * member's notification. Concurrent approvals: one commits; the others re-run, find the claim
 * approved and answer — the same approver gets the same result again (idempotent), anyone
 * else CLAIM_NOT_PENDING. Beyond a cap: CAP_EXCEEDED, nothing written, the claim stays pending.
 */
export async function approveOne(ctx: MemberCtx, claimId: string): Promise<Result<ClaimDecisionResult>> {
  const at = ctx.clock.now();
  try {
    const decided = await db.transaction(async (tx) => {
      const claim = await tx.get<ClaimDoc>('claims', claimId);
      if (!claim) throw new AppError('NOT_FOUND');
      const grant = authorize(ctx, claim.ancestors, approverVariant(claim.rule));
      if (!grant.ok) throw new AppError(grant.code);
      const check = checkApproval(claim, ctx.actor.memberId);
      if (check.kind === 'refuse') throw new AppError(check.code);
      if (check.kind === 'repeat') return decisionOf(claim);

      const entry = await postEntry(tx, claimEntryDraft(claim, ctx.actor.memberId, at));
      const decided: ClaimDoc = { ...claim, status: 'approved', decidedAt: at, decidedBy: ctx.actor.memberId, deciderName: ctx.actor.name, entryId: entry._id };
      await tx.update('claims', claim._id, { status: 'approved', decidedAt: at, decidedBy: ctx.actor.memberId, deciderName: ctx.actor.name, entryId: entry._id });
      await writeAudit(
        ctx,
        {
          role: grant.grant.role,
          action: 'points.claims.approve',
          targetType: 'claim',
          targetId: claim._id,
          ancestors: claim.ancestors,
          before: { status: 'pending' },
          after: { status: 'approved', entryId: entry._id, eval: entry.eval, redeem: entry.redeem },
        },
        tx,
      );
      await enqueueNotification(
        { memberId: claim.memberId, template: 'claimApproved', data: approvedNotice(claim.rule.name, entry.eval, entry.redeem, at), page: CLAIMS_PAGE, dedupeKey: `claimApproved:${claim._id}`, at },
        tx,
      );
      return decisionOf(decided);
    });
    return ok(decided);
  } catch (e) {
    // the entry exists but the claim was pending: only possible if the two were written apart
    if (e instanceof EntryExists) return fail('CONFLICT');
    if (e instanceof AppError) return e.toFail();
    throw e;
  }
}

/**
 * points.claims.approve. Requests: 10 — the caller, then one transaction: start, claim,
 * balance, entry, balance, claim update, audit, notification, commit.
 */
export async function approveClaim(ctx: MemberCtx, input: ClaimsApproveInput): Promise<Result<ClaimDecisionResult>> {
  return approveOne(ctx, input.claimId);
}

const BATCH_CONCURRENCY = 8;

/**
 * points.claims.approveBatch: up to 100 claims, each approved in its own transaction and
 * reported on its own (one failure never stops or undoes the others).
 */
export async function approveBatch(ctx: MemberCtx, input: ClaimsApproveBatchInput): Promise<Result<ClaimsApproveBatchResult>> {
  const ids = [...new Set(input.claimIds)];
  const results: BatchItem[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      try {
        const r = await approveOne(ctx, ids[i]);
        results[i] = r.ok ? { claimId: ids[i], ok: true, entryId: r.data.entryId!, eval: r.data.eval, redeem: r.data.redeem } : { claimId: ids[i], ok: false, code: r.code, message: r.message };
      } catch (e) {
        if (e instanceof TransactionBusyError) results[i] = { claimId: ids[i], ok: false, code: 'BUSY', message: messageFor('BUSY') };
        else {
          ctx.log.error('batch approval failed', { requestId: ctx.requestId, claimId: ids[i], error: e instanceof Error ? e.stack : String(e) });
          results[i] = { claimId: ids[i], ok: false, code: 'INTERNAL', message: messageFor('INTERNAL') };
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, ids.length) }, worker));
  const approved = results.filter((r) => r.ok).length;
  return ok({ results, approved, failed: results.length - approved });
}

/** points.claims.reject: reason required; one transaction (claim, audit, notification). */
export async function rejectClaim(ctx: MemberCtx, input: ClaimsRejectInput): Promise<Result<ClaimDecisionResult>> {
  const at = ctx.clock.now();
  return ok(
    await db.transaction(async (tx) => {
      const claim = await tx.get<ClaimDoc>('claims', input.claimId);
      if (!claim) throw new AppError('NOT_FOUND');
      const grant = authorize(ctx, claim.ancestors, approverVariant(claim.rule));
      if (!grant.ok) throw new AppError(grant.code);
      const check = checkRejection(claim, ctx.actor.memberId, input.reason);
      if (check.kind === 'refuse') throw new AppError(check.code);
      if (check.kind === 'repeat') return decisionOf(claim);
      await tx.update('claims', claim._id, { status: 'rejected', decidedAt: at, decidedBy: ctx.actor.memberId, deciderName: ctx.actor.name, reason: input.reason });
      await writeAudit(
        ctx,
        {
          role: grant.grant.role,
          action: 'points.claims.reject',
          targetType: 'claim',
          targetId: claim._id,
          ancestors: claim.ancestors,
          before: { status: 'pending' },
          after: { status: 'rejected' },
          reason: input.reason,
        },
        tx,
      );
      await enqueueNotification(
        { memberId: claim.memberId, template: 'claimRejected', data: rejectedNotice(claim.rule.name, input.reason, at), page: CLAIMS_PAGE, dedupeKey: `claimRejected:${claim._id}`, at },
        tx,
      );
      return decisionOf({ ...claim, status: 'rejected', decidedAt: at });
    }),
  );
}
