import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditItem, AuditListResult } from '../../../core/contracts/org';
import { uploadFile } from '../../../core/db/storage';
import { chinaTime } from '../../../core/domain/time';
import { files as filesFn } from '../../../core/functions/files';
import { org as orgFn } from '../../../core/functions/org';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { memberByOpenid, unboundMembers } from './support';

/** Done-when: every staff write of the org area appears in org.audit.list with before/after. */
let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 09:00:00'));
const at = (hhmm: string) => chinaTime(`2026-11-23 ${hhmm}:00`);

/** One staff write of each kind, each a minute apart: [action, expected target, what was done]. */
const writes: { action: string; targetId: string; at: Date }[] = [];

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, orgFn({ clock }));
  const callFiles = caller(cloud, filesFn({ clock }));
  const step = async (hhmm: string, openid: string, ev: Record<string, unknown>, action: string, targetId: string) => {
    clock.set(at(hhmm));
    // the roster import is served by the files function
    expectOk(await (String(ev.action).startsWith('roster.') ? callFiles : call)(openid, ev));
    writes.push({ action, targetId, at: at(hhmm) });
  };
  const m1 = unboundMembers(cloud, 'b01')[0]._id;
  const bound = memberByOpenid(cloud, 'demo-member-b02')._id;
  const t2m = unboundMembers(cloud, 'b05')[0]._id;
  const fileID = await uploadFile(`imports/${memberByOpenid(cloud, 'demo-admin-t1')._id}/audit.csv`, Buffer.from('姓名,手机号,支部\r\n新党员,13700000009,青年路社区党支部\r\n'));
  await step('09:01', 'demo-admin-t1', { action: 'roles.grant', memberId: m1, role: 'gridLeader', orgId: 'b01g1' }, 'org.roles.grant', m1);
  await step('09:02', 'demo-admin-t1', { action: 'roles.revoke', memberId: m1, role: 'gridLeader', orgId: 'b01g1' }, 'org.roles.revoke', m1);
  await step('09:03', 'demo-admin-t1', { action: 'members.unbind', memberId: bound, reason: '换手机' }, 'org.members.unbind', bound);
  await step('09:04', 'demo-admin-t1', { action: 'roster.import', fileID, dryRun: false }, 'org.members.import', 't1');
  await step('09:05', 'demo-secretary-b01', { action: 'invite', branchId: 'b01', rotate: true }, 'org.invite.rotate', 'b01');
  await step('09:06', 'demo-admin-t2', { action: 'roles.grant', memberId: t2m, role: 'storeKeeper', orgId: 'b05' }, 'org.roles.grant', t2m);
  clock.set(at('10:00'));
});
afterAll(() => cloud.close());

const auditList = (openid: string, payload: Record<string, unknown> = {}) => call<AuditListResult>(openid, { action: 'audit.list', ...payload });

