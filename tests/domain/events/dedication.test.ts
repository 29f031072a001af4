import { describe, expect, it } from '@jest/globals';
import { checkLogDate, dateRange, monthRange, monthRows, nextDedicationDate, plannedHours, reminderTarget } from '../../../core/domain/events/dedication';
import { chinaTime } from '../../../core/domain/time';

describe('the branch dedication day in China time', () => {
  it('reminds the evening before, across a month end', () => {
    expect(reminderTarget(chinaTime('2026-11-05 20:00:00'))).toEqual({ date: '2026-11-06', day: 6, month: '2026-11' });
    expect(reminderTarget(chinaTime('2026-11-30 20:00:00'))).toEqual({ date: '2026-12-01', day: 1, month: '2026-12' });
    // 00:30 China on the 6th is still the 5th in UTC: tomorrow is the 7th
    expect(reminderTarget(chinaTime('2026-11-06 00:30:00')).date).toBe('2026-11-07');
  });

  it('finds the next dedication date', () => {
    expect(nextDedicationDate(6, chinaTime('2026-11-06 23:59:59'))).toBe('2026-11-06');
    expect(nextDedicationDate(6, chinaTime('2026-11-07 00:00:00'))).toBe('2026-12-06');
    expect(nextDedicationDate(1, chinaTime('2026-12-15 10:00:00'))).toBe('2027-01-01');
  });

  it('gives China month and date ranges as instants', () => {
    expect(monthRange('2026-12')).toEqual({ start: chinaTime('2026-12-01 00:00:00'), end: chinaTime('2027-01-01 00:00:00') });
    expect(dateRange('2026-11-01', '2026-11-30')).toEqual({ start: chinaTime('2026-11-01 00:00:00'), end: chinaTime('2026-12-01 00:00:00') });
  });

  it.each([
    ['2026-11-23', null],
    ['2026-10-01', null],
    ['2026-09-30', '只能登记本月和上月的服务'],
    ['2026-11-24', '不能登记今天以后的服务'],
    ['2026-02-30', '日期不正确'],
  ])('a service log dated %s is %s', (date, issue) => {
    expect(checkLogDate(date, chinaTime('2026-11-23 08:00:00'))).toBe(issue);
  });

  it('counts as served a check-in or an approved log, not a pending one', () => {
    const rows = monthRows(
      [
        { _id: 'a', name: '甲' },
        { _id: 'b', name: '乙' },
        { _id: 'c', name: '丙' },
        { _id: 'd', name: '丁' },
      ],
      [{ memberId: 'b', eventId: 'E1', hours: null }],
      new Map([['E1', 2]]),
      [
        { memberId: 'c', hours: 1.5, status: 'approved', photos: ['p1'] },
        { memberId: 'd', hours: 3, status: 'pending', photos: ['p2'] },
      ],
    );
    expect(rows.map((r) => [r.memberId, r.served, r.hours, r.pendingLogs, r.photos])).toEqual([
      ['b', true, 2, 0, []],
      ['c', true, 1.5, 0, ['p1']],
      ['a', false, 0, 0, []],
      ['d', false, 0, 1, []],
    ]);
  });

  it('plans hours in halves, rounded down', () => {
    expect(plannedHours(chinaTime('2026-11-06 09:00:00'), chinaTime('2026-11-06 11:45:00'))).toBe(2.5);
  });
});
