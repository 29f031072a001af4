import dayjs from 'dayjs';
import isoWeek from 'dayjs/plugin/isoWeek';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(isoWeek);
dayjs.extend(quarterOfYear);

/** Calendar periods are China time whatever the server's TZ (cloud functions run in UTC). */
export const CHINA_TZ = 'Asia/Shanghai';

export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const PERIODS: Period[] = ['day', 'week', 'month', 'quarter', 'year'];

function china(at: Date): dayjs.Dayjs {
  return dayjs(at).tz(CHINA_TZ);
}

/** A stable key for the China-time period containing `at`, e.g. `month:2026-11`, `week:2026-W48`. */
export function periodKey(period: Period, at: Date): string {
  const d = china(at);
  switch (period) {
    case 'day':
      return `day:${d.format('YYYY-MM-DD')}`;
    case 'week':
      return `week:${d.isoWeekYear()}-W${String(d.isoWeek()).padStart(2, '0')}`;
    case 'month':
      return `month:${d.format('YYYY-MM')}`;
    case 'quarter':
      return `quarter:${d.year()}-Q${d.quarter()}`;
    case 'year':
      return `year:${d.year()}`;
  }
}

/** An instant as the API shows it (ISO 8601, UTC), or null when there is none. */
export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** The China-time calendar date (YYYY-MM-DD) of an instant. */
export function chinaDate(at: Date): string {
  return china(at).format('YYYY-MM-DD');
}

/** The instant a China-time wall-clock reading denotes, e.g. chinaTime('2026-12-31 23:59:59'). */
export function chinaTime(wallClock: string): Date {
  return dayjs.tz(wallClock, CHINA_TZ).toDate();
}
