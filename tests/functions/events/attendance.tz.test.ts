import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { AttendanceEventResult, AttendancePeriodResult, CheckinResult, EventView } from '../../../core/contracts/events';
import { chinaTime } from '../../../core/domain/time';
import { events } from '../../../core/functions/events';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { bindMembers, createEvent, SECRETARY_B01, tokenAt } from './helpers';

const at = (wall: string) => chinaTime(`2026-12-06 ${wall}`);
const clock = fixedClock(at('09:05:00'));
let cloud: LocalCloud;
let call: Call;
let ev: EventView;

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
  call = caller(cloud, events({ clock, log: { error: () => undefined, info: () => undefined } }));
  await bindMembers(cloud, ['m0004', 'm0005', 'm0006']);
  ev = await createEvent(call, { startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString() });
  expectOk(await call<CheckinResult>('t-m0004', { action: 'checkin', token: tokenAt(cloud, ev.id, at('09:05:00')) }));
  // a scan queued offline at 09:01:02, sent at 09:05
  expectOk(await call<CheckinResult>('t-m0006', { action: 'checkin', token: tokenAt(cloud, ev.id, at('09:01:02')), scannedAt: at('09:01:02').toISOString() }));
  expectOk(await call<CheckinResult>(SECRETARY_B01, { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0005', reason: '未带手机' }));
});
afterAll(() => cloud.close());

describe('events.attendance', () => {
  it('lists who came (by time, with offline and proxy) and who of the branch did not', async () => {
    const r = expectOk(await call<AttendanceEventResult>(SECRETARY_B01, { action: 'attendance', eventId: ev.id }));
    const branch = cloud.store.count('members', { ancestors: 'b01', status: 'active' });
    expect(r).toMatchObject({ kind: 'event', expected: branch, attended: 3, truncated: false, file: null });
    expect(r.attendedRows.map((x) => [x.memberId, x.offline, x.proxy])).toEqual([
      ['m0006', true, null],
      ['m0004', false, null],
      ['m0005', false, expect.stringContaining('未带手机')],
    ]);
    expect(r.absentRows).toHaveLength(branch - 3);
    expect(r.absentRows.map((x) => x.memberId)).not.toContain('m0004');
  });

  it('exports the event to .xlsx in cloud storage with a temp URL', async () => {
    const r = expectOk(await call<AttendanceEventResult>(SECRETARY_B01, { action: 'attendance', eventId: ev.id, export: true }));
    expect(r.file?.url).toMatch(/\/storage\/exports\/attendance\//);
    const rows = await sheetRows(r.file!.fileID, 0);
    expect(rows[0]).toEqual(['姓名', '支部', '签到时间', '方式', '签退时间', '时长(小时)', '积分']);
    expect(rows).toHaveLength(4);
    expect(rows[1][2]).toBe('2026-12-06 09:01:02');
    expect(rows[1][3]).toBe('离线扫码');
    expect((await sheetRows(r.file!.fileID, 1)).length).toBe(cloud.store.count('members', { ancestors: 'b01', status: 'active' }) - 3 + 1);
  });

  it('summarises a period per member for an org and exports it', async () => {
    const r = expectOk(await call<AttendancePeriodResult>(SECRETARY_B01, { action: 'attendance', orgId: 'b01', from: '2026-12-01', to: '2026-12-31', export: true }));
    expect(r.events).toEqual(expect.arrayContaining([expect.objectContaining({ id: ev.id, attended: 3 })]));
    const branch = cloud.store.count('members', { ancestors: 'b01', status: 'active' });
    expect(r.members).toBe(branch);
    expect(r.rows.slice(0, 3).map((x) => [x.memberId, x.attended, x.offline, x.proxy])).toEqual([
      ['m0004', 1, 0, 0],
      ['m0005', 1, 0, 1],
      ['m0006', 1, 1, 0],
    ]);
    expect((await sheetRows(r.file!.fileID, 0)).length).toBe(branch + 1);
  });

  it('is for the organizing staff only', async () => {
    expect(await call('t-m0004', { action: 'attendance', eventId: ev.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('demo-secretary-b02', { action: 'attendance', orgId: 'b01', from: '2026-12-01', to: '2026-12-31' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call(SECRETARY_B01, { action: 'attendance', orgId: 'b01', from: '2026-12-01' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});
