import { describe, expect, it } from '@jest/globals';
import { capKey } from '../../../core/domain/points/ledger';
import { hoursWithinCaps, servedMinutes, wholeHours } from '../../../core/domain/events/hours';
import { checkPlan, openAt, windowOf, windowState } from '../../../core/domain/events/event';
import { chinaTime } from '../../../core/domain/time';

const start = chinaTime('2026-11-06 09:00:00');
const end = chinaTime('2026-11-06 12:00:00');

describe('volunteer hours', () => {
  it.each([
    ['08:30:00', '10:45:00', 105, 1],
    ['09:00:00', '12:00:00', 180, 3],
    ['09:10:00', '13:30:00', 170, 2],
    ['08:00:00', '13:00:00', 180, 3],
    ['09:00:00', '09:59:59', 59, 0],
    ['11:00:00', '10:00:00', 0, 0],
  ])('in %s out %s: %i minutes inside the window, %i whole hours', (i, o, minutes, hours) => {
    const m = servedMinutes(chinaTime(`2026-11-06 ${i}`), chinaTime(`2026-11-06 ${o}`), start, end);
    expect(m).toBe(minutes);
    expect(wholeHours(m)).toBe(hours);
  });

  it('trims hours to what the day and month caps still allow', () => {
    const rule = { code: 'VOLUNTEER_HOUR', caps: { day: 8, month: 40 } };
    const at = chinaTime('2026-11-06 12:00:00');
    expect(hoursWithinCaps(3, rule, {}, at)).toBe(3);
    expect(hoursWithinCaps(3, rule, { [capKey('VOLUNTEER_HOUR', 'day', at)]: 6 }, at)).toBe(2);
    expect(hoursWithinCaps(3, rule, { [capKey('VOLUNTEER_HOUR', 'month', at)]: 40 }, at)).toBe(0);
    expect(hoursWithinCaps(3, { code: 'X', caps: {} }, {}, at)).toBe(3);
  });
});

describe('event window and plan', () => {
  const e = { startAt: start, endAt: end, earlyMinutes: 30, lateMinutes: 10 };
  it('opens early and closes late', () => {
    expect(windowOf(e)).toEqual({ opensAt: chinaTime('2026-11-06 08:30:00'), closesAt: chinaTime('2026-11-06 12:10:00') });
    expect(windowState(e, chinaTime('2026-11-06 08:29:59'))).toBe('before');
    expect(windowState(e, chinaTime('2026-11-06 12:10:00'))).toBe('open');
    expect(windowState(e, chinaTime('2026-11-06 12:10:01'))).toBe('after');
  });

  it('is open unless cancelled, or closed before the instant asked about', () => {
    const closedAt = chinaTime('2026-11-06 10:00:00');
    expect(openAt({ status: 'open', closedAt: null }, end)).toBe(true);
    expect(openAt({ status: 'cancelled', closedAt }, start)).toBe(false);
    expect(openAt({ status: 'closed', closedAt }, start)).toBe(true);
    expect(openAt({ status: 'closed', closedAt }, closedAt)).toBe(false);
  });

  it.each([
    [{ startAt: end, endAt: start }, 'endAt'],
    [{ startAt: start, endAt: new Date(+start + 8 * 24 * 3600e3) }, 'endAt'],
    [{ startAt: chinaTime('2026-11-01 09:00:00'), endAt: chinaTime('2026-11-01 10:00:00') }, 'endAt'],
    [{ startAt: chinaTime('2028-01-01 09:00:00'), endAt: chinaTime('2028-01-01 10:00:00') }, 'startAt'],
  ])('refuses a bad plan %#', (p, field) => {
    expect(checkPlan({ ...p, lateMinutes: 30, checkoutRequired: false, hoursRule: false }, chinaTime('2026-11-05 12:00:00'))?.field).toBe(field);
  });

  it('wants check-out for an hours rule', () => {
    expect(checkPlan({ startAt: start, endAt: end, lateMinutes: 0, checkoutRequired: false, hoursRule: true }, start)?.field).toBe('hoursRuleCode');
    expect(checkPlan({ startAt: start, endAt: end, lateMinutes: 0, checkoutRequired: true, hoursRule: true }, start)).toBeNull();
  });
});
