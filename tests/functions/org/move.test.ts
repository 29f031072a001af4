import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import type { AuditListResult, OrgCreateResult, OrgMoveResult, TreeResult } from '../../../core/contracts/org';
import type { LedgerAuditResult } from '../../../core/contracts/points';
import { COLLECTIONS } from '../../../core/db/schema';
import { MOVE_FOLLOWERS, MOVE_HISTORY } from '../../../core/domain/org/edit';
import type { MemberDoc, OrgDoc } from '../../../core/domain/org/model';
import { org as orgFn } from '../../../core/functions/org';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import type { Main } from '../../../core/runtime/router';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { digest, org } from './support';

/**
 * org.move through the real router: everything under the moved org follows (orgs, members,
 * balances, claims, events...), history stays, scope is checked at both ends, a cycle is refused,
 * and an interrupted move resumes. t1 = b01..b04, t2 = b05..b08.
 */
let cloud: LocalCloud;
let call: Call;
let pointsCall: Call;
let orgMain: Main;
const clock = fixedClock('2026-11-23T02:00:00Z');
const COUNTY = 'demo-admin-county';
const T1 = 'demo-admin-t1';
const log = { error: () => undefined, info: () => undefined };

beforeAll(async () => {
  cloud = await startTestCloud();
  orgMain = orgFn({ clock, log });
  call = caller(cloud, orgMain);
  pointsCall = caller(cloud, points({ clock, log }));
});
afterAll(() => cloud.close());

type Placed = { _id: string; ancestors: string[]; branchId?: string };
const under = (c: string, orgId: string): Placed[] => cloud.store.find(c, { ancestors: orgId }, { limit: 100_000 }) as unknown as Placed[];
const move = (openid: string, orgId: string, toParentId: string) => call<OrgMoveResult>(openid, { action: 'move', orgId, toParentId, reason: '区划调整' });
const followers = MOVE_FOLLOWERS.filter((c) => Object.prototype.hasOwnProperty.call(COLLECTIONS, c));

