import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import { uploadFile } from '../../../core/db/storage';
import { chinaTime } from '../../../core/domain/time';
import { files as filesFn } from '../../../core/functions/files';
import { org as orgFn } from '../../../core/functions/org';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { digest, memberByOpenid } from './support';

/**
 * Done-when: a secretary of branch A (b01) gets FORBIDDEN for any read or write on branch B's
 * (b02's) members; the admin of the town above both (t1) succeeds on both; a revoked role stops
 * working at once.
 */
let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));
let fileFor: Record<'b01' | 'b02', string>;
let ids: Record<string, string>;

beforeAll(async () => {
  cloud = await startTestCloud();
  const orgCall = caller(cloud, orgFn({ clock }));
  const filesCall = caller(cloud, filesFn({ clock }));
  // the roster import is served by the files function, everything else by org
  call = <T>(openid: string | undefined, ev: Record<string, unknown>) => (String(ev.action).startsWith('roster.') ? filesCall : orgCall)<T>(openid, ev);
  const csv = (branch: string, phone: string) => Buffer.from(`姓名,手机号,支部\r\n新党员,${phone},${branch}\r\n`);
  fileFor = {
    // uploaded by the town admin who imports them (imports read only the uploader's own folder)
    b01: await uploadFile(`imports/${memberByOpenid(cloud, 'demo-admin-t1')._id}/scope-b01.csv`, csv('青年路社区党支部', '13700000001')),
    b02: await uploadFile(`imports/${memberByOpenid(cloud, 'demo-admin-t1')._id}/scope-b02.csv`, csv('文化路社区党支部', '13700000002')),
  };
  ids = {
    memberB01: memberByOpenid(cloud, 'demo-member-b01')._id,
    memberB02: memberByOpenid(cloud, 'demo-member-b02')._id,
    secretaryB02: memberByOpenid(cloud, 'demo-secretary-b02')._id,
  };
});
afterAll(() => cloud.close());

type Op = [name: string, event: (b: 'b01' | 'b02') => Record<string, unknown>];
const member = (b: 'b01' | 'b02') => (b === 'b01' ? ids.memberB01 : ids.memberB02);

const READS: Op[] = [
  ['members.list of the branch', (b) => ({ action: 'members.list', orgId: b })],
  ['members.list of a party group of the branch', (b) => ({ action: 'members.list', orgId: `${b}g2` })],
  ['members.list searching the branch by name', (b) => ({ action: 'members.list', orgId: b, q: '王' })],
  ['members.get of a member of the branch', (b) => ({ action: 'members.get', memberId: member(b) })],
  ['tree under the branch', (b) => ({ action: 'tree', rootId: b })],
];
const WRITES: Op[] = [
  ['roles.grant on the branch’s party group', (b) => ({ action: 'roles.grant', memberId: member(b), role: 'gridLeader', orgId: `${b}g3` })],
  ['roles.revoke of the branch’s gridLeader', (b) => ({ action: 'roles.revoke', memberId: member(b), role: 'gridLeader', orgId: `${b}g3` })],
  ['members.unbind of a member of the branch', (b) => ({ action: 'members.unbind', memberId: member(b), reason: '更换手机' })],
  ['roster.import dry run into the branch', (b) => ({ action: 'roster.import', fileID: fileFor[b], orgId: b, dryRun: true })],
  ['roster.import into the branch', (b) => ({ action: 'roster.import', fileID: fileFor[b], orgId: b, dryRun: false })],
  ['invite code rotation of the branch', (b) => ({ action: 'invite', branchId: b, rotate: true })],
  ['audit.list of the branch', (b) => ({ action: 'audit.list', orgId: b })],
];
const everything = () => digest(cloud, ['members', 'orgs', 'audit']);

