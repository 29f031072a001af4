import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ImportResult, InviteResult, OrgCreateResult } from '../../../core/contracts/org';
import type { RulesListResult } from '../../../core/contracts/points';
import { uploadFile } from '../../../core/db/storage';
import type { MemberDoc } from '../../../core/domain/org/model';
import { chinaTime } from '../../../core/domain/time';
import { auth as authFn } from '../../../core/functions/auth';
import { events as eventsFn } from '../../../core/functions/events';
import { grid as gridFn } from '../../../core/functions/grid';
import { points as pointsFn } from '../../../core/functions/points';
import { files as filesFn } from '../../../core/functions/files';
import { org as orgFn } from '../../../core/functions/org';
import { store as storeFn } from '../../../core/functions/store';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { grantRole, photo } from '../../support/ledger';
import { act, GRID, LEADER, LEADER_ID, report, SECRETARY } from '../grid/helpers';
import { rosterCsv } from './roster-file';
import { digest, memberByOpenid, org } from './support';

/**
 * An archived org (org.archive: `archivedAt` set, invite code removed) takes no new work: no
 * event is organized for it or scoped to it, no roster row lands in it, it has no invite code
 * (none shown, none issued again, an old one binds nobody), its dedication day is not set, and
 * its store gets no new items. Each refusal leaves the data as it was. Demo county: t1 holds
 * b01..b04, administered by demo-admin-t1.
 */
let cloud: LocalCloud;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));
const log = { error: () => undefined, info: () => undefined };
let orgCall: Call;
let eventsCall: Call;
let filesCall: Call;
let storeCall: Call;
let authCall: Call;
const T1 = 'demo-admin-t1';

/** Branches made for the tests and archived: `gone` alone; `renamed` archived, then its name given to a new open branch. */
let gone: string;
let goneCode: string;
let oldRenamed: string;
let newRenamed: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  orgCall = caller(cloud, orgFn({ clock, log }));
  eventsCall = caller(cloud, eventsFn({ clock, log }));
  filesCall = caller(cloud, filesFn({ clock, log }));
  storeCall = caller(cloud, storeFn({ clock, log }));
  authCall = caller(cloud, authFn({ clock, log }));
  const create = async (name: string) => expectOk(await orgCall<OrgCreateResult>(T1, { action: 'create', parentId: 't1', name, type: 'branch' })).org.id;
  gone = await create('已撤并社区党支部');
  goneCode = org(cloud, gone).inviteCode!;
  oldRenamed = await create('同名社区党支部');
  for (const id of [gone, oldRenamed]) expectOk(await orgCall(T1, { action: 'archive', orgId: id, reason: '社区撤并' }));
  newRenamed = await create('同名社区党支部');
  expect(newRenamed).not.toBe(oldRenamed);
});
afterAll(() => cloud.close());

/** Asserts the call is refused with `code` (and `field`) and leaves `collections` exactly as they were. */
async function refusedUntouched(collections: string[], p: () => Promise<{ ok: boolean; code?: string; field?: string; message?: string }>, code: string, field?: string): Promise<void> {
  const before = digest(cloud, collections);
  const r = await p();
  expect(r.ok ? 'ok' : [r.code, r.field]).toEqual([code, field]);
  if (!r.ok) expect(r.message).toMatch(/[\u4e00-\u9fa5]/);
  expect(digest(cloud, collections)).toBe(before);
}

describe('events.create', () => {
  const at = (h: string) => chinaTime(`2026-11-25 ${h}`).toISOString();
  const input = (over: Record<string, unknown>) => ({ action: 'create', type: 'meeting', title: '支部主题党日', startAt: at('14:00:00'), endAt: at('16:00:00'), ...over });

  it('refuses an archived organizing org, and an archived scope org, with ORG_ARCHIVED; no event, no audit', async () => {
    await refusedUntouched(['events', 'audit'], () => eventsCall(T1, input({ orgId: gone })), 'ORG_ARCHIVED', 'orgId');
    await refusedUntouched(['events', 'audit'], () => eventsCall(T1, input({ orgId: 't1', scopeOrgId: gone })), 'ORG_ARCHIVED', 'scopeOrgId');
  });

  it('still creates the event for the open branch that took the archived one’s name', async () => {
    const r = expectOk(await eventsCall<{ event: { orgId: string } }>(T1, input({ orgId: 't1', scopeOrgId: newRenamed })));
    expect(r.event.orgId).toBe('t1');
  });
});

