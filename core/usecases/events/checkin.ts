import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { CheckinResult, EventsCheckinInput } from '../../contracts/events';
import { checkScan } from '../../domain/events/guards';
import { parseScan } from '../../domain/events/scene';
import type { MemberCtx } from '../../runtime/context';
import { countAttended, readCheckin } from './checkin-store';
import { eventForScan } from './event-cache';
import { recordCheckin, recordOfflineCheckin } from './record-checkin';
import { recordRejection } from './rejections';
import { checkinResult } from './views';

/**
 * events.checkin: a member scans the event's rotating QR (or sends a scan queued offline with
 * its scan time). Ordered guards (domain/events/guards.ts), then capacity, then exactly-once
 * recording and credit. A refused scan is recorded in scanRejections and credits nothing; a
 * repeated scan answers ok with the first check-in (`already: true`). An offline scan is kept
 * for staff review (`review: 'pending'`): it credits nothing, and is not attendance, until
 * staff confirm it (events.offline.confirm).
 *
 * Requests (warm instance: the event comes from the cache; +1 on a cold instance):
 * - credited: the caller 1 + one transaction of 5 (start, balance read, the entry carrying the
 *   check-in, balance write, commit) = 6; the rule's cap already full: 8;
 * - attendance-only event: 1 + 1 (the check-in add) = 2;
 * - offline: 1 + 1 (the add) = 2, at an event with a rule 3 (the entry read first);
 * - refused: 1 + 1 (the rejection) = 2;
 * - capacity set: +1 (a count).
 */
export async function checkin(ctx: MemberCtx, input: EventsCheckinInput): Promise<Result<CheckinResult>> {
  const now = ctx.clock.now();
  const token = parseScan(input.token);
  const event = token ? await eventForScan(token.eventId) : null;
  const scannedAt = input.scannedAt ? new Date(input.scannedAt) : null;
  const d = checkScan({ token, expectedEventId: input.eventId, scannedAt, location: input.location ?? null, kind: 'checkin' }, event, ctx.member, now);
  if (!d.ok || !event) {
    const code = d.ok ? 'CHECKIN_TOKEN_INVALID' : d.code;
    await recordRejection(ctx, { eventId: event?._id ?? null, kind: 'checkin', code, scannedAt, distanceM: d.ok ? null : d.distanceM }, now);
    return fail(code);
  }
  // soft under concurrency: scans in flight together may pass the count together
  if (event.capacity !== null && (await countAttended(event)) >= event.capacity) {
    const mine = await readCheckin(event, ctx.member._id);
    if (mine) return ok(checkinResult(event, mine, true, now));
    await recordRejection(ctx, { eventId: event._id, kind: 'checkin', code: 'EVENT_FULL', scannedAt, distanceM: d.distanceM }, now);
    return fail('EVENT_FULL');
  }
  const facts = { at: d.at, offline: d.offline, distanceM: d.distanceM, proxy: null };
  const r = d.offline ? await recordOfflineCheckin(event, ctx.member, facts, now) : await recordCheckin(ctx, event, ctx.member, facts, now);
  return r.ok ? ok(checkinResult(event, r.doc, r.already, now)) : r;
}