describe('org.audit.list', () => {
  it('shows other areas’ staff writes under the org too (one audit log)', async () => {
    await cloud.store.insert('audit', [
      {
        _id: 'aud:other:1',
        actorId: 'm0001',
        actorName: '某',
        role: 'secretary',
        action: 'points.claims.approve',
        targetType: 'claim',
        targetId: 'c1',
        ancestors: ['county', 't1', 'b01', 'b01g1'],
        before: { status: 'pending' },
        after: { status: 'approved' },
        reason: '',
        requestId: 'r',
        at: at('08:30'),
      },
    ]).durable;
    const r = expectOk(await auditList('demo-admin-t1', { auditAction: 'points.claims.approve', from: at('08:00').toISOString() }));
    expect(r.items).toEqual([expect.objectContaining({ id: 'aud:other:1', before: { status: 'pending' }, after: { status: 'approved' } })]);
  });

  it('shows every org write, newest first, each with who, role, action, target, before and after', async () => {
    const r = expectOk(await auditList('demo-admin-county', { from: at('09:00').toISOString() }));
    expect(r.items.map((i) => [i.action, i.targetId, i.at])).toEqual(writes.map((w) => [w.action, w.targetId, w.at.toISOString()]).reverse());
    for (const i of r.items) {
      expect(i.before).not.toBeNull();
      expect(i.after).not.toBeNull();
      expect(i.actorName).not.toBe('');
    }
    const byAction = (a: string) => r.items.filter((i) => i.action === a);
    expect(byAction('org.roles.grant')[1]).toMatchObject({ role: 'orgAdmin', before: { roles: [] }, after: { roles: [{ role: 'gridLeader', orgId: 'b01g1' }] } });
    expect(byAction('org.roles.revoke')[0]).toMatchObject({ before: { roles: [{ role: 'gridLeader', orgId: 'b01g1' }] }, after: { roles: [] } });
    expect(byAction('org.members.unbind')[0]).toMatchObject({ before: { bound: true }, after: { bound: false }, reason: '换手机' });
    expect(byAction('org.members.import')[0]).toMatchObject({ before: { members: expect.any(Number) }, after: { created: 1, updated: 0 } });
    expect(byAction('org.invite.rotate')[0]).toMatchObject({ role: 'secretary', actorId: memberByOpenid(cloud, 'demo-secretary-b01')._id });
  });

  it('filters by org subtree: a town admin sees their town only, a branch filter only that branch', async () => {
    const from = at('09:00').toISOString();
    const t1 = expectOk(await auditList('demo-admin-t1', { from }));
    expect(t1.items).toHaveLength(5);
    expect(t1.items.some((i) => i.action === 'org.roles.grant' && i.targetId === writes[5].targetId)).toBe(false);
    const t2 = expectOk(await auditList('demo-admin-t2', { from }));
    expect(t2.items.map((i) => i.targetId)).toEqual([writes[5].targetId]);
    const b02 = expectOk(await auditList('demo-admin-t1', { orgId: 'b02', from }));
    expect(b02.items.map((i) => i.action)).toEqual(['org.members.unbind']);
  });

  it('filters by time: [from, to)', async () => {
    const r = expectOk(await auditList('demo-admin-county', { from: at('09:02').toISOString(), to: at('09:04').toISOString() }));
    expect(r.items.map((i) => i.action)).toEqual(['org.members.unbind', 'org.roles.revoke']);
    const since = expectOk(await auditList('demo-admin-county', { from: '2026-11-23T09:05:00+08:00' }));
    expect(since.items).toHaveLength(2);
    const before = expectOk(await auditList('demo-admin-county', { to: at('09:00').toISOString(), limit: 100 }));
    expect(before.items.every((i) => i.at < at('09:00').toISOString())).toBe(true);
  });

  it('filters by action and by target', async () => {
    expect(expectOk(await auditList('demo-admin-county', { auditAction: 'org.roles.grant', from: at('09:00').toISOString() })).items).toHaveLength(2);
    expect(expectOk(await auditList('demo-admin-county', { targetId: writes[0].targetId })).items).toHaveLength(2);
  });

  it('pages with a cursor, including records written in the same instant', async () => {
    // 7 more records at one instant, written straight into the store
    const same = at('08:00');
    await cloud.store.insert(
      'audit',
      Array.from({ length: 7 }, (_, i) => ({
        _id: `aud:same:${i}`,
        actorId: 'x',
        actorName: '某',
        role: 'orgAdmin',
        action: 'test.same',
        targetType: 'org',
        targetId: 'b03',
        ancestors: ['county', 't1', 'b03'],
        before: {},
        after: {},
        reason: '',
        requestId: 'r',
        at: same,
      })),
    ).durable;
    const seen: AuditItem[] = [];
    let cursor: string | undefined;
    do {
      const r = expectOk(await auditList('demo-admin-t1', { limit: 3, ...(cursor ? { cursor } : {}) }));
      seen.push(...r.items);
      cursor = r.nextCursor ?? undefined;
    } while (cursor);
    // every record under t1 (other areas' seeds write some too), each once
    const expected = cloud.store.count('audit', { ancestors: 't1' });
    expect(expected).toBeGreaterThanOrEqual(12);
    expect(seen).toHaveLength(expected);
    expect(new Set(seen.map((i) => i.id)).size).toBe(expected);
    expect(seen.map((i) => i.at)).toEqual([...seen.map((i) => i.at)].sort().reverse());
  });

  it('is for admins: a secretary gets FORBIDDEN even for their own branch', async () => {
    expect(await auditList('demo-secretary-b01', { orgId: 'b01' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await auditList('demo-secretary-b01')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('refuses a bad cursor or time as INVALID_INPUT', async () => {
    expect(await auditList('demo-admin-t1', { cursor: 'garbage' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'cursor' });
    expect(await auditList('demo-admin-t1', { from: 'yesterday' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'from' });
  });
});
