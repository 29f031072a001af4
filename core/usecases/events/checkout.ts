import { AppError, fail, ok } from '../../contracts/app-error';
import type { ErrorCode } from '../../contracts/errors';
import type { Result } from '../../contracts/envelope';
import type { CheckoutResult, EventsCheckoutInput } from '../../contracts/events';
import { attended } from '../../domain/events/checkin';
import { checkScan } from '../../domain/events/guards';
import { servedMinutes, wholeHours } from '../../domain/events/hours';
import { parseScan } from '../../domain/events/scene';
import type { MemberCtx } from '../../runtime/context';
import { db } from '../../db/db';
import { EntryExists } from '../points/post-entry';
import { readCheckin, readCheckinTx, writeCheckinTx } from './checkin-store';
import { eventForScan } from './event-cache';
import { creditHours } from './hours-credit';
import { recordRejection } from './rejections';
import { checkinResult } from './views';

/**
 * events.checkout: the member scans the QR again when leaving. Same token, window and geofence
 * guards as check-in. Volunteer hours = check-out − check-in, capped by the event's
 * [start, end], rounded down to whole hours; the hours rule is credited once
 * (`hrs:<eventId>:<memberId>`, units = hours, trimmed to what the rule's day/month caps still
 * allow). Hours wait for staff (creditedHours null) when the check-out was offline
 * (`checkoutReview: pending`) or the check-in is an offline scan not yet confirmed; confirming
 * credits them (offline-review.ts). A repeated check-out answers with the first (`already`).
 *
 * Requests: the caller 1 + the event 0 (cached; 1 cold) + one transaction: start, the check-in
 * (1, or 2 at an event with a rule: its document and its entry), the hours credit (balance read
 * + the entry's 3) when credited now, the check-in write, commit. Volunteer service (no check-in
 * rule), credited: 1 + 8 = 9; nothing credited: 1 + 4 = 5.
 */
export async function checkout(ctx: MemberCtx, input: EventsCheckoutInput): Promise<Result<CheckoutResult>> {
  const now = ctx.clock.now();
  const token = parseScan(input.token);
  const event = token ? await eventForScan(token.eventId) : null;
  const scannedAt = input.scannedAt ? new Date(input.scannedAt) : null;
  const d = checkScan({ token, expectedEventId: input.eventId, scannedAt, location: input.location ?? null, kind: 'checkout' }, event, ctx.member, now);
  const refuse = async (code: ErrorCode, distanceM: number | null = null) => {
    await recordRejection(ctx, { eventId: event?._id ?? null, kind: 'checkout', code, scannedAt, distanceM }, now);
    return fail(code);
  };
  if (!d.ok || !event) return refuse(d.ok ? 'CHECKIN_TOKEN_INVALID' : d.code, d.ok ? null : d.distanceM);
  if (!event.checkoutRequired) return fail('INVALID_INPUT', '本活动无需签退', 'token');
  try {
    const r = await db.transaction(async (tx) => {
      const { record, stored } = await readCheckinTx(tx, event, ctx.member._id);
      // a refused offline scan is no check-in
      if (!record || record.checkinReview === 'refused') throw new AppError('NOT_CHECKED_IN');
      if (record.checkoutAt) return { doc: record, already: true };
      const minutes = servedMinutes(record.at, d.at, event.startAt, event.endAt);
      const hours = wholeHours(minutes);
      const creditNow = !d.offline && attended(record);
      const credit = creditNow ? await creditHours(tx, event, record, hours, d.at) : { creditedHours: null, hoursEntryId: null, hoursEval: null, hoursRedeem: null };
      const doc = await writeCheckinTx(tx, stored, record, { checkoutAt: d.at, checkoutOffline: d.offline, checkoutReview: d.offline ? 'pending' : 'none', minutes, hours, ...credit });
      return { doc, already: false };
    });
    return ok(checkinResult(event, r.doc, r.already, now));
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_CHECKED_IN') return refuse('NOT_CHECKED_IN');
    if (!(e instanceof EntryExists)) throw e;
  }
  // a concurrent check-out posted the hours first
  const first = await readCheckin(event, ctx.member._id);
  return first?.checkoutAt ? ok(checkinResult(event, first, true, now)) : fail('CONFLICT');
}
