import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ImportResult } from '../../../core/contracts/org';
import { uploadFile } from '../../../core/db/storage';
import type { MemberDoc, OrgDoc } from '../../../core/domain/org/model';
import { importedMemberId } from '../../../core/domain/org/roster-import';
import { chinaTime } from '../../../core/domain/time';
import { files as filesFn } from '../../../core/functions/files';
import { fixedClock } from '../../../core/runtime/clock';
import type { AuditDoc } from '../../../core/domain/audit';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { BAD_ROWS_3000, phoneOf, rosterXlsx, sheetRow, type RosterBranch, type RosterSpec } from './roster-file';
import { digest, memberByOpenid } from './support';

let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));
let t1Branches: RosterBranch[];
let spec: RosterSpec;

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, filesFn({ clock }));
  const orgs = cloud.store.find('orgs', { ancestors: 't1' }, { limit: 1000 }) as unknown as OrgDoc[];
  t1Branches = orgs
    .filter((o) => o.type === 'branch')
    .sort((a, b) => a._id.localeCompare(b._id))
    .map((b, i) => ({
      name: b.name,
      // some files name the group without its note: 第一党小组 for 第一党小组（1号网格）
      groups: orgs.filter((g) => g.parentId === b._id).map((g) => (i % 2 ? g.name.replace(/（.*）/, '') : g.name)),
    }));
  const t2Member = memberByOpenid(cloud, 'demo-member-b05');
  spec = { rows: 3000, bad: BAD_ROWS_3000, branches: t1Branches, outsidePhone: t2Member.phone, foreignBranch: '博学路社区党支部' };
});
afterAll(() => cloud.close());

let n = 0;
async function upload(buf: Buffer, ext: 'xlsx' | 'csv'): Promise<string> {
  // into the importing admin's own folder: an import reads only the caller's uploads
  return uploadFile(`imports/${memberByOpenid(cloud, 'demo-admin-t1')._id}/test-${++n}.${ext}`, buf);
}
const importAs = (openid: string, payload: Record<string, unknown>) => cloud.invoke<{ ok: boolean }>(filesFn({ clock }) as never, { action: 'roster.import', ...payload }, { openid });
const members = () => digest(cloud, ['members']);

describe('files.roster.import of 3,000 rows with 20 bad ones', () => {
  let fileID: string;
  let expected: { row: number; column: string; code: string }[];

  beforeAll(async () => {
    const f = await rosterXlsx(spec);
    expected = f.expected;
    fileID = await upload(f.buffer, 'xlsx');
  });

  it('dry run reports exactly the 20 bad rows (row, column, code, message) and writes nothing', async () => {
    const before = digest(cloud, ['members', 'audit']);
    const r = expectOk(await call<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID, dryRun: true }));
    expect(r).toMatchObject({ dryRun: true, orgId: 't1', rows: 3000, valid: 2980, invalid: 20, created: 2980, updated: 0, unchanged: 0, issuesTotal: 20 });
    expect(r.issues.map(({ row, column, code }) => ({ row, column, code }))).toEqual(expected);
    expect(expected).toHaveLength(20);
    for (const i of r.issues) expect(i.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(r.issues.find((i) => i.code === 'PHONE_DUPLICATE')?.message).toContain(`第 ${expected.find((e) => e.code === 'PHONE_DUPLICATE')!.row - 1} 行`);
    expect(r.preview).toHaveLength(50);
    expect(digest(cloud, ['members', 'audit'])).toBe(before);
  });

  it('commit writes the 2,980 good rows with few requests, and one audit record with the counts', async () => {
    const t0 = Date.now();
    const inv = await importAs('demo-admin-t1', { fileID, dryRun: false });
    const r = expectOk(inv.result as never) as ImportResult;
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r).toMatchObject({ dryRun: false, created: 2980, updated: 0, unchanged: 0, invalid: 20 });
    expect(inv.dbRequests / 3000).toBeLessThan(0.05);
    const created = cloud.store.find('members', { phone: { $regex: '^199' } }, { limit: 10000 }) as unknown as MemberDoc[];
    expect(created).toHaveLength(2980);
    const first = created.find((m) => m.phone === phoneOf(0))!;
    expect(first).toMatchObject({
      _id: importedMemberId('county', phoneOf(0)),
      openid: `unbound:${importedMemberId('county', phoneOf(0))}`,
      branchId: 'b01',
      groupId: 'b01g1',
      ancestors: ['county', 't1', 'b01', 'b01g1'],
      partyStatus: 'probationary',
      status: 'suspended',
      roles: [],
    });
    expect(created.find((m) => m.phone === phoneOf(4))).toMatchObject({ groupId: null, ancestors: ['county', 't1', 'b01'] });
    // no bad row wrote anything (each bad row's own phone was spoiled or the row refused)
    for (const e of expected) expect(cloud.store.count('members', { phone: phoneOf(e.row - 3) })).toBe(0);
    const audits = cloud.store.find('audit', { action: 'org.members.import' }, { limit: 10 }) as unknown as AuditDoc[];
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ targetId: 't1', role: 'orgAdmin', after: { created: 2980, updated: 0, invalid: 20 } });
  });

  it('a second import of the same file changes nothing', async () => {
    const before = digest(cloud, ['members', 'audit']);
    const r = expectOk(await call<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID, dryRun: false }));
    expect(r).toMatchObject({ created: 0, updated: 0, unchanged: 2980, invalid: 20, issuesTotal: 20 });
    expect(digest(cloud, ['members', 'audit'])).toBe(before);
  });

  it('updates only the changed fields of changed rows, grouping equal changes', async () => {
    const changed = await rosterXlsx({
      ...spec,
      edit: (r, i) => {
        if (i >= 100 && i < 110) r[5] = '转出'; // 10 members transferred out
        if (i === 200) r[0] = '改名字';
        if (i === 300) [r[2], r[3]] = [t1Branches[(300 + 1) % t1Branches.length].name, '']; // moved to another branch, no group named
      },
    });
    const id = await upload(changed.buffer, 'xlsx');
    const dry = expectOk(await call<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID: id, dryRun: true }));
    expect(dry).toMatchObject({ created: 0, updated: 12, unchanged: 2968 });
    const inv = await importAs('demo-admin-t1', { fileID: id, dryRun: false });
    expect(expectOk(inv.result as never)).toMatchObject({ created: 0, updated: 12 });
    const byPhone = (i: number) => (cloud.store.find('members', { phone: phoneOf(i) }, { limit: 1 }) as unknown as MemberDoc[])[0];
    expect(byPhone(105).status).toBe('transferred');
    expect(byPhone(200).name).toBe('改名字');
    expect(byPhone(300)).toMatchObject({ branchId: 'b02', groupId: null, ancestors: ['county', 't1', 'b02'] });
    expect(byPhone(301).status).toBe('active');
    const again = expectOk(await call<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID: id, dryRun: false }));
    expect(again).toMatchObject({ created: 0, updated: 0 });
  });
});

