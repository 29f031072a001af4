import { db, DuplicateKeyError } from '../../db/db';
import { rejectionKey, type ScanRejectionDoc } from '../../domain/events/event';
import { stepOf } from '../../domain/events/token';
import type { MemberCtx } from '../../runtime/context';

/**
 * Keeps a refused scan for staff review: one document per (event, member, code, 15 s step of
 * the server clock), so a member spamming forged codes adds at most a few a minute. A failure
 * to record never changes the answer the member gets. One request.
 */
export async function recordRejection(
  ctx: MemberCtx,
  r: { eventId: string | null; kind: 'checkin' | 'checkout'; code: string; scannedAt: Date | null; distanceM: number | null },
  now: Date,
): Promise<void> {
  const doc: ScanRejectionDoc = {
    _id: rejectionKey(r.eventId, ctx.member._id, r.code, stepOf(now)),
    eventId: r.eventId,
    memberId: ctx.member._id,
    memberName: ctx.member.name,
    branchId: ctx.member.branchId,
    kind: r.kind,
    code: r.code,
    at: now,
    scannedAt: r.scannedAt,
    offline: r.scannedAt !== null,
    distanceM: r.distanceM,
  };
  try {
    await db.add('scanRejections', doc);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) ctx.log.error('scan rejection not recorded', { requestId: ctx.requestId, code: r.code, error: e instanceof Error ? e.message : String(e) });
  }
}
