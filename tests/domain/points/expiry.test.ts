import { describe, expect, it } from '@jest/globals';
import { DEFAULT_EXPIRY, dueExpiryYear, expiryDraft, expiryInstant, nextExpiry, parseExpiryConfig, reminderInstant } from '../../../core/domain/points/expiry';
import { chinaTime } from '../../../core/domain/time';

// Pure; runs under TZ=UTC and TZ=Asia/Shanghai.
describe('the annual expiry instant', () => {
  it('is 23:59:00 China time on 31 December by default, i.e. 15:59:00 UTC that day', () => {
    expect(expiryInstant(2026).toISOString()).toBe('2026-12-31T15:59:00.000Z');
    expect(DEFAULT_EXPIRY).toEqual({ month: 12, day: 31, hour: 23, minute: 59 });
  });

  it.each([
    ['06-30 18:00', { month: 6, day: 30, hour: 18, minute: 0 }],
    ['12-31 23:59', DEFAULT_EXPIRY],
    [undefined, DEFAULT_EXPIRY],
    ['', DEFAULT_EXPIRY],
    ['02-29 10:00', DEFAULT_EXPIRY],
    ['04-31 10:00', DEFAULT_EXPIRY],
    ['13-01 10:00', DEFAULT_EXPIRY],
    ['12-31 24:00', DEFAULT_EXPIRY],
    ['12/31 23:59', DEFAULT_EXPIRY],
  ])('reads POINTS_EXPIRY_AT=%p as %p', (raw, cfg) => {
    expect(parseExpiryConfig(raw)).toEqual(cfg);
  });

  it.each([
    ['2026-12-31 22:58:59', 2025],
    ['2026-12-31 22:59:00', 2026], // a tick up to an hour early still counts for this year
    ['2026-12-31 23:59:00', 2026],
    ['2027-01-01 00:10:00', 2026],
    ['2027-06-30 12:00:00', 2026],
  ])('a run at %s China time performs the expiry of %d', (wall, year) => {
    expect(dueExpiryYear(chinaTime(wall))).toBe(year);
  });

  it.each([
    ['2026-11-23 10:00:00', '2026-12-31'],
    ['2026-12-31 23:58:59', '2026-12-31'],
    ['2026-12-31 23:59:00', '2027-12-31'],
    ['2027-01-01 00:00:00', '2027-12-31'],
  ])('at %s China time the next expiry is on %s', (wall, date) => {
    expect(nextExpiry(chinaTime(wall)).date).toBe(date);
  });

  it('reminds at 10:00 China time thirty days before the expiry date', () => {
    expect(reminderInstant(2026)).toEqual(chinaTime('2026-12-01 10:00:00'));
    expect(reminderInstant(2027, parseExpiryConfig('06-30 18:00'))).toEqual(chinaTime('2027-05-31 10:00:00'));
  });

  it('drafts exp:<year>:<member>, taking exactly the redeemable balance and no evaluation points', () => {
    const d = expiryDraft({ year: 2026, memberId: 'm1', ancestors: ['county'], redeem: 17, rule: { _id: 'ANNUAL_EXPIRY@1', code: 'ANNUAL_EXPIRY', version: 1, caps: {} }, at: expiryInstant(2026) });
    expect(d).toMatchObject({ key: 'exp:2026:m1', eval: 0, redeem: -17, units: 0, source: { type: 'expiry', id: '2026' } });
  });
});
