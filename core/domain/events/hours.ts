import { PERIODS } from '../time';
import { capKey } from '../points/ledger';
import type { RuleRef } from '../points/rule';

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
