import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BindResult, MeResult } from '../../../core/contracts/auth';
import { auth } from '../../../core/functions/auth';
import { fixedClock } from '../../../core/runtime/clock';
import { chinaTime } from '../../../core/domain/time';
import type { BindAttemptDoc } from '../../../core/domain/org/bind';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { digest, memberById, org, unboundMembers } from '../org/support';

let cloud: LocalCloud;
const clock = fixedClock(chinaTime('2026-11-23 09:00:00'));
let call: Call;
let code: string;
/** Fresh unbound members of b01 handed out one per test. */
let pool: ReturnType<typeof unboundMembers>;
const take = () => pool.shift()!;

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, auth({ clock }));
  code = org(cloud, 'b01').inviteCode!;
  pool = unboundMembers(cloud, 'b01');
});
afterAll(() => cloud.close());

const everything = () => digest(cloud, ['members', 'audit', 'bindAttempts', 'orgs']);
const others = () => digest(cloud, ['members', 'audit', 'orgs']);
const attempts = (openid: string) => cloud.store.getById('bindAttempts', `bind:${openid}`) as unknown as BindAttemptDoc | null;
const bind = (openid: string | undefined, payload: Record<string, unknown>) => call<BindResult>(openid, { action: 'bind', ...payload });

describe('auth.bind', () => {
  it('binds the caller to the roster member named by name and phone in the invite code’s branch', async () => {
    const m = take();
    const me = expectOk(await bind('wx-new-1', { inviteCode: code, name: m.name, phone: m.phone }));
    expect(me).toMatchObject({ memberId: m._id, name: m.name, branch: { id: 'b01' } });
    expect(JSON.stringify(me)).not.toContain(m.phone);
    expect(memberById(cloud, m._id)).toMatchObject({ openid: 'wx-new-1', boundAt: clock.now() });
    expect(expectOk(await call<MeResult>('wx-new-1', { action: 'me' })).memberId).toBe(m._id);
    expect(attempts('wx-new-1')).toBeNull();
  });

  it('accepts the code as scanned from the QR, in any case, and the name with stray spaces', async () => {
    const m = take();
    const r = await bind('wx-new-2', { inviteCode: `HGJBIND:${code.toLowerCase()}`, name: ` ${m.name.split('').join(' ')} `, phone: m.phone });
    expect(expectOk(r).memberId).toBe(m._id);
  });

  it('answers a retried bind with the profile and writes nothing more', async () => {
    const m = take();
    expectOk(await bind('wx-retry', { inviteCode: code, name: m.name, phone: m.phone }));
    const before = everything();
    clock.advance(1000);
    expect(expectOk(await bind('wx-retry', { inviteCode: code, name: m.name, phone: m.phone })).memberId).toBe(m._id);
    expect(everything()).toBe(before);
  });

  describe('refusals: each with its own code, writing nothing but the failed-attempt record', () => {
    it('refuses a wrong invite code with BIND_CODE_INVALID and records one failed attempt', async () => {
      const m = take();
      const before = others();
      expect(await bind('wx-wrong-code', { inviteCode: 'ZZZZ99', name: m.name, phone: m.phone })).toMatchObject({ ok: false, code: 'BIND_CODE_INVALID' });
      expect(others()).toBe(before);
      expect(attempts('wx-wrong-code')?.failures).toEqual([clock.now()]);
    });

    it('refuses a name and phone not on the branch roster with BIND_MEMBER_NOT_FOUND', async () => {
      const m = take();
      const elsewhere = unboundMembers(cloud, 'b02')[0];
      const before = others();
      for (const [name, phone] of [
        [m.name + '某', m.phone],
        [m.name, '13900000000'],
        [elsewhere.name, elsewhere.phone], // right person, wrong branch's code
      ])
        expect(await bind('wx-not-found', { inviteCode: code, name, phone })).toMatchObject({ ok: false, code: 'BIND_MEMBER_NOT_FOUND' });
      expect(others()).toBe(before);
      expect(attempts('wx-not-found')?.failures).toHaveLength(3);
    });

    it('refuses a transferred-out member as not found', async () => {
      const m = take();
      await cloud.store.updateById('members', m._id, { $set: { status: 'transferred' } }).durable;
      expect(await bind('wx-transferred', { inviteCode: code, name: m.name, phone: m.phone })).toMatchObject({ ok: false, code: 'BIND_MEMBER_NOT_FOUND' });
      expect(memberById(cloud, m._id).openid).toBe(`unbound:${m._id}`);
    });

    it('refuses the 6th wrong attempt within an hour with RATE_LIMITED, even when the data is right', async () => {
      const m = take();
      const t0 = clock.now().getTime();
      for (let i = 0; i < 5; i++) {
        clock.set(t0 + i * 60_000);
        expect(await bind('wx-guesser', { inviteCode: `WRONG${i}`, name: m.name, phone: m.phone })).toMatchObject({ ok: false, code: 'BIND_CODE_INVALID' });
      }
      clock.set(t0 + 30 * 60_000);
      const before = everything();
      expect(await bind('wx-guesser', { inviteCode: 'WRONG5', name: m.name, phone: m.phone })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
      expect(await bind('wx-guesser', { inviteCode: code, name: m.name, phone: m.phone })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
      expect(everything()).toBe(before); // a refused attempt does not extend the lock
      // an hour after the first failure the window has room again: the right data binds
      clock.set(t0 + 60 * 60_000 + 1);
      expect(expectOk(await bind('wx-guesser', { inviteCode: code, name: m.name, phone: m.phone })).memberId).toBe(m._id);
      clock.set(t0);
    });

    it('counts wrong attempts per openid: another WeChat user is not limited', async () => {
      const m = take();
      for (let i = 0; i < 5; i++) await bind('wx-limited', { inviteCode: `NOPE${i}`, name: m.name, phone: m.phone });
      expect(await bind('wx-limited', { inviteCode: code, name: m.name, phone: m.phone })).toMatchObject({ code: 'RATE_LIMITED' });
      expect(expectOk(await bind('wx-neighbour', { inviteCode: code, name: m.name, phone: m.phone })).memberId).toBe(m._id);
    });

    it('refuses a second WeChat user for a bound member with MEMBER_ALREADY_BOUND', async () => {
      const m = take();
      expectOk(await bind('wx-owner', { inviteCode: code, name: m.name, phone: m.phone }));
      const before = everything();
      expect(await bind('wx-intruder', { inviteCode: code, name: m.name, phone: m.phone })).toMatchObject({ ok: false, code: 'MEMBER_ALREADY_BOUND' });
      expect(everything()).toBe(before);
      expect(memberById(cloud, m._id).openid).toBe('wx-owner');
    });

    it('refuses the same WeChat user for a second member with ALREADY_BOUND', async () => {
      const [a, b] = [take(), take()];
      expectOk(await bind('wx-greedy', { inviteCode: code, name: a.name, phone: a.phone }));
      const before = everything();
      expect(await bind('wx-greedy', { inviteCode: code, name: b.name, phone: b.phone })).toMatchObject({ ok: false, code: 'ALREADY_BOUND' });
      expect(everything()).toBe(before);
      expect(memberById(cloud, b._id).openid).toBe(`unbound:${b._id}`);
    });

    it('refuses a call without a WeChat identity with UNAUTHENTICATED', async () => {
      const m = take();
      const before = everything();
      expect(await bind(undefined, { inviteCode: code, name: m.name, phone: m.phone })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
      expect(everything()).toBe(before);
      pool.unshift(m);
    });

    it('refuses a malformed phone number as INVALID_INPUT before anything is read or written', async () => {
      const before = everything();
      expect(await bind('wx-typo', { inviteCode: code, name: '张三', phone: '1380013800' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'phone' });
      expect(everything()).toBe(before);
    });
  });

  describe('races', () => {
    it('lets exactly one of 10 WeChat users bind the same member at once', async () => {
      const m = take();
      const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => bind(`wx-race-${i}`, { inviteCode: code, name: m.name, phone: m.phone })));
      expect(rs.filter((r) => r.ok)).toHaveLength(1);
      expect(rs.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(Array(9).fill('MEMBER_ALREADY_BOUND'));
      const winner = rs.findIndex((r) => r.ok);
      expect(memberById(cloud, m._id).openid).toBe(`wx-race-${winner}`);
    });

    it('lets one WeChat user binding two members at once get only one (the unique openid index)', async () => {
      const [a, b] = [take(), take()];
      const rs = await Promise.all([a, b].map((m) => bind('wx-double', { inviteCode: code, name: m.name, phone: m.phone })));
      expect(rs.map((r) => (r.ok ? 'OK' : r.code)).sort()).toEqual(['ALREADY_BOUND', 'OK']);
      const boundTo = [a, b].filter((m) => memberById(cloud, m._id).openid === 'wx-double');
      expect(boundTo).toHaveLength(1);
    });

    it('leaves the member unbound when the commit fails, and a retry binds', async () => {
      const m = take();
      const undo = cloud.faults.add({ api: 'database.commitTransaction', fail: true, nth: 1 });
      const r = await bind('wx-fault', { inviteCode: code, name: m.name, phone: m.phone });
      undo();
      expect(r).toMatchObject({ ok: false, code: 'INTERNAL' });
      expect(memberById(cloud, m._id).openid).toBe(`unbound:${m._id}`);
      expect(expectOk(await bind('wx-fault', { inviteCode: code, name: m.name, phone: m.phone })).memberId).toBe(m._id);
    });
  });
});
