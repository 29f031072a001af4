import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Result } from '../../../core/contracts/envelope';
import type { AuditExportResult, AuditItem, AuditListResult } from '../../../core/contracts/org';
import { chinaTime } from '../../../core/domain/time';
import { files as filesFn } from '../../../core/functions/files';
import { org as orgFn } from '../../../core/functions/org';
import { fixedClock } from '../../../core/runtime/clock';
import { AUDIT_COLUMNS } from '../../../core/usecases/org/audit-export';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';

// files.audit.export read back with exceljs: for the same filter, its rows are exactly the records
// org.audit.list pages through (newest first), past one page of 100.
let cloud: LocalCloud;
let orgCall: Call;
let filesCall: Call;
const clock = fixedClock(chinaTime('2026-11-23 12:00:00'));
const ADMIN_T1 = 'demo-admin-t1';
const ADMIN_T2 = 'demo-admin-t2';

beforeAll(async () => {
  cloud = await startTestCloud();
  orgCall = caller(cloud, orgFn({ clock }));
  filesCall = caller(cloud, filesFn({ clock }));
  // 240 records: in town t1 (branches b01, b02) and in t2 (b05), two actions, one a minute from 08:00
  const docs = Array.from({ length: 240 }, (_, i) => {
    const branch = ['b01', 'b02', 'b05'][i % 3];
    const town = branch === 'b05' ? 't2' : 't1';
    return {
      _id: `aud:x:${String(i).padStart(4, '0')}`,
      actorId: 'm0001',
      actorName: '张三',
      role: i % 2 ? 'secretary' : 'orgAdmin',
      action: i % 4 === 0 ? 'org.roles.grant' : 'points.claims.approve',
      targetType: 'claim',
      targetId: `c${i}`,
      ancestors: ['county', town, branch],
      before: { status: 'pending' },
      after: i % 5 ? { status: 'approved' } : null,
      reason: i % 7 ? '' : '材料齐全',
      requestId: 'r',
      ...(i % 6 ? {} : { via: 'console' }),
      at: new Date(chinaTime('2026-11-23 08:00:00').getTime() + i * 60_000),
    };
  });
  await cloud.store.insert('audit', docs).durable;
});
afterAll(() => cloud.close());

/** Every record org.audit.list answers for `filter`, following its cursor. */
async function listAll(openid: string, filter: Record<string, unknown>): Promise<AuditItem[]> {
  const out: AuditItem[] = [];
  let cursor: string | null = null;
  do {
    const page: AuditListResult = expectOk(await orgCall<AuditListResult>(openid, { action: 'audit.list', ...filter, limit: 100, ...(cursor ? { cursor } : {}) }));
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The export's sheet as rows of cell texts (header row first). */
async function sheetOf(fileID: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(cloud.storage.get(cloud.storage.pathOf(fileID)!)! as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('审计日志')!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push(AUDIT_COLUMNS.map((_, i) => String(row.getCell(i + 1).value ?? ''))));
  return rows;
}

describe('files.audit.export', () => {
  it.each([
    ['no filter (the admin’s scope)', {}],
    [
      'one branch, one action, a time window',
      { orgId: 'b01', auditAction: 'points.claims.approve', from: chinaTime('2026-11-23 08:30:00').toISOString(), to: chinaTime('2026-11-23 11:00:00').toISOString() },
    ],
    ['one target', { targetId: 'c3' }],
  ])('has the rows org.audit.list shows for the same filter: %s', async (_, filter) => {
    const listed = await listAll(ADMIN_T1, filter);
    const r = expectOk(await filesCall<AuditExportResult>(ADMIN_T1, { action: 'audit.export', ...filter }));
    expect(r.url).toMatch(/^http/);
    expect(r.truncated).toBe(false);
    expect(r.rows).toBe(listed.length);
    const rows = await sheetOf(r.fileID);
    expect(rows[0]).toEqual(AUDIT_COLUMNS.map((c) => c.header));
    expect(rows.slice(1)).toEqual(listed.map((a) => AUDIT_COLUMNS.map((c) => c.value(a))));
    // readable, not only equal: the record id column and the Chinese source label
    expect(rows.slice(1).map((row) => row[AUDIT_COLUMNS.length - 1])).toEqual(listed.map((a) => a.id));
  });

  it('the unfiltered export of town t1 spans more than one page and holds no record of t2', async () => {
    const r = expectOk(await filesCall<AuditExportResult>(ADMIN_T1, { action: 'audit.export' }));
    expect(r.rows).toBeGreaterThan(160); // the 160 inserted under t1 and the seed's own records
    const rows = await sheetOf(r.fileID);
    const targets = new Set(rows.slice(1).map((row) => row[6]));
    for (let i = 0; i < 240; i++) expect([i, targets.has(`c${i}`)]).toEqual([i, i % 3 !== 2]);
    expect(rows.slice(1).some((row) => row[8] === '管理后台')).toBe(true);
    // times in China wall time, newest first
    expect(rows.find((row) => row[11] === 'aud:x:0000')?.slice(0, 4)).toEqual(['2026-11-23 08:00:00', '张三', 'm0001', '街镇管理员']);
    const times = rows.slice(1).map((row) => row[0]);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('refuses an org outside the admin’s scope, and a secretary', async () => {
    expect(await filesCall(ADMIN_T2, { action: 'audit.export', orgId: 'b01' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await filesCall('demo-secretary-b01', { action: 'audit.export' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('costs what its header says: caller, org, one read per 100 records (storage calls are not database requests)', async () => {
    const n = (await listAll(ADMIN_T1, { orgId: 't1' })).length;
    expect(n).toBeGreaterThan(100);
    const r = await cloud.invoke<Result<AuditExportResult>>(filesFn({ clock }) as never, { action: 'audit.export', orgId: 't1' }, { openid: ADMIN_T1 });
    expect(r.result.ok).toBe(true);
    expect(r.dbRequests).toBe(2 + Math.ceil(n / 100));
  });

  it('refuses a malformed filter as INVALID_INPUT', async () => {
    expect(await filesCall(ADMIN_T1, { action: 'audit.export', from: 'yesterday' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});
