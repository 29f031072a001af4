import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RoleChangeResult } from '../../../core/contracts/org';
import { chinaTime } from '../../../core/domain/time';
import { auth } from '../../../core/functions/auth';
import { org as orgFn } from '../../../core/functions/org';
import { fixedClock } from '../../../core/runtime/clock';
import type { AuditDoc } from '../../../core/domain/audit';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { digest, memberById, memberByOpenid, unboundMembers } from './support';

let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, orgFn({ clock }));
});
afterAll(() => cloud.close());

const everything = () => digest(cloud, ['members', 'audit']);
const audits = (targetId: string) => cloud.store.find('audit', { targetId }, { limit: 100 }) as unknown as AuditDoc[];

describe('org.roles.grant / org.roles.revoke', () => {
  it('lets a town admin appoint a grid leader in a branch of the town, audited with before and after', async () => {
    const m = unboundMembers(cloud, 'b02')[0];
    const r = expectOk(await call<RoleChangeResult>('demo-admin-t1', { action: 'roles.grant', memberId: m._id, role: 'gridLeader', orgId: 'b02g1', reason: '换届' }));
    expect(r).toEqual({ memberId: m._id, roles: [{ role: 'gridLeader', orgId: 'b02g1' }], changed: true });
    expect(memberById(cloud, m._id).roles).toEqual([{ role: 'gridLeader', orgId: 'b02g1' }]);
    const [a] = audits(m._id);
    expect(a).toMatchObject({
      action: 'org.roles.grant',
      role: 'orgAdmin',
      actorId: memberByOpenid(cloud, 'demo-admin-t1')._id,
      before: { roles: [] },
      after: { roles: [{ role: 'gridLeader', orgId: 'b02g1' }] },
      reason: '换届',
      at: clock.now(),
    });
    expect(a.ancestors).toEqual(expect.arrayContaining(['county', 't1', 'b02', 'b02g1']));
  });

  it('answers a repeated grant (or a revoke of a role not held) with changed=false and writes nothing', async () => {
    const m = unboundMembers(cloud, 'b02')[1];
    expectOk(await call('demo-admin-t1', { action: 'roles.grant', memberId: m._id, role: 'storeKeeper', orgId: 'b02' }));
    const before = everything();
    expect(expectOk(await call<RoleChangeResult>('demo-admin-t1', { action: 'roles.grant', memberId: m._id, role: 'storeKeeper', orgId: 'b02' })).changed).toBe(false);
    expect(expectOk(await call<RoleChangeResult>('demo-admin-t1', { action: 'roles.revoke', memberId: m._id, role: 'secretary', orgId: 'b02' })).changed).toBe(false);
    expect(everything()).toBe(before);
  });

  it('revokes one grant and keeps the others', async () => {
    const m = unboundMembers(cloud, 'b03')[0];
    expectOk(await call('demo-admin-t1', { action: 'roles.grant', memberId: m._id, role: 'gridLeader', orgId: 'b03g1' }));
    expectOk(await call('demo-admin-t1', { action: 'roles.grant', memberId: m._id, role: 'storeKeeper', orgId: 'b03' }));
    const r = expectOk(await call<RoleChangeResult>('demo-admin-t1', { action: 'roles.revoke', memberId: m._id, role: 'gridLeader', orgId: 'b03g1' }));
    expect(r.roles).toEqual([{ role: 'storeKeeper', orgId: 'b03' }]);
    const revoke = audits(m._id).find((a) => a.action === 'org.roles.revoke')!;
    expect(revoke.before).toEqual({
      roles: [
        { role: 'gridLeader', orgId: 'b03g1' },
        { role: 'storeKeeper', orgId: 'b03' },
      ],
    });
    expect(revoke.after).toEqual({ roles: [{ role: 'storeKeeper', orgId: 'b03' }] });
  });

  it.each([
    ['a town admin appointing an admin of their own town (only a strict ancestor may)', 'demo-admin-t1', 'b01', 'orgAdmin', 't1', 'FORBIDDEN'],
    ['a town admin revoking their own admin role', 'demo-admin-t1', 'self', 'orgAdmin', 't1', 'FORBIDDEN'],
    ['a town admin granting on another town', 'demo-admin-t1', 'b01', 'storeKeeper', 't2', 'FORBIDDEN'],
    ['a town admin granting to a member of another town', 'demo-admin-t1', 'b05', 'gridLeader', 'b01g1', 'FORBIDDEN'],
    ['a secretary appointing a grid leader in their own branch', 'demo-secretary-b01', 'b01', 'gridLeader', 'b01g1', 'FORBIDDEN'],
    ['a grid leader granting anything', 'demo-grid-b01g2', 'b01', 'gridLeader', 'b01g2', 'FORBIDDEN'],
    ['a secretary role on a party group', 'demo-admin-t1', 'b01', 'secretary', 'b01g1', 'INVALID_INPUT'],
    ['an admin role on a branch', 'demo-admin-county', 'b01', 'orgAdmin', 'b01', 'INVALID_INPUT'],
    ['an unknown org', 'demo-admin-t1', 'b01', 'gridLeader', 'nowhere', 'NOT_FOUND'],
  ])('refuses %s', async (_name, who, memberOf, role, orgId, code) => {
    const memberId = memberOf === 'self' ? memberByOpenid(cloud, who)._id : unboundMembers(cloud, memberOf)[5]._id;
    const before = everything();
    expect(await call(who, { action: 'roles.grant', memberId, role, orgId })).toMatchObject({ ok: false, code });
    expect(await call(who, { action: 'roles.revoke', memberId, role, orgId })).toMatchObject({ ok: false, code });
    expect(everything()).toBe(before);
  });

  it('lets the county admin appoint and remove a town admin', async () => {
    const m = unboundMembers(cloud, 'b06')[0];
    expectOk(await call('demo-admin-county', { action: 'roles.grant', memberId: m._id, role: 'orgAdmin', orgId: 't2' }));
    expect(memberById(cloud, m._id).roles).toEqual([{ role: 'orgAdmin', orgId: 't2' }]);
    expectOk(await call('demo-admin-county', { action: 'roles.revoke', memberId: m._id, role: 'orgAdmin', orgId: 't2' }));
    expect(memberById(cloud, m._id).roles).toEqual([]);
  });

  it('refuses the member role (implicit on the own branch) as INVALID_INPUT', async () => {
    const m = unboundMembers(cloud, 'b01')[6];
    expect(await call('demo-admin-t1', { action: 'roles.grant', memberId: m._id, role: 'member', orgId: 'b01' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'role' });
  });

  it('writes neither the grant nor its audit record when the commit fails', async () => {
    const m = unboundMembers(cloud, 'b04')[0];
    const before = everything();
    const undo = cloud.faults.add({ api: 'database.commitTransaction', fail: true, nth: 1 });
    expect(await call('demo-admin-t1', { action: 'roles.grant', memberId: m._id, role: 'gridLeader', orgId: 'b04g1' })).toMatchObject({ ok: false, code: 'INTERNAL' });
    undo();
    expect(everything()).toBe(before);
  });

  it('keeps both grants when two admins grant different roles to one member at once', async () => {
    const m = unboundMembers(cloud, 'b04')[1];
    const rs = await Promise.all([
      call('demo-admin-t1', { action: 'roles.grant', memberId: m._id, role: 'gridLeader', orgId: 'b04g2' }),
      call('demo-admin-county', { action: 'roles.grant', memberId: m._id, role: 'storeKeeper', orgId: 'b04' }),
    ]);
    rs.forEach((r) => expectOk(r));
    expect(memberById(cloud, m._id).roles).toEqual(
      expect.arrayContaining([
        { role: 'gridLeader', orgId: 'b04g2' },
        { role: 'storeKeeper', orgId: 'b04' },
      ]),
    );
    expect(audits(m._id)).toHaveLength(2);
  });
});

describe('org.members.unbind', () => {
  it('frees a bound member for binding again, audited with before and after', async () => {
    const m = memberByOpenid(cloud, 'demo-member-b03');
    const r = expectOk(await call('demo-admin-t1', { action: 'members.unbind', memberId: m._id, reason: '党员更换了手机' }));
    expect(r).toEqual({ memberId: m._id, bound: false, changed: true });
    expect(memberById(cloud, m._id)).toMatchObject({ openid: `unbound:${m._id}`, boundAt: null });
    const [a] = audits(m._id).filter((x) => x.action === 'org.members.unbind');
    expect(a).toMatchObject({ before: { bound: true, openid: 'demo-member-b03' }, after: { bound: false }, reason: '党员更换了手机', role: 'orgAdmin' });
  });

  it('changes and records nothing for a member who is not bound', async () => {
    const m = unboundMembers(cloud, 'b03')[3];
    const before = everything();
    expect(expectOk(await call('demo-admin-t1', { action: 'members.unbind', memberId: m._id, reason: '测试' }))).toMatchObject({ changed: false });
    expect(everything()).toBe(before);
  });

  it('is for admins only: a secretary of the member’s own branch gets FORBIDDEN', async () => {
    const m = memberByOpenid(cloud, 'demo-member-b01');
    expect(await call('demo-secretary-b01', { action: 'members.unbind', memberId: m._id, reason: '测试' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(memberById(cloud, m._id).openid).toBe('demo-member-b01');
  });

  it('requires a reason', async () => {
    const m = memberByOpenid(cloud, 'demo-member-b01');
    expect(await call('demo-admin-t1', { action: 'members.unbind', memberId: m._id })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'reason' });
  });
});

describe('org.invite', () => {
  it('shows the secretary the branch invite code and QR text without writing', async () => {
    const before = everything();
    const r = expectOk(await call<{ inviteCode: string; qrText: string; rotated: boolean }>('demo-secretary-b02', { action: 'invite', branchId: 'b02' }));
    expect(r.inviteCode).toBe((cloud.store.getById('orgs', 'b02') as unknown as { inviteCode: string }).inviteCode);
    expect(r).toMatchObject({ qrText: `HGJBIND:${r.inviteCode}`, rotated: false });
    expect(everything()).toBe(before);
  });

  it('rotates the code on request: the old code stops working, audited', async () => {
    const old = (cloud.store.getById('orgs', 'b02') as unknown as { inviteCode: string }).inviteCode;
    const r = expectOk(await call<{ inviteCode: string }>('demo-secretary-b02', { action: 'invite', branchId: 'b02', rotate: true }));
    expect(r.inviteCode).not.toBe(old);
    expect(r.inviteCode).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(audits('b02').find((a) => a.action === 'org.invite.rotate')).toMatchObject({ before: { inviteCode: old }, after: { inviteCode: r.inviteCode }, role: 'secretary' });
    const m = unboundMembers(cloud, 'b02')[7];
    const bind = caller(cloud, auth({ clock }));
    expect(await bind('wx-old-code', { action: 'bind', inviteCode: old, name: m.name, phone: m.phone })).toMatchObject({ ok: false, code: 'BIND_CODE_INVALID' });
    expect(expectOk(await bind<{ memberId: string }>('wx-new-code', { action: 'bind', inviteCode: r.inviteCode, name: m.name, phone: m.phone })).memberId).toBe(m._id);
  });

  it('refuses an org that is not a branch', async () => {
    expect(await call('demo-admin-t1', { action: 'invite', branchId: 't1' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});
