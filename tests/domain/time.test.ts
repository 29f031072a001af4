import { describe, expect, it } from '@jest/globals';
import { chinaDate, chinaTime, iso, periodKey, type Period } from '../../core/domain/time';

// Runs twice: under TZ=UTC and TZ=Asia/Shanghai (see package.json test:jest).
describe('the time-zone matrix', () => {
  it('runs under the TZ it was started with', () => {
    const tz = process.env.TZ;
    expect(['UTC', 'Asia/Shanghai']).toContain(tz);
    expect(new Date(0).getTimezoneOffset()).toBe(tz === 'UTC' ? 0 : -480);
  });
});

describe('China-time calendar periods', () => {
  it.each<[string, Period, string]>([
    ['2026-12-31 23:59:59', 'day', 'day:2026-12-31'],
    ['2027-01-01 00:00:00', 'day', 'day:2027-01-01'],
    ['2026-11-30 23:59:59', 'month', 'month:2026-11'],
    ['2026-12-01 00:00:00', 'month', 'month:2026-12'],
    ['2026-09-30 23:59:59', 'quarter', 'quarter:2026-Q3'],
    ['2026-10-01 00:00:00', 'quarter', 'quarter:2026-Q4'],
    ['2026-12-31 23:59:59', 'year', 'year:2026'],
    ['2027-01-01 00:00:00', 'year', 'year:2027'],
    // ISO weeks start on Monday; 2026-11-22 is a Sunday
    ['2026-11-22 23:59:59', 'week', 'week:2026-W47'],
    ['2026-11-23 00:00:00', 'week', 'week:2026-W48'],
    // the ISO week-year differs from the calendar year around New Year
    ['2027-01-01 12:00:00', 'week', 'week:2026-W53'],
  ])('puts %s China time in %s %s', (wall, period, key) => {
    expect(periodKey(period, chinaTime(wall))).toBe(key);
  });

  it('counts 00:30 China time (16:30 UTC the day before) as the China day', () => {
    const at = new Date('2026-11-22T16:30:00Z');
    expect(chinaDate(at)).toBe('2026-11-23');
    expect(periodKey('day', at)).toBe('day:2026-11-23');
  });

  it.each<[string, Date | string | null | undefined, string | null]>([
    ['an instant', chinaTime('2026-11-23 09:00:00'), '2026-11-23T01:00:00.000Z'],
    ['a stored string', '2026-11-23T01:00:00Z', '2026-11-23T01:00:00.000Z'],
    ['nothing', null, null],
    ['a missing field', undefined, null],
  ])('shows %s as ISO 8601 UTC, or null', (_n, d, want) => {
    expect(iso(d)).toBe(want);
  });
});
