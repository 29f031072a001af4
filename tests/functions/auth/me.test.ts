import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MeResult } from '../../../core/contracts/auth';
import { auth } from '../../../core/functions/auth';
import type { MemberDoc } from '../../../core/domain/org/model';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';

let cloud: LocalCloud;
let call: Call;
const logged: string[] = [];

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, auth({ log: { error: (m, f) => logged.push(`${m} ${JSON.stringify(f)}`), info: () => undefined } }));
});
afterAll(() => cloud.close());

describe('auth.me', () => {
  it('returns the secretary profile with name, branch, town, group and roles', async () => {
    const me = expectOk(await call<MeResult>('demo-secretary-b01', { action: 'me' }));
    const m = cloud.store.getById('members', me.memberId) as unknown as MemberDoc;
    expect(me.name).toBe(m.name);
    expect(me.branch).toEqual({ id: 'b01', name: '青年路社区党支部' });
    expect(me.town).toEqual({ id: 't1', name: '青年路街道党工委' });
    expect(me.group?.id).toBe('b01g1');
    expect(me.roles).toEqual([{ role: 'secretary', orgId: 'b01', orgName: '青年路社区党支部' }]);
  });

  it('masks the phone number', async () => {
    const me = expectOk(await call<MeResult>('demo-member-b01', { action: 'me' }));
    const m = cloud.store.getById('members', me.memberId) as unknown as MemberDoc;
    expect(me.phoneMasked).toBe(`${m.phone.slice(0, 3)}****${m.phone.slice(-4)}`);
    expect(JSON.stringify(me)).not.toContain(m.phone);
  });

  it('answers NOT_BOUND for an openid bound to nobody', async () => {
    const r = await call('stranger', { action: 'me' });
    expect(r).toMatchObject({ ok: false, code: 'NOT_BOUND' });
  });

  it('answers UNAUTHENTICATED without an openid', async () => {
    expect(await call(undefined, { action: 'me' })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it('ignores an openid smuggled in the request body', async () => {
    const r = await call('stranger', { action: 'me', userInfo: { openId: 'demo-secretary-b01' } });
    expect(r).toMatchObject({ ok: false, code: 'NOT_BOUND' });
  });

  it('costs two database requests: the caller by openid, then the orgs named', async () => {
    const r = await cloud.invoke(auth() as never, { action: 'me' }, { openid: 'demo-secretary-b01' });
    expect(r.dbRequests).toBe(2);
  });

  it('never treats the unbound placeholder as an identity', async () => {
    expect(await call('unbound:m0100', { action: 'me' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
  });

  it('gives 200 concurrent callers with 200 different openids each their own profile', async () => {
    const members = cloud.store.find('members', {}, { limit: 1000 }) as unknown as MemberDoc[];
    const free = members.filter((m) => m.openid.startsWith('unbound:')).slice(0, 200);
    expect(free).toHaveLength(200);
    for (const m of free) await cloud.store.updateById('members', m._id, { $set: { openid: `load-${m._id}` } }).durable;
    const results = await Promise.all(free.map((m) => call<MeResult>(`load-${m._id}`, { action: 'me' })));
    results.forEach((r, i) => {
      const me = expectOk(r);
      expect(me.memberId).toBe(free[i]._id);
      expect(me.name).toBe(free[i].name);
    });
  });
});

describe('the router', () => {
  it('answers UNKNOWN_ACTION for an action the function does not have', async () => {
    expect(await call('demo-secretary-b01', { action: 'nope' })).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });

  it('answers UNKNOWN_ACTION when no action is given', async () => {
    expect(await call('demo-secretary-b01', {})).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });

  it('does not route to inherited object properties', async () => {
    expect(await call('demo-secretary-b01', { action: 'toString' })).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });

  it('answers INVALID_INPUT naming the unexpected field, in Chinese', async () => {
    const r = await call('demo-secretary-b01', { action: 'me', color: 'red' });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'color' });
    expect(!r.ok && r.message).toMatch(/填写的内容有误：color/);
  });

  it('turns a failing database into INTERNAL with a request id, logged, without a stack', async () => {
    const undo = cloud.faults.add({ api: 'database.getDocument', collection: 'members', fail: true });
    try {
      const r = await call('demo-secretary-b01', { action: 'me' });
      expect(r).toMatchObject({ ok: false, code: 'INTERNAL', message: '系统开小差了，请稍后重试' });
      const requestId = !r.ok ? r.requestId : undefined;
      expect(requestId).toEqual(expect.any(String));
      expect(JSON.stringify(r)).not.toMatch(/injected|at /);
      expect(logged.some((l) => l.includes(String(requestId)) && l.includes('injected fault'))).toBe(true);
    } finally {
      undo();
    }
  });
});
