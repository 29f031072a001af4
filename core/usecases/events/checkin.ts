import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { CheckinResult, EventsCheckinInput } from '../../contracts/events';
import { db } from '../../db/db';
import { checkinKey, type CheckinDoc } from '../../domain/events/event';
import { checkScan } from '../../domain/events/guards';
import { parseToken } from '../../domain/events/token';
import type { MemberCtx } from '../../runtime/router';
import { eventForScan } from './load';
import { checkinResult, recordCheckin, recordRejection } from './record';

/**
 * events.checkin: a member scans the event's rotating QR (or sends a scan queued offline with
 * its scan time). Ordered guards (domain/events/guards.ts), then capacity, then exactly-once
 * recording and credit. A refused scan is recorded in scanRejections and credits nothing; a
 * repeated scan answers ok with the first check-in (`already: true`).
 *
 * Requests (credited, warm instance): the caller (router) 1 + the event 0 (cached; 1 on a cold
 * instance) + the transaction 6 = 7. Attendance-only event: 1 + 0 + 1. Refused: 1 + 0–1 + 1.
 * Capacity set: +1 (a count).
 */
export async function checkin(ctx: MemberCtx, input: EventsCheckinInput): Promise<Result<CheckinResult>> {
  const now = ctx.clock.now();
  const token = parseToken(input.token);
  const event = token ? await eventForScan(token.eventId) : null;
  const scannedAt = input.scannedAt ? new Date(input.scannedAt) : null;
  const d = checkScan({ token, expectedEventId: input.eventId, scannedAt, location: input.location ?? null, kind: 'checkin' }, event, ctx.member, now);
  if (!d.ok || !event) {
    const code = d.ok ? 'CHECKIN_TOKEN_INVALID' : d.code;
    await recordRejection(ctx, { eventId: event?._id ?? null, kind: 'checkin', code, scannedAt, distanceM: d.ok ? null : d.distanceM }, now);
    return fail(code);
  }
  if (event.capacity !== null) {
    // soft under concurrency: scans in flight together may pass the count together
    const taken = await db.count('checkins', { eventId: event._id });
    if (taken >= event.capacity) {
      const mine = await db.get<CheckinDoc>('checkins', checkinKey(event._id, ctx.member._id));
      if (mine) return ok(checkinResult(event, mine, true, now));
      await recordRejection(ctx, { eventId: event._id, kind: 'checkin', code: 'EVENT_FULL', scannedAt, distanceM: d.distanceM }, now);
      return fail('EVENT_FULL');
    }
  }
  const r = await recordCheckin(ctx, event, ctx.member, { at: d.at, offline: d.offline, distanceM: d.distanceM, proxy: null }, now);
  return ok(checkinResult(event, r.doc, r.already, now));
}
