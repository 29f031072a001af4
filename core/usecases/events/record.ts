import { AppError } from '../../contracts/app-error';
import type { CheckinResult } from '../../contracts/events';
import { db, DuplicateKeyError } from '../../db/db';
import { checkinDraft, newCheckinDoc, type CheckinFacts } from '../../domain/events/checkin';
import { checkinKey, rejectionKey, type CheckinDoc, type EventDoc, type ScanRejectionDoc } from '../../domain/events/event';
import { stepOf } from '../../domain/events/token';
import type { MemberDoc } from '../../domain/org';
import type { MemberCtx } from '../../runtime/router';
import { writeAudit, type AuditInput } from '../shared/audit';
import { EntryExists, postEntry } from '../points/post-entry';
import { checkinView, iso } from './load';

/**
 * Records a check-in exactly once. With a points rule: ONE transaction posts the ledger entry
 * (balance read, entry add, balance write) and adds the check-in document, both keyed
 * `chk:<eventId>:<memberId>` (start + 4 + commit = 6 requests). Without a rule, or when the
 * rule's period cap is already reached, attendance is still recorded (one add; `capped` says
 * why no points). A repeated scan — a taken key, in or out of the transaction — answers with
 * the first check-in and credits nothing (`already`). `audit`: the staff write to log with it
 * (proxy check-in), in the same transaction.
 */
export async function recordCheckin(ctx: MemberCtx, event: EventDoc, member: MemberDoc, f: CheckinFacts, now: Date, audit?: AuditInput): Promise<{ doc: CheckinDoc; already: boolean }> {
  const key = checkinKey(event._id, member._id);
  const base = newCheckinDoc(event, member, f, now);
  const draft = checkinDraft(event, member, f, f.proxy ? f.proxy.byId : member._id);

  const attendanceOnly = async (doc: CheckinDoc): Promise<CheckinDoc> => {
    if (audit) {
      await db.transaction(async (tx) => {
        await tx.add('checkins', doc);
        await writeAudit(ctx, audit, tx);
      });
    } else await db.add('checkins', doc);
    return doc;
  };

  try {
    if (!draft) return { doc: await attendanceOnly(base), already: false };
    try {
      const doc = await db.transaction(async (tx) => {
        const entry = await postEntry(tx, draft);
        const d: CheckinDoc = { ...base, entryId: entry._id, eval: entry.eval, redeem: entry.redeem };
        await tx.add('checkins', d);
        if (audit) await writeAudit(ctx, audit, tx);
        return d;
      });
      return { doc, already: false };
    } catch (e) {
      // the period cap is full: the member was there all the same
      if (e instanceof AppError && e.code === 'CAP_EXCEEDED') return { doc: await attendanceOnly({ ...base, capped: true }), already: false };
      throw e;
    }
  } catch (e) {
    if (!(e instanceof EntryExists) && !(e instanceof DuplicateKeyError)) throw e;
    const first = await db.get<CheckinDoc>('checkins', key);
    // a `chk:` entry with no check-in document was not made here: never answer for it
    if (!first) throw new AppError('CONFLICT');
    return { doc: first, already: true };
  }
}

export function checkinResult(event: EventDoc, doc: CheckinDoc, already: boolean, now: Date): CheckinResult {
  return {
    ...checkinView(doc),
    eventTitle: event.title,
    checkoutRequired: event.checkoutRequired,
    already,
    serverTime: iso(now)!,
  };
}

/**
 * Keeps a refused scan for staff review: one document per (event, member, code, 15 s step of
 * the server clock), so a member spamming forged codes adds at most a few a minute. A failure
 * to record never changes the answer the member gets.
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