describe('org.invite and binding', () => {
  it('shows no invite code for an archived branch and issues none, even when asked to rotate', async () => {
    await refusedUntouched(['orgs', 'audit'], () => orgCall<InviteResult>(T1, { action: 'invite', branchId: gone }), 'ORG_ARCHIVED', 'branchId');
    await refusedUntouched(['orgs', 'audit'], () => orgCall<InviteResult>(T1, { action: 'invite', branchId: gone, rotate: true }), 'ORG_ARCHIVED', 'branchId');
    expect(org(cloud, gone).inviteCode).toBeUndefined();
    // the open branch of the same name has its own code
    expect(expectOk(await orgCall<InviteResult>(T1, { action: 'invite', branchId: newRenamed })).inviteCode).toBe(org(cloud, newRenamed).inviteCode);
  });

  it('the archived branch’s old invite code binds nobody (BIND_CODE_INVALID), and members are untouched', async () => {
    await refusedUntouched(['members', 'orgs'], () => authCall('wx-archived-1', { action: 'bind', inviteCode: goneCode, name: '张三', phone: '13900000001' }), 'BIND_CODE_INVALID');
  });

  it('an archived branch still holding a code (issued as it was archived) binds nobody either', async () => {
    const b01 = memberByOpenid(cloud, 'demo-member-b01');
    // a roster member of the archived branch, holding a code: only possible through a race
    await cloud.store.updateById('orgs', gone, { $set: { inviteCode: 'ARCH01' } }).durable;
    const m: Partial<MemberDoc> = {
      ...b01,
      _id: 'm-archived-1',
      openid: 'unbound:m-archived-1',
      branchId: gone,
      groupId: null,
      ancestors: ['county', 't1', gone],
      phone: '13900000002',
      name: '李四',
      boundAt: null,
    };
    await cloud.store.insert('members', [m as Record<string, unknown>]).durable;
    try {
      await refusedUntouched(['members', 'orgs'], () => authCall('wx-archived-2', { action: 'bind', inviteCode: 'ARCH01', name: '李四', phone: '13900000002' }), 'BIND_CODE_INVALID');
    } finally {
      await cloud.store.removeById('members', 'm-archived-1').durable;
      await cloud.store.updateById('orgs', gone, { $unset: { inviteCode: '' } }).durable;
    }
    expect(org(cloud, gone).inviteCode).toBeUndefined();
  });
});

describe('files.roster.import', () => {
  let n = 0;
  const upload = async (rows: unknown[][]) => uploadFile(`imports/${memberByOpenid(cloud, T1)._id}/archived-${++n}.csv`, Buffer.from('\ufeff' + rosterCsv(rows), 'utf8'));

  it('a row naming an archived branch gets BRANCH_ARCHIVED and is not imported; a name reused by an open branch lands there', async () => {
    const fileID = await upload([
      ['王五', '13900000011', '已撤并社区党支部', '', '正式', '正常', '2001-07-01', '否'],
      ['赵六', '13900000012', '同名社区党支部', '', '正式', '正常', '2001-07-01', '否'],
    ]);
    const before = digest(cloud, ['members']);
    const dry = expectOk(await filesCall<ImportResult>(T1, { action: 'roster.import', orgId: 't1', fileID, dryRun: true }));
    expect(dry.issues.map(({ row, column, code }) => ({ row, column, code }))).toEqual([{ row: 2, column: '支部', code: 'BRANCH_ARCHIVED' }]);
    expect(dry.issues[0].message).toBe('该支部已撤销，不能再导入党员');
    expect(digest(cloud, ['members'])).toBe(before);

    const r = expectOk(await filesCall<ImportResult>(T1, { action: 'roster.import', orgId: 't1', fileID, dryRun: false }));
    expect(r).toMatchObject({ created: 1, invalid: 1 });
    const placed = cloud.store.find('members', { phone: cmdIn(['13900000011', '13900000012']) }, { limit: 10 }) as unknown as MemberDoc[];
    expect(placed.map((m) => [m.name, m.branchId])).toEqual([['赵六', newRenamed]]);
  });

  it('importing into an archived org is refused with ORG_ARCHIVED and writes nothing', async () => {
    const fileID = await upload([['孙七', '13900000013', '', '', '正式', '正常', '2001-07-01', '否']]);
    await refusedUntouched(['members', 'audit'], () => filesCall(T1, { action: 'roster.import', orgId: gone, fileID, dryRun: false }), 'ORG_ARCHIVED', 'orgId');
  });
});

