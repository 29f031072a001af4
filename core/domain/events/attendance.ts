import dayjs from 'dayjs';
import { CHINA_TZ } from '../time';
import { attended } from './checkin';
import type { CheckinDoc, EventDoc } from './event';

/**
 * Attendance, pure: who came to an event and who did not, which offline scans wait for staff,
 * and per member over a period. Members are shown with their branch's name (`names`: branch id
 * → name; the id when a name is missing).
 */

export type Person = { _id: string; name: string; branchId: string };

export type CameRow = {
  memberId: string;
  name: string;
  branchId: string;
  branchName: string;
  at: Date;
  offline: boolean;
  proxy: { byName: string; reason: string } | null;
  checkoutAt: Date | null;
  checkoutReview: CheckinDoc['checkoutReview'];
  hours: number | null;
  points: number;
};
export type AbsentRow = { memberId: string; name: string; branchId: string; branchName: string };
export type PendingRow = { memberId: string; name: string; branchName: string; kind: 'checkin' | 'checkout'; scannedAt: Date; receivedAt: Date | null; hours: number | null };

export type EventAttendance = { expected: number; came: CameRow[]; absent: AbsentRow[]; pending: PendingRow[] };

const nameOf = (names: Map<string, string>, branchId: string): string => names.get(branchId) ?? branchId;

/** Offline scans of these check-ins awaiting staff: a check-in not yet attendance, or a check-out's hours. */
export function pendingOf(checkins: CheckinDoc[], names: Map<string, string>): PendingRow[] {
  const out: PendingRow[] = [];
  for (const c of checkins) {
    const base = { memberId: c.memberId, name: c.memberName, branchName: nameOf(names, c.branchId) };
    if (c.checkinReview === 'pending') out.push({ ...base, kind: 'checkin', scannedAt: c.at, receivedAt: c.receivedAt, hours: null });
    if (c.checkoutAt && c.checkoutReview === 'pending') out.push({ ...base, kind: 'checkout', scannedAt: c.checkoutAt, receivedAt: null, hours: c.hours });
  }
  return out.sort((a, b) => +a.scannedAt - +b.scannedAt || a.memberId.localeCompare(b.memberId));
}

/** One event: who came (by scan time), who of the scope did not, and what waits for review. */
export function eventAttendance(checkins: CheckinDoc[], members: Person[], names: Map<string, string>): EventAttendance {
  const came = checkins
    .filter(attended)
    .sort((a, b) => +a.at - +b.at || a.memberId.localeCompare(b.memberId))
    .map((c): CameRow => ({
      memberId: c.memberId,
      name: c.memberName,
      branchId: c.branchId,
      branchName: nameOf(names, c.branchId),
      at: c.at,
      offline: c.offline,
      proxy: c.proxy ? { byName: c.proxy.byName, reason: c.proxy.reason } : null,
      checkoutAt: c.checkoutAt,
      checkoutReview: c.checkoutReview,
      hours: c.hours,
      points: c.eval + (c.hoursEval ?? 0),
    }));
  const here = new Set(came.map((c) => c.memberId));
  const absent = members.filter((m) => !here.has(m._id)).map((m) => ({ memberId: m._id, name: m.name, branchId: m.branchId, branchName: nameOf(names, m.branchId) }));
  return { expected: members.length, came, absent, pending: pendingOf(checkins, names) };
}

export type MemberPeriod = { memberId: string; name: string; branchId: string; branchName: string; attended: number; offline: number; proxy: number; hours: number };
export type EventPeriod = { event: EventDoc; attended: number; pending: number };

/** A period: per event its attendance and pending scans; per member of the org how often they came (most first). */
export function periodAttendance(events: EventDoc[], checkins: CheckinDoc[], members: Person[], names: Map<string, string>): { events: EventPeriod[]; rows: MemberPeriod[] } {
  const perEvent = new Map<string, { attended: number; pending: number }>();
  const perMember = new Map<string, { attended: number; offline: number; proxy: number; hours: number }>();
  for (const c of checkins) {
    const e = perEvent.get(c.eventId) ?? { attended: 0, pending: 0 };
    perEvent.set(c.eventId, e);
    if (c.checkinReview === 'pending') e.pending++;
    if (!attended(c)) continue;
    e.attended++;
    const s = perMember.get(c.memberId) ?? { attended: 0, offline: 0, proxy: 0, hours: 0 };
    s.attended++;
    if (c.offline) s.offline++;
    if (c.proxy) s.proxy++;
    s.hours += c.hours ?? 0;
    perMember.set(c.memberId, s);
  }
  const rows = members
    .map((m) => ({ memberId: m._id, name: m.name, branchId: m.branchId, branchName: nameOf(names, m.branchId), ...(perMember.get(m._id) ?? { attended: 0, offline: 0, proxy: 0, hours: 0 }) }))
    .sort((a, b) => b.attended - a.attended || a.memberId.localeCompare(b.memberId));
  const live = events
    .filter((e) => e.status !== 'cancelled')
    .sort((a, b) => +a.startAt - +b.startAt || a._id.localeCompare(b._id))
    .map((event) => ({ event, ...(perEvent.get(event._id) ?? { attended: 0, pending: 0 }) }));
  return { events: live, rows };
}

/** A period of China dates: from ≤ to, at most a year. The refusal, or null. */
export function checkPeriod(from: string, to: string): { field: string; message: string } | null {
  if (from > to) return { field: 'from', message: '开始日期不能晚于结束日期' };
  if (dayjs.tz(to, CHINA_TZ).diff(dayjs.tz(from, CHINA_TZ), 'day') > 366) return { field: 'to', message: '统计期间不能超过一年' };
  return null;
}

/** How the member came, as staff read it. */
export const howText = (r: Pick<CameRow, 'proxy' | 'offline'>): string => (r.proxy ? `代签（${r.proxy.byName}：${r.proxy.reason}）` : r.offline ? '离线扫码（已确认）' : '扫码');