describe('org.move', () => {
  it('moves a branch to another town: every org, member, balance, claim and event below it follows; ledger entries stay; both towns audit clean', async () => {
    const before = Object.fromEntries(followers.map((c) => [c, under(c, 'b04').length]));
    const ledgerBefore = under('ledger', 'b04').map((e) => e.ancestors.join('/'));
    expect(before.members).toBeGreaterThan(20);
    expect(before.balances).toBeGreaterThan(0);

    const r = expectOk(await move(COUNTY, 'b04', 't2'));
    expect(r).toMatchObject({ orgId: 'b04', parentId: 't2', ancestors: ['county', 't2', 'b04'], changed: true, done: true });
    expect(org(cloud, 'b04')).toMatchObject({ parentId: 't2', ancestors: ['county', 't2', 'b04'], moving: null });
    for (const g of ['b04g1', 'b04g2', 'b04g3']) expect(org(cloud, g).ancestors).toEqual(['county', 't2', 'b04', g]);
    for (const c of followers) {
      const docs = under(c, 'b04');
      // the same documents, all placed under t2 now, none left under t1
      expect([c, docs.length]).toEqual([c, before[c]]);
      expect([c, docs.filter((d) => d.ancestors[1] !== 't2' || d.ancestors[0] !== 'county').map((d) => d._id)]).toEqual([c, []]);
      expect([c, under(c, 't1').filter((d) => d.ancestors.includes('b04')).length]).toEqual([c, 0]);
    }
    expect(r.updated.members).toBe(before.members);
    // history keeps the place it was written under
    expect(under('ledger', 'b04').map((e) => e.ancestors.join('/'))).toEqual(ledgerBefore);

    const t2 = expectOk(await call<TreeResult>('demo-admin-t2', { action: 'tree' })).nodes.map((n) => n.id);
    expect(t2).toEqual(expect.arrayContaining(['b04', 'b04g1']));
    expect(expectOk(await call<TreeResult>(T1, { action: 'tree' })).nodes.map((n) => n.id)).not.toContain('b04');
    for (const orgId of ['t1', 't2', 'b04']) expect(expectOk(await pointsCall<LedgerAuditResult>(COUNTY, { action: 'ledger.audit', orgId }))).toMatchObject({ orgId, drift: [], misplaced: [] });

    const audit = expectOk(await call<AuditListResult>('demo-admin-t2', { action: 'audit.list', orgId: 't2', auditAction: 'org.move', targetId: 'b04' })).items;
    expect(audit[0]).toMatchObject({ role: 'countyAdmin', before: { parentId: 't1' }, after: { parentId: 't2', ancestors: ['county', 't2', 'b04'] }, reason: '区划调整' });
    // the old town's admin sees the record too: it was theirs
    expect(expectOk(await call<AuditListResult>(T1, { action: 'audit.list', orgId: 't1', auditAction: 'org.move' })).items.map((a) => a.targetId)).toContain('b04');

    // the same move again: nothing to do
    const snapshot = digest(cloud, ['orgs', 'members', 'audit']);
    expect(expectOk(await move(COUNTY, 'b04', 't2'))).toMatchObject({ changed: false, done: true });
    expect(digest(cloud, ['orgs', 'members', 'audit'])).toBe(snapshot);
  });

  it('a town admin moves a party group to another branch of its town: its members now belong to that branch', async () => {
    const members = under('members', 'b02g3');
    expect(members.length).toBeGreaterThan(0);
    const r = expectOk(await move(T1, 'b02g3', 'b03'));
    expect(r).toMatchObject({ ancestors: ['county', 't1', 'b03', 'b02g3'], done: true });
    for (const m of members) expect(cloud.store.getById('members', m._id) as unknown as MemberDoc).toMatchObject({ branchId: 'b03', groupId: 'b02g3', ancestors: ['county', 't1', 'b03', 'b02g3'] });
    expect(under('members', 'b02').filter((m) => m.ancestors.includes('b02g3'))).toEqual([]);
  });

  it('refuses a move out of the caller’s scope at either end, into its own subtree, or under the wrong type, writing nothing', async () => {
    const cases: [string, string, string, string][] = [
      [T1, 'b03', 't2', 'FORBIDDEN'], // the new parent is another town's
      ['demo-admin-t2', 'b01g1', 'b05', 'FORBIDDEN'], // the org is another town's
      ['demo-secretary-b01', 'b01g1', 'b01', 'FORBIDDEN'],
      [T1, 'b01', 'b01g1', 'INVALID_INPUT'], // under its own party group
      [T1, 'b01g1', 'b01g1', 'INVALID_INPUT'], // under itself
      [T1, 'b01g1', 't1', 'INVALID_INPUT'], // a party group under a town
      [COUNTY, 't1', 't2', 'INVALID_INPUT'], // a town under a town
      [COUNTY, 'county', 't1', 'INVALID_INPUT'],
      [COUNTY, 'b01', 'no-such-org', 'NOT_FOUND'],
    ];
    for (const [who, orgId, to, code] of cases) {
      const before = digest(cloud, ['orgs', 'members', 'balances', 'audit']);
      const r = await move(who, orgId, to);
      expect([who, orgId, to, r.ok ? 'ok' : r.code]).toEqual([who, orgId, to, code]);
      expect(digest(cloud, ['orgs', 'members', 'balances', 'audit'])).toBe(before);
    }
    const own = await move(T1, 'b01g1', 'b01g1');
    expect(own).toMatchObject({ ok: false, field: 'toParentId', message: '不能调到本组织或其下级组织之下' });
    expect(await call(T1, { action: 'move', orgId: 'b01g1', toParentId: 'b02' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'reason' });
  });

  it('an interrupted move (the org re-hung, the documents below not yet) is finished by the same call; another target is CONFLICT until then', async () => {
    // what a move that ran out of time leaves: the org re-hung and marked, its members still at the old place
    const b = expectOk(await call<OrgCreateResult>(T1, { action: 'create', parentId: 't1', name: '中断测试党支部', type: 'branch' })).org;
    const g = expectOk(await call<OrgCreateResult>(T1, { action: 'create', parentId: b.id, name: '中断测试党小组', type: 'group' })).org;
    const m = {
      ...(cloud.store.getById('members', under('members', 'b01')[0]._id) as unknown as MemberDoc),
      _id: 'mv-interrupted',
      openid: 'unbound:mv-interrupted',
      branchId: b.id,
      groupId: g.id,
      ancestors: g.ancestors,
      roles: [],
    };
    cloud.store.insert('members', [m as never]);
    const to = ['county', 't2', b.id];
    cloud.store.updateById('orgs', b.id, { $set: { parentId: 't2', ancestors: to, moving: { toParentId: 't2', from: b.ancestors, to, at: new Date() } } });

    const other = await move(COUNTY, b.id, 't3');
    expect(other).toMatchObject({ ok: false, code: 'CONFLICT' });
    const r = expectOk(await move(COUNTY, b.id, 't2'));
    expect(r).toMatchObject({ changed: false, done: true });
    expect(org(cloud, g.id).ancestors).toEqual([...to, g.id]);
    expect((cloud.store.getById('members', 'mv-interrupted') as unknown as MemberDoc).ancestors).toEqual([...to, g.id]);
    expect((org(cloud, b.id) as OrgDoc).moving).toBeNull();
  });

  it('a move that makes paths shorter (a branch from a town to the county) rewrites each document to its own place', async () => {
    const b = expectOk(await call<OrgCreateResult>(COUNTY, { action: 'create', parentId: 't3', name: '县直迁移测试党支部', type: 'branch' })).org;
    const g = expectOk(await call<OrgCreateResult>(COUNTY, { action: 'create', parentId: b.id, name: '县直迁移测试党小组', type: 'group' })).org;
    const base = cloud.store.getById('members', under('members', 'b09')[0]._id) as unknown as MemberDoc;
    cloud.store.insert('members', [
      { ...base, _id: 'mv-short-b', openid: 'unbound:mv-short-b', branchId: b.id, groupId: null, ancestors: b.ancestors, roles: [] } as never,
      { ...base, _id: 'mv-short-g', openid: 'unbound:mv-short-g', branchId: b.id, groupId: g.id, ancestors: g.ancestors, roles: [] } as never,
    ]);
    expectOk(await move(COUNTY, b.id, 'county'));
    expect((cloud.store.getById('members', 'mv-short-b') as unknown as MemberDoc).ancestors).toEqual(['county', b.id]);
    expect((cloud.store.getById('members', 'mv-short-g') as unknown as MemberDoc).ancestors).toEqual(['county', b.id, g.id]);
  });

  it('costs what its header comment says: a party group 10 + F requests, a branch with three groups 13 + 4F', async () => {
    const F = followers.length;
    const requests = async (event: Record<string, unknown>) => {
      const r = await cloud.invoke<Result<OrgMoveResult>>(orgMain as never, event, { openid: COUNTY });
      expect(r.result).toMatchObject({ ok: true, data: { done: true } });
      return r.dbRequests;
    };
    expect(await requests({ action: 'move', orgId: 'b06g1', toParentId: 'b07', reason: '网格调整' })).toBe(10 + F);
    expect(await requests({ action: 'move', orgId: 'b10', toParentId: 't2', reason: '区划调整' })).toBe(13 + 4 * F);
    expect(await requests({ action: 'move', orgId: 'b10', toParentId: 't2', reason: '区划调整' })).toBe(3);
  });
});

describe('the collections a move rewrites', () => {
  it('every collection indexed on `ancestors` is either a follower or history (a new one must say which)', () => {
    const withAncestors = Object.entries(COLLECTIONS)
      .filter(([, idx]) => (idx as { field: string }[]).some((i) => i.field === 'ancestors'))
      .map(([name]) => name)
      .filter((n) => n !== 'orgs');
    expect(withAncestors.filter((n) => !MOVE_FOLLOWERS.includes(n) && !MOVE_HISTORY.includes(n))).toEqual([]);
  });
});