describe('a secretary of branch b01', () => {
  it.each(READS.concat(WRITES))('gets FORBIDDEN for %s (b02), and nothing is written', async (_n, ev) => {
    const before = everything();
    expect(await call('demo-secretary-b01', ev('b02'))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(everything()).toBe(before);
  });

  it.each(READS)('may do %s (b01): the scope, not the action, decides', async (_n, ev) => {
    expectOk(await call('demo-secretary-b01', ev('b01')));
  });

  it('gets FORBIDDEN for members.get of any member of b02, bound or not', async () => {
    for (const m of cloud.store.find('members', { branchId: 'b02' }, { limit: 1000 })) {
      expect(await call('demo-secretary-b01', { action: 'members.get', memberId: m._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
  });

  it('without an org named, lists only b01', async () => {
    const r = expectOk(await call<{ items: { branch: { id: string } }[]; total: number }>('demo-secretary-b01', { action: 'members.list', limit: 100 }));
    expect(r.total).toBe(cloud.store.count('members', { branchId: 'b01' }));
    expect(new Set(r.items.map((i) => i.branch.id))).toEqual(new Set(['b01']));
  });
});

describe('the admin of town t1, above both branches', () => {
  it.each(READS)('may do %s (b01 and b02)', async (_n, ev) => {
    for (const b of ['b01', 'b02'] as const) expectOk(await call('demo-admin-t1', ev(b)));
  });

  it.each(WRITES)('may do %s (b01 and b02)', async (_n, ev) => {
    for (const b of ['b01', 'b02'] as const) {
      const r: Result<unknown> = await call('demo-admin-t1', ev(b));
      expect(r).toMatchObject({ ok: true });
    }
  });

  it('gets FORBIDDEN on a branch of another town', async () => {
    const t2Member = memberByOpenid(cloud, 'demo-member-b05')._id;
    for (const ev of [
      { action: 'members.list', orgId: 'b05' },
      { action: 'members.get', memberId: t2Member },
      { action: 'members.unbind', memberId: t2Member, reason: '测试' },
      { action: 'roles.grant', memberId: t2Member, role: 'gridLeader', orgId: 'b05g1' },
      { action: 'roster.import', fileID: fileFor.b01, orgId: 'b05', dryRun: true },
      { action: 'audit.list', orgId: 't2' },
    ])
      expect(await call('demo-admin-t1', ev)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('revoking a role', () => {
  it('stops the secretary at once: the next call is FORBIDDEN', async () => {
    const sec = memberByOpenid(cloud, 'demo-secretary-b01');
    expectOk(await call('demo-secretary-b01', { action: 'members.list', orgId: 'b01' }));
    expectOk(await call('demo-admin-t1', { action: 'roles.revoke', memberId: sec._id, role: 'secretary', orgId: 'b01' }));
    expect(await call('demo-secretary-b01', { action: 'members.list', orgId: 'b01' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('demo-secretary-b01', { action: 'invite', branchId: 'b01' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // granted again, it works again, also at once
    expectOk(await call('demo-admin-t1', { action: 'roles.grant', memberId: sec._id, role: 'secretary', orgId: 'b01' }));
    expectOk(await call('demo-secretary-b01', { action: 'members.list', orgId: 'b01' }));
  });

  it('stops a town admin at once when the county revokes them', async () => {
    const admin = memberByOpenid(cloud, 'demo-admin-t1');
    expectOk(await call('demo-admin-t1', { action: 'members.list', orgId: 'b02' }));
    expectOk(await call('demo-admin-county', { action: 'roles.revoke', memberId: admin._id, role: 'orgAdmin', orgId: 't1' }));
    for (const ev of [
      { action: 'members.list', orgId: 'b02' },
      { action: 'roles.grant', memberId: ids.memberB02, role: 'gridLeader', orgId: 'b02g1' },
      { action: 'roster.import', fileID: fileFor.b02, orgId: 'b02', dryRun: true },
    ])
      expect(await call('demo-admin-t1', ev)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expectOk(await call('demo-admin-county', { action: 'roles.grant', memberId: admin._id, role: 'orgAdmin', orgId: 't1' }));
  });
});