describe('files.roster.import file handling', () => {
  const small = (rows = 5): RosterSpec => ({ rows, bad: [], branches: t1Branches, outsidePhone: '13000000000', foreignBranch: 'x' });

  it('reads a UTF-8 CSV with a BOM and quoted fields (commas, quotes, line breaks) into a branch', async () => {
    const text = [
      '姓名,手机号,支部,备注,党小组',
      '"欧阳 娜娜",13912340011,青年路社区党支部,"住文化路 1 号, ""东院""",第二党小组',
      '张三,13912340012,,"两行的\n备注",',
      '李四,13912340013,文化路社区党支部,,',
    ].join('\r\n');
    const id = await upload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'csv');
    const r = expectOk(await call<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID: id, orgId: 'b01', dryRun: true }));
    // an empty branch cell means the target branch; another branch is unknown inside b01
    expect(r).toMatchObject({ rows: 3, valid: 2, created: 2, invalid: 1 });
    expect(r.issues.map((i) => [i.row, i.column, i.code])).toEqual([[4, '支部', 'BRANCH_UNKNOWN']]);
    expect(r.preview.map((p) => [p.row, p.name])).toEqual([
      [2, '欧阳 娜娜'],
      [3, '张三'],
    ]);
  });

  it('reads a GBK CSV as Excel on a Chinese Windows saves it', async () => {
    const gbkName = '测试'; // 测 = B2E2, 试 = CAD4 in GBK
    const header = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xca, 0xd6, 0xbb, 0xfa, 0xba, 0xc5, 0x0d, 0x0a]); // 姓名,手机号
    const row = Buffer.concat([Buffer.from([0xb2, 0xe2, 0xca, 0xd4]), Buffer.from(',13912345678\r\n')]);
    const id = await upload(Buffer.concat([header, row]), 'csv');
    const r = expectOk(await call<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID: id, orgId: 'b01', dryRun: true }));
    expect(r).toMatchObject({ rows: 1, valid: 1, created: 1, issuesTotal: 0 });
    expect(r.preview[0]).toMatchObject({ row: 2, kind: 'create', name: gbkName });
  });

  it('refuses a file without the 姓名/手机号 header, a missing file and a non-spreadsheet with IMPORT_FILE_INVALID', async () => {
    const noHeader = await upload(Buffer.from('a,b\r\n1,2\r\n'), 'csv');
    const garbage = await upload(Buffer.from('this is not a zip'), 'xlsx');
    for (const fileID of [noHeader, garbage, `cloud://local.nowhere/imports/${memberByOpenid(cloud, 'demo-admin-t1')._id}/missing.xlsx`])
      expect(await call('demo-admin-t1', { action: 'roster.import', fileID, dryRun: true })).toMatchObject({ ok: false, code: 'IMPORT_FILE_INVALID' });
  });

  it('refuses a town-level file without a 支部 column', async () => {
    const id = await upload(Buffer.from('姓名,手机号\r\n张三,13912345678\r\n'), 'csv');
    expect(await call('demo-admin-t1', { action: 'roster.import', fileID: id, dryRun: true })).toMatchObject({ ok: false, code: 'IMPORT_FILE_INVALID' });
  });

  it('refuses more than 5,000 rows with IMPORT_TOO_LARGE', async () => {
    const lines = ['姓名,手机号,支部'];
    for (let i = 0; i < 5001; i++) lines.push(`张三,${phoneOf(900000 + i)},青年路社区党支部`);
    const id = await upload(Buffer.from(lines.join('\n')), 'csv');
    expect(await call('demo-admin-t1', { action: 'roster.import', fileID: id, dryRun: true })).toMatchObject({ ok: false, code: 'IMPORT_TOO_LARGE' });
  });

  it('refuses a file id that is not an .xlsx or .csv in cloud storage as INVALID_INPUT', async () => {
    expect(await call('demo-admin-t1', { action: 'roster.import', fileID: 'https://example.com/a.xlsx', dryRun: true })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'fileID' });
  });

  it('does not touch members it cannot see: a commit interrupted midway is completed by running it again', async () => {
    const f = await rosterXlsx({ ...small(250), branches: t1Branches.slice(0, 1), edit: (r, i) => (r[1] = `1770000${String(i).padStart(4, '0')}`) });
    const id = await upload(f.buffer, 'xlsx');
    const undo = cloud.faults.add({ api: 'database.insertDocument', collection: 'members', fail: true, nth: 2 });
    const r1 = await call('demo-admin-t1', { action: 'roster.import', fileID: id, dryRun: false });
    undo();
    expect(r1).toMatchObject({ ok: false, code: 'INTERNAL' });
    const partial = cloud.store.count('members', { phone: { $regex: '^1770000' } });
    expect(partial).toBe(100);
    const r2 = expectOk(await call<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID: id, dryRun: false }));
    expect(r2).toMatchObject({ created: 150, unchanged: 100 });
    expect(cloud.store.count('members', { phone: { $regex: '^1770000' } })).toBe(250);
  });

  it('keeps members of the scope that the file does not list', async () => {
    const before = members();
    const id = await upload(Buffer.from(`姓名,手机号,支部\r\n`), 'csv');
    const r = expectOk(await call<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID: id, dryRun: false }));
    expect(r).toMatchObject({ rows: 0, created: 0, updated: 0 });
    expect(members()).toBe(before);
  });

  it('takes a file sent as base64 (local mode) from an admin, and imports it', async () => {
    const f = await rosterXlsx({ ...small(3), edit: (r, i) => (r[1] = `1660000000${i}`) });
    const up = expectOk(await call<{ fileID: string }>('demo-admin-t1', { action: 'roster.upload', fileName: '花名册.xlsx', contentBase64: f.buffer.toString('base64') }));
    expect(up.fileID).toMatch(/^cloud:\/\/.+\.xlsx$/);
    const r = expectOk(await call<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID: up.fileID, dryRun: true }));
    expect(r).toMatchObject({ rows: 3, created: 3 });
  });

  it('refuses an upload from a secretary, and an .xlsx that is not one', async () => {
    expect(await call('demo-secretary-b01', { action: 'roster.upload', fileName: 'a.csv', contentBase64: Buffer.from('姓名,手机号').toString('base64') })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await call('demo-admin-t1', { action: 'roster.upload', fileName: 'a.xlsx', contentBase64: Buffer.from('not a zip').toString('base64') })).toMatchObject({
      ok: false,
      code: 'IMPORT_FILE_INVALID',
    });
  });

  it('reports sheet row numbers even with blank rows in between', async () => {
    const text = `姓名,手机号,支部\r\n张三,13912340001,青年路社区党支部\r\n,,\r\n\r\n李四,1391234,青年路社区党支部\r\n`;
    const id = await upload(Buffer.from(text), 'csv');
    const r = expectOk(await call<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID: id, dryRun: true }));
    expect(r.rows).toBe(2);
    expect(r.issues.map((i) => [i.row, i.column, i.code])).toEqual([[5, '手机号', 'PHONE_INVALID']]);
    expect(sheetRow(0)).toBe(3);
  });
});
