import { loadExcel } from '../../runtime/excel';
import { AppError, ok } from '../../contracts/app-error';
import type { AttendanceEventResult, AttendancePeriodResult, AttendanceRow, EventsAttendanceInput, EventsAttendanceResult } from '../../contracts/events';
import { cmd, db } from '../../db/db';
import { uploadFile } from '../../db/storage';
import { tempFileUrls } from '../../db/temp-url';
import type { Result } from '../../contracts/envelope';
import { dateRange } from '../../domain/events/dedication';
import type { CheckinDoc, EventDoc } from '../../domain/events/event';
import type { MemberDoc, OrgDoc } from '../../domain/org';
import { chinaDate, CHINA_TZ } from '../../domain/time';
import type { MemberCtx } from '../../runtime/router';
import { authorize } from '../shared/authorize';
import { EVENT_STAFF, eventById, eventView, iso } from './load';
import dayjs from 'dayjs';

const SHOWN = 500;
const IDS_PER_QUERY = 100;

const wall = (d: Date | null): string => (d ? dayjs(d).tz(CHINA_TZ).format('YYYY-MM-DD HH:mm:ss') : '');

async function checkinsOf(eventIds: string[]): Promise<CheckinDoc[]> {
  const out: CheckinDoc[] = [];
  for (let i = 0; i < eventIds.length; i += IDS_PER_QUERY) {
    const chunk = eventIds.slice(i, i + IDS_PER_QUERY);
    out.push(...(await db.findAll<CheckinDoc>('checkins', { eventId: chunk.length === 1 ? chunk[0] : cmd().in(chunk) })));
  }
  return out;
}

const activeMembersUnder = (orgId: string) => db.findAll<MemberDoc>('members', { ancestors: orgId, status: 'active' });

type Sheet = { name: string; columns: { header: string; key: string; width: number }[]; rows: Record<string, unknown>[] };

/** Builds the workbook (one worksheet per sheet, bold header), uploads it under exports/ and answers with a 10-minute URL. */
async function exportFile(ctx: MemberCtx, name: string, sheets: Sheet[]): Promise<{ url: string; fileID: string }> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '红管家';
  for (const sh of sheets) {
    const ws = wb.addWorksheet(sh.name);
    ws.columns = sh.columns;
    ws.getRow(1).font = { bold: true };
    for (const r of sh.rows) ws.addRow(r);
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const stamp = dayjs(ctx.clock.now()).tz(CHINA_TZ).format('YYYYMMDD-HHmmss');
  const fileID = await uploadFile(`exports/attendance/${ctx.actor.memberId}/${stamp}-${ctx.requestId.slice(0, 8)}-${name}.xlsx`, buf);
  const urls = await tempFileUrls([fileID], 600);
  return { url: urls.get(fileID) ?? '', fileID };
}

const rowOf = (c: CheckinDoc): AttendanceRow => ({
  memberId: c.memberId,
  name: c.memberName,
  branchId: c.branchId,
  at: iso(c.at),
  offline: c.offline,
  proxy: c.proxy ? `${c.proxy.byName}：${c.proxy.reason}` : null,
  checkoutAt: iso(c.checkoutAt),
  hours: c.hours,
  points: c.eval + (c.hoursEval ?? 0),
});

/**
 * events.attendance: for staff of the organizing org. One event: who checked in (time,
 * offline, proxy, check-out, hours, points) and who of the scope did not. A period: every event
 * organized under `orgId` starting in [from, to], and per member of the org how many they
 * attended, offline and proxy counts, hours. `export: true` also writes an .xlsx to cloud
 * storage (exports/attendance/...) and returns a 10-minute URL. Reads page past 1,000 rows.
 */
export async function attendance(ctx: MemberCtx, input: EventsAttendanceInput & { export: boolean }): Promise<Result<EventsAttendanceResult>> {
  return input.eventId ? ok(await ofEvent(ctx, input.eventId, input.export)) : ok(await ofPeriod(ctx, input.orgId!, input.from!, input.to!, input.export));
}