describe('dedication day and store items', () => {
  it('events.dedication.config refuses an archived branch', async () => {
    await refusedUntouched(['orgs', 'audit'], () => eventsCall(T1, { action: 'dedication.config', branchId: gone, day: 20 }), 'ORG_ARCHIVED', 'branchId');
  });

  it('store.items.save creates no item in an archived org’s store, nor one offered to an archived org', async () => {
    const item = { action: 'items.save', mode: 'create', name: '党员读本', cost: 10, stock: 5 };
    await refusedUntouched(['storeItems', 'stockShards', 'audit'], () => storeCall(T1, { ...item, requestId: 'arch-item-1', storeOrgId: gone }), 'ORG_ARCHIVED', 'storeOrgId');
    await refusedUntouched(
      ['storeItems', 'stockShards', 'audit'],
      () => storeCall(T1, { ...item, requestId: 'arch-item-2', storeOrgId: 't1', scopeOrgIds: ['b01', gone] }),
      'ORG_ARCHIVED',
      'scopeOrgIds',
    );
    expect(expectOk(await storeCall<{ created: boolean }>(T1, { ...item, requestId: 'arch-item-3', storeOrgId: 't1', scopeOrgIds: ['b01', newRenamed] })).created).toBe(true);
  });
});

describe('grid issues and point rules', () => {
  let gridCall: Call;
  let pointsCall: Call;
  /** A party group of b01 that the grid leader of b01g2 also led, archived; a town archived by the 组织部. */
  let oldGrid: string;
  let oldTown: string;
  beforeAll(async () => {
    gridCall = caller(cloud, gridFn({ clock, log }));
    pointsCall = caller(cloud, pointsFn({ clock, log }));
    oldGrid = expectOk(await orgCall<OrgCreateResult>(T1, { action: 'create', parentId: 'b01', name: '已撤并党小组', type: 'group' })).org.id;
    await grantRole(cloud, LEADER_ID, 'gridLeader', oldGrid);
    oldTown = expectOk(await orgCall<OrgCreateResult>('demo-admin-county', { action: 'create', parentId: 'county', name: '已撤并街道党工委', type: 'town' })).org.id;
    expectOk(await orgCall(T1, { action: 'archive', orgId: oldGrid, reason: '网格撤并' }));
    expectOk(await orgCall('demo-admin-county', { action: 'archive', orgId: oldTown, reason: '区划调整' }));
  });

  it('an issue is not assigned to an archived grid, nor reported to one its leader still holds a grant on', async () => {
    const i = await report(gridCall, LEADER, LEADER_ID);
    expectOk(await act(gridCall, LEADER, 'issues.accept', i.id));
    expectOk(await act(gridCall, LEADER, 'issues.escalate', i.id, { reason: '超出网格处置权限' }));
    await refusedUntouched(['gridIssues', 'audit', 'outbox'], () => act(gridCall, SECRETARY, 'issues.assign', i.id, { to: 'org', orgId: oldGrid }), 'ORG_ARCHIVED', 'orgId');
    const before = digest(cloud, ['gridIssues']);
    const r = await gridCall(LEADER, {
      action: 'issues.report',
      category: 'safety',
      text: '路灯不亮',
      photos: [photo('archived-grid', LEADER_ID)],
      location: { latitude: 34.7466, longitude: 113.6253 },
      gridId: oldGrid,
    });
    expect(r.ok ? 'ok' : [r.code, r.field]).toEqual(['ORG_ARCHIVED', 'gridId']);
    expect(digest(cloud, ['gridIssues'])).toBe(before);
    // the leader's own open grid still takes reports
    expect((await report(gridCall, LEADER, LEADER_ID, { gridId: GRID })).id).toBeTruthy();
  });

  it('points.rules.save makes no rule for an archived town', async () => {
    const [r] = expectOk(await pointsCall<RulesListResult>('demo-admin-county', { action: 'rules.list', view: 'catalog' })).rules.filter((x) => x.code === 'VANGUARD');
    const save = {
      action: 'rules.save',
      code: r.code,
      expectedVersion: r.version,
      name: r.name,
      category: r.category,
      evalPoints: r.evalPoints,
      redeemPoints: r.redeemPoints,
      trigger: r.trigger,
      caps: r.caps,
      evidence: r.evidence,
      approverRole: r.approverRole,
      description: r.description,
      status: 'active',
    };
    await refusedUntouched(['rules', 'audit'], () => pointsCall('demo-admin-county', { ...save, scopeOrgId: oldTown }), 'ORG_ARCHIVED', 'scopeOrgId');
  });
});

/** The store's `$in` (the local cloud's query operators are MongoDB's). */
const cmdIn = (values: string[]) => ({ $in: values });
