import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { CheckoutResult, EventsCheckoutInput } from '../../contracts/events';
import { db } from '../../db/db';
import { checkinKey, hoursKey, type CheckinDoc, type EventDoc } from '../../domain/events/event';
import { checkScan } from '../../domain/events/guards';
import { hoursWithinCaps, servedMinutes, wholeHours } from '../../domain/events/hours';
import { parseToken } from '../../domain/events/token';
import type { BalanceDoc, EntryDraft } from '../../domain/points/ledger';
import type { MemberCtx } from '../../runtime/router';
import { EntryExists, postEntry } from '../points/post-entry';
import { eventForScan } from './load';
import { checkinResult, recordRejection } from './record';

/** The entry for `hours` whole hours under the event's hours rule: `hrs:<eventId>:<memberId>`, units = hours. */
function hoursDraft(event: EventDoc, c: CheckinDoc, hours: number, at: Date): EntryDraft {
  const r = event.hoursRule!;
  return {
    key: hoursKey(event._id, c.memberId),
    memberId: c.memberId,
    ancestors: c.ancestors,
    eval: r.evalPoints * hours,
    redeem: r.redeemPoints * hours,
    rule: { _id: r._id, code: r.code, version: r.version, caps: r.caps },
    source: { type: 'checkout', id: event._id },
    units: hours,
    actorId: c.memberId,
    note: `${event.title}（${hours} 小时）`.slice(0, 100),
    at,
  };
}

/**
 * events.checkout: the member scans the QR again when leaving. Same token, window and geofence
 * guards as check-in. Volunteer hours = check-out − check-in, capped by the event's
 * [start, end], rounded down to whole hours; the hours rule is credited once
 * (`hrs:<eventId>:<memberId>`, units = hours, trimmed to what the rule's day/month caps still
 * allow). One transaction: the check-in read, the balance read (caps), the entry (3) and the
 * check-in update. A repeated check-out answers with the first (`already: true`).
 */
export async function checkout(ctx: MemberCtx, input: EventsCheckoutInput): Promise<Result<CheckoutResult>> {
  const now = ctx.clock.now();
  const token = parseToken(input.token);
  const event = token ? await eventForScan(token.eventId) : null;
  const scannedAt = input.scannedAt ? new Date(input.scannedAt) : null;
  const d = checkScan({ token, expectedEventId: input.eventId, scannedAt, location: input.location ?? null, kind: 'checkout' }, event, ctx.member, now);
  const refuse = async (code: Parameters<typeof fail>[0], distanceM: number | null = null, message?: string) => {
    await recordRejection(ctx, { eventId: event?._id ?? null, kind: 'checkout', code, scannedAt, distanceM }, now);
    return fail(code, message);
  };
  if (!d.ok || !event) return refuse(d.ok ? 'CHECKIN_TOKEN_INVALID' : d.code, d.ok ? null : d.distanceM);
  if (!event.checkoutRequired) return fail('INVALID_INPUT', '本活动无需签退', 'token');
  const key = checkinKey(event._id, ctx.member._id);
  try {
    const r = await db.transaction(async (tx) => {
      const c = await tx.get<CheckinDoc>('checkins', key);
      if (!c) throw new AppError('NOT_CHECKED_IN');
      if (c.checkoutAt) return { doc: c, already: true };
      const minutes = servedMinutes(c.at, d.at, event.startAt, event.endAt);
      const hours = wholeHours(minutes);
      let credited = 0;
      let entry: { _id: string; eval: number; redeem: number } | null = null;
      if (event.hoursRule && hours > 0) {
        const balance = await tx.get<BalanceDoc>('balances', c.memberId);
        credited = hoursWithinCaps(hours, event.hoursRule, balance?.caps ?? {}, d.at);
        if (credited > 0) entry = await postEntry(tx, hoursDraft(event, c, credited, d.at));
      }
      const patch = {
        checkoutAt: d.at,
        checkoutOffline: d.offline,
        minutes,
        hours,
        creditedHours: credited,
        hoursEntryId: entry?._id ?? null,
        hoursEval: entry?.eval ?? null,
        hoursRedeem: entry?.redeem ?? null,
      };
      await tx.update('checkins', key, patch);
      return { doc: { ...c, ...patch }, already: false };
    });
    return ok(checkinResult(event, r.doc, r.already, now));
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_CHECKED_IN') return refuse('NOT_CHECKED_IN');
    if (!(e instanceof EntryExists)) throw e;
    const first = await db.get<CheckinDoc>('checkins', key);
    if (!first?.checkoutAt) throw new AppError('CONFLICT');
    return ok(checkinResult(event, first, true, now));
  }
}
