import { describe, expect, it } from '@jest/globals';
import { keyAt, nextKey, periodEnd, periodLabel, periodStart, previousKey, RANK_PERIODS, totalsAfter } from '../../../core/domain/reports/periods';
import { chinaTime, periodKey } from '../../../core/domain/time';

// Periods are China time whatever the process TZ (this file runs under UTC and Asia/Shanghai).
describe('rank periods', () => {
  it('names the same period as time.ts (the time-zone database) for instants across years, at both edges of each day', () => {
    const instants: Date[] = [];
    for (let t = Date.parse('2024-12-25T00:00:00Z'); t < Date.parse('2027-01-10T00:00:00Z'); t += 7 * 3600_000 + 13 * 60_000) instants.push(new Date(t));
    for (const wall of ['2025-12-31 23:59:59', '2026-01-01 00:00:00', '2026-03-31 23:59:59', '2026-04-01 00:00:00', '2026-11-30 23:59:59', '2026-12-01 00:00:00']) instants.push(chinaTime(wall));
    for (const at of instants) for (const p of RANK_PERIODS) expect([at.toISOString(), keyAt(p, at)]).toEqual([at.toISOString(), periodKey(p, at)]);
  });

  it('starts and ends each period at China-time midnight', () => {
    expect(periodStart('month:2026-11')).toEqual(chinaTime('2026-11-01 00:00:00'));
    expect(periodEnd('month:2026-12')).toEqual(chinaTime('2027-01-01 00:00:00'));
    expect(periodStart('quarter:2026-Q4')).toEqual(chinaTime('2026-10-01 00:00:00'));
    expect(periodEnd('year:2026')).toEqual(chinaTime('2027-01-01 00:00:00'));
  });

  it('steps to the previous and next period across years', () => {
    expect(previousKey('month:2026-01')).toBe('month:2025-12');
    expect(nextKey('month:2026-12')).toBe('month:2027-01');
    expect(previousKey('quarter:2026-Q1')).toBe('quarter:2025-Q4');
    expect(previousKey('year:2026')).toBe('year:2025');
    expect(periodLabel('quarter:2026-Q4')).toBe('2026年第4季度');
  });

  it('counts an entry at 23:59:59 in the ending month and one at 00:00:00 in the next', () => {
    const late = totalsAfter({}, 5, chinaTime('2026-12-31 23:59:59'), chinaTime('2026-12-31 23:59:59'));
    expect(late).toEqual({ 'month:2026-12': 5, 'quarter:2026-Q4': 5, 'year:2026': 5 });
    const early = totalsAfter(late, 3, chinaTime('2027-01-01 00:00:00'), chinaTime('2027-01-01 00:00:00'));
    expect(early).toEqual({ 'month:2026-12': 5, 'quarter:2026-Q4': 5, 'year:2026': 5, 'month:2027-01': 3, 'quarter:2027-Q1': 3, 'year:2027': 3 });
  });

  it('keeps the current and previous period of each kind and drops older ones', () => {
    const t = totalsAfter({ 'month:2026-09': 4, 'month:2026-10': 2, 'quarter:2026-Q3': 6, 'year:2026': 6 }, 1, chinaTime('2026-11-05 10:00:00'), chinaTime('2026-11-05 10:00:00'));
    expect(t).toEqual({ 'month:2026-10': 2, 'month:2026-11': 1, 'quarter:2026-Q3': 6, 'quarter:2026-Q4': 1, 'year:2026': 7 });
  });

  it('counts a reversal in its original\u2019s period while that period is kept, and never reopens a dropped one', () => {
    const base = { 'month:2026-10': 5, 'month:2026-11': 2, 'quarter:2026-Q4': 7, 'year:2026': 7 };
    expect(totalsAfter(base, -5, chinaTime('2026-10-20 10:00:00'), chinaTime('2026-11-05 10:00:00'))).toEqual({ 'month:2026-10': 0, 'month:2026-11': 2, 'quarter:2026-Q4': 2, 'year:2026': 2 });
    // an August entry reversed in November: August is closed; the quarter (Q3, the previous one) and the year still move
    expect(totalsAfter(base, -4, chinaTime('2026-08-20 10:00:00'), chinaTime('2026-11-05 10:00:00'))).toEqual({ ...base, 'quarter:2026-Q3': -4, 'year:2026': 3 });
  });
});
