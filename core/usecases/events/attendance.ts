import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { AttendanceEventResult, AttendancePeriodResult, EventsAttendanceInput, EventsAttendanceResult } from '../../contracts/events';
import type { CameRow, PendingRow } from '../../domain/events/attendance';
import type { MemberCtx } from '../../runtime/context';
import { attendanceTarget, loadEventAttendance, loadPeriodAttendance } from './attendance-data';
import { eventView } from './views';
import { iso } from '../../domain/time';
/** At most this many rows of each list in an answer (the export has all). */
const SHOWN = 500;

const cameView = (r: CameRow) => ({
  memberId: r.memberId,
  name: r.name,
  branchId: r.branchId,
  branchName: r.branchName,
  at: iso(r.at),
  offline: r.offline,
  proxy: r.proxy ? `${r.proxy.byName}：${r.proxy.reason}` : null,
  checkoutAt: iso(r.checkoutAt),
  checkoutReview: r.checkoutReview,
  hours: r.hours,
  points: r.points,
});

const pendingView = (p: PendingRow) => ({ memberId: p.memberId, name: p.name, branchName: p.branchName, kind: p.kind, scannedAt: iso(p.scannedAt)!, receivedAt: iso(p.receivedAt), hours: p.hours });

/**
 * events.attendance, for staff of the organizing org. One event (`kind: 'event'`): who checked
 * in (time, offline, proxy, check-out, hours, points), who of the scope did not, and the
 * offline scans awaiting confirmation (events.offline.confirm / refuse). A period (`kind:
 * 'period'`): every event organized under `orgId` starting in [from, to], and per member of the
 * org how often they came. Branches by name. The .xlsx of the same lists is
 * attendance-export.ts (the `files` function).
 * Requests: the caller 1 + the event or org 1 + check-ins (entries and documents, 1 each per
 * 1,000) + members (1 per 1,000) + branch names (1 per 100 branches); a period adds its events.
 */
export async function attendance(ctx: MemberCtx, input: EventsAttendanceInput): Promise<Result<EventsAttendanceResult>> {
  const target = await attendanceTarget(ctx, input);
  if ('ok' in target) return target;
  if (target.kind === 'event') {
    const a = await loadEventAttendance(target.event);
    const result: AttendanceEventResult = {
      kind: 'event',
      event: eventView(target.event),
      expected: a.expected,
      attended: a.came.length,
      attendedRows: a.came.slice(0, SHOWN).map(cameView),
      absentRows: a.absent.slice(0, SHOWN),
      pendingRows: a.pending.slice(0, SHOWN).map(pendingView),
      truncated: a.came.length > SHOWN || a.absent.length > SHOWN || a.pending.length > SHOWN,
    };
    return ok(result);
  }
  const p = await loadPeriodAttendance(target.org, target.from, target.to);
  const result: AttendancePeriodResult = {
    kind: 'period',
    orgId: target.org._id,
    from: target.from,
    to: target.to,
    events: p.events.map((e) => ({ id: e.event._id, title: e.event.title, type: e.event.type, startAt: iso(e.event.startAt)!, attended: e.attended, pending: e.pending })),
    members: p.rows.length,
    rows: p.rows.slice(0, SHOWN),
    truncated: p.rows.length > SHOWN,
  };
  return ok(result);
}
