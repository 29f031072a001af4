import dayjs from 'dayjs';
import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { AttendanceExportInput, AttendanceExportResult } from '../../contracts/events';
import { uploadFile } from '../../db/storage';
import { tempFileUrls } from '../../db/temp-url';
import { howText, type AbsentRow, type CameRow, type EventAttendance, type EventPeriod, type MemberPeriod, type PendingRow } from '../../domain/events/attendance';
import { chinaDate, CHINA_TZ } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { loadExcel } from '../../runtime/excel';
import { attendanceTarget, loadEventAttendance, loadPeriodAttendance } from './attendance-data';

/**
 * Sheets as data: a name, its columns (header, width) and how a row of the list fills each.
 * The layout below is all there is to the spreadsheet; `writeXlsx` only renders it.
 */
type Column<R> = { header: string; width: number; value: (r: R) => string | number };
type Sheet = { name: string; columns: Column<never>[]; rows: unknown[] };
const sheet = <R>(name: string, columns: Column<R>[], rows: R[]): Sheet => ({ name, columns: columns as Column<never>[], rows });

const wall = (d: Date | null): string => (d ? dayjs(d).tz(CHINA_TZ).format('YYYY-MM-DD HH:mm:ss') : '');

const CAME: Column<CameRow>[] = [
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '支部', width: 24, value: (r) => r.branchName },
  { header: '签到时间', width: 20, value: (r) => wall(r.at) },
  { header: '方式', width: 20, value: howText },
  { header: '签退时间', width: 20, value: (r) => wall(r.checkoutAt) + (r.checkoutReview === 'pending' ? '（待确认）' : '') },
  { header: '时长(小时)', width: 10, value: (r) => r.hours ?? '' },
  { header: '积分', width: 8, value: (r) => r.points },
];
const ABSENT: Column<AbsentRow>[] = [
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '支部', width: 24, value: (r) => r.branchName },
];
const PENDING: Column<PendingRow>[] = [
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '支部', width: 24, value: (r) => r.branchName },
  { header: '离线扫码', width: 10, value: (r) => (r.kind === 'checkin' ? '签到' : '签退') },
  { header: '扫码时间', width: 20, value: (r) => wall(r.scannedAt) },
  { header: '上传时间', width: 20, value: (r) => wall(r.receivedAt) },
];
const MEMBERS: Column<MemberPeriod>[] = [
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '支部', width: 24, value: (r) => r.branchName },
  { header: '参加次数', width: 10, value: (r) => r.attended },
  { header: '离线签到', width: 10, value: (r) => r.offline },
  { header: '代签到', width: 10, value: (r) => r.proxy },
  { header: '服务时长(小时)', width: 14, value: (r) => r.hours },
];
const EVENTS: Column<EventPeriod>[] = [
  { header: '活动', width: 30, value: (r) => r.event.title },
  { header: '日期', width: 12, value: (r) => chinaDate(r.event.startAt) },
  { header: '签到人数', width: 10, value: (r) => r.attended },
  { header: '待确认离线签到', width: 14, value: (r) => r.pending },
];

export const eventSheets = (a: EventAttendance): Sheet[] => [sheet('签到名单', CAME, a.came), sheet('未签到', ABSENT, a.absent), sheet('待确认离线签到', PENDING, a.pending)];
export const periodSheets = (p: { events: EventPeriod[]; rows: MemberPeriod[] }): Sheet[] => [sheet('党员出勤', MEMBERS, p.rows), sheet('活动', EVENTS, p.events)];

/** Renders sheets to .xlsx bytes: one worksheet each, bold header row. */
async function writeXlsx(sheets: Sheet[]): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '红管家';
  for (const sh of sheets) {
    const ws = wb.addWorksheet(sh.name);
    ws.columns = sh.columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width }));
    ws.getRow(1).font = { bold: true };
    for (const r of sh.rows) ws.addRow(Object.fromEntries(sh.columns.map((c, i) => [`c${i}`, c.value(r as never)])));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * files.attendance.export (registered in the `files` function, which alone bundles exceljs):
 * the attendance of one event (签到名单, 未签到, 待确认离线签到) or of a period (党员出勤, 活动)
 * as an .xlsx, for the same staff and with the same input as events.attendance. Uploaded under
 * exports/attendance/<memberId>/ and answered with a 10-minute URL.
 * Requests: as events.attendance, plus the upload and the temp URL (2).
 */
export async function attendanceExport(ctx: MemberCtx, input: AttendanceExportInput): Promise<Result<AttendanceExportResult>> {
  const target = await attendanceTarget(ctx, input);
  if ('ok' in target) return target;
  const [name, sheets] =
    target.kind === 'event'
      ? [target.event._id, eventSheets(await loadEventAttendance(target.event))]
      : [`${target.org._id}-${target.from}-${target.to}`, periodSheets(await loadPeriodAttendance(target.org, target.from, target.to))];
  const stamp = dayjs(ctx.clock.now()).tz(CHINA_TZ).format('YYYYMMDD-HHmmss');
  const fileID = await uploadFile(`exports/attendance/${ctx.actor.memberId}/${stamp}-${ctx.requestId.slice(0, 8)}-${name}.xlsx`, await writeXlsx(sheets));
  const urls = await tempFileUrls([fileID], 600);
  return ok({ url: urls.get(fileID) ?? '', fileID });
}
