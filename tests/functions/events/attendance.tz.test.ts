import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { AttendanceEventResult, AttendanceExportResult, AttendancePeriodResult, CheckinResult, EventView } from '../../../core/contracts/events';
import type { OrgDoc } from '../../../core/domain/org/model';
import { chinaTime } from '../../../core/domain/time';
import { events } from '../../../core/functions/events';
import { files } from '../../../core/functions/files';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { bindMembers, createEvent, SECRETARY_B01, tokenAt } from './helpers';

// Runs under TZ=UTC and TZ=Asia/Shanghai, clock frozen on the b01 dedication day.
const at = (wall: string) => chinaTime(`2026-12-06 ${wall}`);
const clock = fixedClock(at('09:05:00'));
const quiet = { error: () => undefined, info: () => undefined };
let cloud: LocalCloud;
let call: Call;
let callFiles: Call;
let ev: EventView;
let b01Name: string;

async function sheetRows(fileID: string, sheet: number): Promise<unknown[][]> {
  const buf = cloud.storage.get(cloud.storage.pathOf(fileID)!)!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[sheet].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, events({ clock, log: quiet }));
  callFiles = caller(cloud, files({ clock, log: quiet }));
  b01Name = (cloud.store.getById('orgs', 'b01') as unknown as OrgDoc).name;
  await bindMembers(cloud, ['m0004', 'm0005', 'm0006', 'm0007']);
  ev = await createEvent(call, { startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString() });
  expectOk(await call<CheckinResult>('t-m0004', { action: 'checkin', token: tokenAt(cloud, ev.id, at('09:05:00')) }));
  // scans queued offline at 09:01:02 and 09:02:00, sent at 09:05: kept for review
  expectOk(await call<CheckinResult>('t-m0006', { action: 'checkin', token: tokenAt(cloud, ev.id, at('09:01:02')), scannedAt: at('09:01:02').toISOString() }));
  expectOk(await call<CheckinResult>('t-m0007', { action: 'checkin', token: tokenAt(cloud, ev.id, at('09:02:00')), scannedAt: at('09:02:00').toISOString() }));
  expectOk(await call<CheckinResult>(SECRETARY_B01, { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0005', reason: '未带手机' }));
});
afterAll(() => cloud.close());

const branchSize = () => cloud.store.count('members', { ancestors: 'b01', status: 'active' });

describe('events.attendance of one event', () => {
  it('lists who came (by time, proxy marked, branch by name), who did not, and the offline scans awaiting review apart', async () => {
    const r = expectOk(await call<AttendanceEventResult>(SECRETARY_B01, { action: 'attendance', kind: 'event', eventId: ev.id }));
    expect(r).toMatchObject({ kind: 'event', expected: branchSize(), attended: 2, truncated: false });
    expect(r.attendedRows.map((x) => [x.memberId, x.offline, x.proxy, x.branchId, x.branchName])).toEqual([
      ['m0004', false, null, 'b01', b01Name],
      ['m0005', false, expect.stringContaining('未带手机'), 'b01', b01Name],
    ]);
    expect(r.pendingRows).toEqual([
      { memberId: 'm0006', name: expect.any(String), branchName: b01Name, kind: 'checkin', scannedAt: at('09:01:02').toISOString(), receivedAt: at('09:05:00').toISOString(), hours: null },
      { memberId: 'm0007', name: expect.any(String), branchName: b01Name, kind: 'checkin', scannedAt: at('09:02:00').toISOString(), receivedAt: at('09:05:00').toISOString(), hours: null },
    ]);
    // an unconfirmed offline scan is not attendance yet
    expect(r.absentRows).toHaveLength(branchSize() - 2);
    expect(r.absentRows.map((x) => x.memberId)).toEqual(expect.arrayContaining(['m0006', 'm0007']));
    expect(new Set(r.absentRows.map((x) => x.branchName))).toEqual(new Set([b01Name]));
  });

  it('counts a confirmed offline scan as attendance, marked offline, and drops it from the review list', async () => {
    expectOk(await call(SECRETARY_B01, { action: 'offline.confirm', eventId: ev.id, memberIds: ['m0006'] }));
    const r = expectOk(await call<AttendanceEventResult>(SECRETARY_B01, { action: 'attendance', kind: 'event', eventId: ev.id }));
    expect(r.attended).toBe(3);
    expect(r.attendedRows.map((x) => [x.memberId, x.offline])).toEqual([
      ['m0006', true],
      ['m0004', false],
      ['m0005', false],
    ]);
    expect(r.pendingRows.map((x) => x.memberId)).toEqual(['m0007']);
  });
});

describe('files.attendance.export', () => {
  it('writes the event to .xlsx in cloud storage with a temp URL: who came with branch names, who did not, what waits for review', async () => {
    const r = expectOk(await callFiles<AttendanceExportResult>(SECRETARY_B01, { action: 'attendance.export', kind: 'event', eventId: ev.id }));
    expect(r.url).toMatch(/\/storage\/exports\/attendance\//);
    const came = await sheetRows(r.fileID, 0);
    expect(came[0]).toEqual(['姓名', '支部', '签到时间', '方式', '签退时间', '时长(小时)', '积分']);
    expect(came).toHaveLength(4);
    expect(came[1].slice(1, 4)).toEqual([b01Name, '2026-12-06 09:01:02', '离线扫码（已确认）']);
    expect(came[2][3]).toBe('扫码');
    expect(String(came[3][3])).toContain('代签');
    const absent = await sheetRows(r.fileID, 1);
    expect(absent).toHaveLength(branchSize() - 3 + 1);
    expect(new Set(absent.slice(1).map((x) => x[1]))).toEqual(new Set([b01Name]));
    const pending = await sheetRows(r.fileID, 2);
    expect(pending.slice(1).map((x) => x.slice(1, 4))).toEqual([[b01Name, '签到', '2026-12-06 09:02:00']]);
  });

  it('summarises a period per member for an org, branch by name', async () => {
    const r = expectOk(await callFiles<AttendanceExportResult>(SECRETARY_B01, { action: 'attendance.export', kind: 'period', orgId: 'b01', from: '2026-12-01', to: '2026-12-31' }));
    const rows = await sheetRows(r.fileID, 0);
    expect(rows[0]).toEqual(['姓名', '支部', '参加次数', '离线签到', '代签到', '服务时长(小时)']);
    expect(rows).toHaveLength(branchSize() + 1);
    expect(rows[1][1]).toBe(b01Name);
    // the seeded 12月党员奉献日 (nobody checked in) and this test's event, by start
    expect((await sheetRows(r.fileID, 1)).slice(1)).toEqual(expect.arrayContaining([[ev.title, '2026-12-06', 3, 1]]));
  });

  it('is for the organizing staff only, and needs the event or a whole period', async () => {
    expect(await callFiles('t-m0004', { action: 'attendance.export', kind: 'event', eventId: ev.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await callFiles(SECRETARY_B01, { action: 'attendance.export', kind: 'period', orgId: 'b01', from: '2026-12-01' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'to' });
  });
});

describe('events.attendance of a period', () => {
  it('summarises per member for an org (most first), with each event’s attendance and pending scans', async () => {
    const r = expectOk(await call<AttendancePeriodResult>(SECRETARY_B01, { action: 'attendance', kind: 'period', orgId: 'b01', from: '2026-12-01', to: '2026-12-31' }));
    expect(r.events).toEqual(expect.arrayContaining([expect.objectContaining({ id: ev.id, attended: 3, pending: 1 })]));
    expect(r.members).toBe(branchSize());
    expect(r.rows.slice(0, 3).map((x) => [x.memberId, x.attended, x.offline, x.proxy, x.branchName])).toEqual([
      ['m0004', 1, 0, 0, b01Name],
      ['m0005', 1, 0, 1, b01Name],
      ['m0006', 1, 1, 0, b01Name],
    ]);
    expect(r.rows.find((x) => x.memberId === 'm0007')).toMatchObject({ attended: 0 });
  });

  it('is for the organizing staff only and takes a proper period', async () => {
    expect(await call('t-m0004', { action: 'attendance', kind: 'event', eventId: ev.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('demo-secretary-b02', { action: 'attendance', kind: 'period', orgId: 'b01', from: '2026-12-01', to: '2026-12-31' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call(SECRETARY_B01, { action: 'attendance', kind: 'period', orgId: 'b01', from: '2026-12-01' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await call(SECRETARY_B01, { action: 'attendance', eventId: ev.id })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'kind' });
    expect(await call(SECRETARY_B01, { action: 'attendance', kind: 'period', orgId: 'b01', from: '2026-12-31', to: '2026-12-01' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'from' });
    expect(await call(SECRETARY_B01, { action: 'attendance', kind: 'period', orgId: 'b01', from: '2025-01-01', to: '2026-12-31' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'to' });
  });
});
