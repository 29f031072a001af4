import dayjs from 'dayjs';
import { CHINA_TZ, chinaDate, chinaTime } from '../time';

/**
 * The branch dedication day (党员奉献日): each branch's fixed day of the month (1–28, so every
 * month has it), all in China time.
 */

const china = (at: Date) => dayjs(at).tz(CHINA_TZ);
const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of day `day` in month `month` (YYYY-MM). */
export const dedicationDate = (month: string, day: number): string => `${month}-${pad(day)}`;

/** The next dedication date on or after today (China). */
export function nextDedicationDate(day: number, now: Date): string {
  const today = chinaDate(now);
  const thisMonth = dedicationDate(today.slice(0, 7), day);
  if (thisMonth >= today) return thisMonth;
  return dedicationDate(china(now).startOf('month').add(1, 'month').format('YYYY-MM'), day);
}

/** The day-before reminder run at `now`: which date is tomorrow, and its day of month and month. */
export function reminderTarget(now: Date): { date: string; day: number; month: string } {
  const t = china(now).add(1, 'day');
  return { date: t.format('YYYY-MM-DD'), day: t.date(), month: t.format('YYYY-MM') };
}

/** [start, end) instants of a China month. */
export function monthRange(month: string): { start: Date; end: Date } {
  const start = chinaTime(`${month}-01 00:00:00`);
  const end = dayjs(start).tz(CHINA_TZ).add(1, 'month').toDate();
  return { start, end };
}

/** [start, end) instants of China dates from..to inclusive. */
export function dateRange(from: string, to: string): { start: Date; end: Date } {
  const start = chinaTime(`${from} 00:00:00`);
  const end = dayjs(chinaTime(`${to} 00:00:00`))
    .tz(CHINA_TZ)
    .add(1, 'day')
    .toDate();
  return { start, end };
}

/**
 * A service log may be for today or an earlier day of this month or the previous one (China),
 * so a member can catch up after month end but not years later. Returns the refusal or null.
 */
export function checkLogDate(date: string, now: Date): string | null {
  const d = dayjs.tz(date, CHINA_TZ);
  if (!d.isValid() || d.format('YYYY-MM-DD') !== date) return '日期不正确';
  const today = chinaDate(now);
  if (date > today) return '不能登记今天以后的服务';
  const earliest = china(now).startOf('month').subtract(1, 'month').format('YYYY-MM-DD');
  if (date < earliest) return '只能登记本月和上月的服务';
  return null;
}

export type MonthMember = { _id: string; name: string };
export type MonthCheckin = { memberId: string; eventId: string; hours: number | null };
export type MonthLog = { memberId: string; hours: number; status: 'pending' | 'approved' | 'rejected' | 'withdrawn'; photos: string[] };

export type MonthRow = {
  memberId: string;
  name: string;
  served: boolean;
  viaEvent: boolean;
  viaLog: boolean;
  pendingLogs: number;
  hours: number;
  photos: string[];
};

/**
 * Who served in the month: checked in at one of the branch's dedication events, or an approved
 * service log. Hours: a check-out's hours, else the event's planned hours (`eventHours`), plus
 * approved logs' hours. Served members first, then by name order as given.
 */
export function monthRows(members: MonthMember[], checkins: MonthCheckin[], eventHours: Map<string, number>, logs: (MonthLog & { memberId: string })[]): MonthRow[] {
  const rows = members.map((m) => {
    const mine = checkins.filter((c) => c.memberId === m._id);
    const myLogs = logs.filter((l) => l.memberId === m._id);
    const approved = myLogs.filter((l) => l.status === 'approved');
    const hours = mine.reduce((s, c) => s + (c.hours ?? eventHours.get(c.eventId) ?? 0), 0) + approved.reduce((s, l) => s + l.hours, 0);
    return {
      memberId: m._id,
      name: m.name,
      served: mine.length > 0 || approved.length > 0,
      viaEvent: mine.length > 0,
      viaLog: approved.length > 0,
      pendingLogs: myLogs.filter((l) => l.status === 'pending').length,
      hours,
      photos: approved.flatMap((l) => l.photos),
    };
  });
  return rows.sort((a, b) => Number(b.served) - Number(a.served));
}

/** Planned hours of an event, rounded down to half hours. */
export const plannedHours = (startAt: Date, endAt: Date): number => Math.floor((+endAt - +startAt) / 1_800_000) / 2;