async function ofEvent(ctx: MemberCtx, eventId: string, exp: boolean): Promise<AttendanceEventResult> {
  const event = await eventById(eventId);
  authorize(ctx, EVENT_STAFF, event.ancestors);
  const [checkins, members] = await Promise.all([checkinsOf([event._id]), activeMembersUnder(event.scopeOrgId)]);
  checkins.sort((a, b) => +a.at - +b.at);
  const came = new Set(checkins.map((c) => c.memberId));
  const absent = members.filter((m) => !came.has(m._id)).map((m) => ({ memberId: m._id, name: m.name, branchId: m.branchId }));
  const file = exp
    ? await exportFile(ctx, event._id, [
        {
          name: '签到名单',
          columns: [
            { header: '姓名', key: 'name', width: 12 },
            { header: '支部', key: 'branch', width: 10 },
            { header: '签到时间', key: 'at', width: 20 },
            { header: '方式', key: 'how', width: 16 },
            { header: '签退时间', key: 'out', width: 20 },
            { header: '时长(小时)', key: 'hours', width: 10 },
            { header: '积分', key: 'points', width: 8 },
          ],
          rows: checkins.map((c) => ({
            name: c.memberName,
            branch: c.branchId,
            at: wall(c.at),
            how: c.proxy ? `代签（${c.proxy.byName}：${c.proxy.reason}）` : c.offline ? '离线扫码' : '扫码',
            out: wall(c.checkoutAt),
            hours: c.hours ?? '',
            points: c.eval + (c.hoursEval ?? 0),
          })),
        },
        {
          name: '未签到',
          columns: [
            { header: '姓名', key: 'name', width: 12 },
            { header: '支部', key: 'branch', width: 10 },
          ],
          rows: absent.map((a) => ({ name: a.name, branch: a.branchId })),
        },
      ])
    : null;
  return {
    kind: 'event',
    event: eventView(event),
    expected: members.length,
    attended: checkins.length,
    attendedRows: checkins.slice(0, SHOWN).map(rowOf),
    absentRows: absent.slice(0, SHOWN),
    truncated: checkins.length > SHOWN || absent.length > SHOWN,
    file,
  };
}

async function ofPeriod(ctx: MemberCtx, orgId: string, from: string, to: string, exp: boolean): Promise<AttendancePeriodResult> {
  const org = await db.get<OrgDoc>('orgs', orgId);
  if (!org) throw new AppError('NOT_FOUND', '组织不存在', 'orgId');
  authorize(ctx, EVENT_STAFF, org.ancestors);
  if (from > to) throw new AppError('INVALID_INPUT', '开始日期不能晚于结束日期', 'from');
  const { start, end } = dateRange(from, to);
  const [events, members] = await Promise.all([db.findAll<EventDoc>('events', { ancestors: org._id, startAt: cmd().and(cmd().gte(start), cmd().lt(end)) }), activeMembersUnder(org._id)]);
  const live = events.filter((e) => e.status !== 'cancelled').sort((a, b) => +a.startAt - +b.startAt);
  const checkins = await checkinsOf(live.map((e) => e._id));
  const perEvent = new Map<string, number>();
  const perMember = new Map<string, { attended: number; offline: number; proxy: number; hours: number }>();
  for (const c of checkins) {
    perEvent.set(c.eventId, (perEvent.get(c.eventId) ?? 0) + 1);
    const s = perMember.get(c.memberId) ?? { attended: 0, offline: 0, proxy: 0, hours: 0 };
    s.attended++;
    if (c.offline) s.offline++;
    if (c.proxy) s.proxy++;
    s.hours += c.hours ?? 0;
    perMember.set(c.memberId, s);
  }
  const rows = members
    .map((m) => ({ memberId: m._id, name: m.name, branchId: m.branchId, ...(perMember.get(m._id) ?? { attended: 0, offline: 0, proxy: 0, hours: 0 }) }))
    .sort((a, b) => b.attended - a.attended || a.memberId.localeCompare(b.memberId));
  const eventRows = live.map((e) => ({ id: e._id, title: e.title, type: e.type, startAt: iso(e.startAt)!, attended: perEvent.get(e._id) ?? 0 }));
  const file = exp
    ? await exportFile(ctx, `${org._id}-${from}-${to}`, [
        {
          name: '党员出勤',
          columns: [
            { header: '姓名', key: 'name', width: 12 },
            { header: '支部', key: 'branch', width: 10 },
            { header: '参加次数', key: 'attended', width: 10 },
            { header: '离线签到', key: 'offline', width: 10 },
            { header: '代签到', key: 'proxy', width: 10 },
            { header: '服务时长(小时)', key: 'hours', width: 14 },
          ],
          rows: rows.map((r) => ({ name: r.name, branch: r.branchId, attended: r.attended, offline: r.offline, proxy: r.proxy, hours: r.hours })),
        },
        {
          name: '活动',
          columns: [
            { header: '活动', key: 'title', width: 30 },
            { header: '日期', key: 'date', width: 12 },
            { header: '签到人数', key: 'n', width: 10 },
          ],
          rows: live.map((e) => ({ title: e.title, date: chinaDate(e.startAt), n: perEvent.get(e._id) ?? 0 })),
        },
      ])
    : null;
  return { kind: 'period', orgId: org._id, from, to, events: eventRows, members: members.length, rows: rows.slice(0, SHOWN), truncated: rows.length > SHOWN, file };
}
