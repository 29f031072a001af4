import { PERIODS } from '../time';
import { capKey, type EntryDraft } from '../points/ledger';
import { ruleRefOf, type RuleRef, type RuleSnapshot } from '../points/rule';
import { hoursKey, type CheckinDoc, type EventDoc } from './event';

const MIN = 60_000;

/**
 * Minutes of service between check-in and check-out, capped by the event's window
 * [startAt, endAt]: arriving early or leaving late earns nothing extra.
 */
export function servedMinutes(checkinAt: Date, checkoutAt: Date, startAt: Date, endAt: Date): number {
  const from = Math.max(+checkinAt, +startAt);
  const to = Math.min(+checkoutAt, +endAt);
  return Math.max(0, Math.floor((to - from) / MIN));
}

/**
 * Volunteer hours credited: whole hours, rounded down (points are integers and the hours
 * rule's caps count hours). 1 h 59 min is 1 hour.
 */
export const wholeHours = (minutes: number): number => Math.floor(minutes / 60);

/**
 * How many of `hours` still fit under the rule's period caps at `at`, given the member's cap
 * counters (the balance document's `caps`): an hour-based credit is trimmed to what is left
 * rather than refused whole.
 */
export function hoursWithinCaps(hours: number, rule: Pick<RuleRef, 'code' | 'caps'>, caps: Record<string, number>, at: Date): number {
  let left = hours;
  for (const p of PERIODS) {
    const limit = rule.caps[p];
    if (limit === undefined) continue;
    left = Math.min(left, Math.max(0, limit - (caps[capKey(rule.code, p, at)] ?? 0)));
  }
  return Math.max(0, left);
}

/** The entry for `hours` whole hours under the event's hours rule: `hrs:<eventId>:<memberId>`, units = hours. */
export function hoursDraft(event: Pick<EventDoc, '_id' | 'title' | 'hoursRule'> & { hoursRule: RuleSnapshot }, c: Pick<CheckinDoc, 'memberId' | 'ancestors'>, hours: number, at: Date): EntryDraft {
  const r = event.hoursRule;
  return {
    key: hoursKey(event._id, c.memberId),
    memberId: c.memberId,
    ancestors: c.ancestors,
    eval: r.evalPoints * hours,
    redeem: r.redeemPoints * hours,
    rule: ruleRefOf(r),
    source: { type: 'checkout', id: event._id },
    units: hours,
    actorId: c.memberId,
    note: `${event.title}（${hours} 小时）`.slice(0, 100),
    at,
  };
}
