import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import { auth } from '../../../core/functions/auth';
import { org } from '../../../core/functions/org';
import { fixedClock } from '../../../core/runtime/clock';
import type { Main } from '../../../core/runtime/router';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { startTestCloud } from '../../support/cloud';

/**
 * Database requests per org and auth action, as each use case's header comment states them,
 * counted by the local cloud for one invocation through the real SDK (transaction start and
 * commit included). Requests are what a county pays for on CloudBase: a change here is a
 * change of the header comment too.
 */
let cloud: LocalCloud;
const mains: Record<string, Main> = {};
let free: string[];

beforeAll(async () => {
  cloud = await startTestCloud();
  const deps = { clock: fixedClock('2026-11-23T02:00:00Z'), log: { error: () => undefined, info: () => undefined } };
  Object.assign(mains, { auth: auth(deps), org: org(deps) });
  free = (cloud.store.find('members', { branchId: 'b02', roles: { $size: 0 } }, { limit: 5 }) as { _id: string }[]).map((m) => m._id);
});
afterAll(() => cloud.close());

async function requests(fn: string, openid: string, event: Record<string, unknown>): Promise<number> {
  const r = await cloud.invoke<Result<unknown>>(mains[fn] as never, event, { openid });
  if (!r.result.ok) throw new Error(`${String(event.action)}: ${r.result.code} ${r.result.message}`);
  return r.dbRequests;
}

describe('org and auth actions cost what their header comments say', () => {
  it.each<[string, string, string, () => Record<string, unknown>, number]>([
    ['auth.me', 'auth', 'demo-member-b01', () => ({ action: 'me' }), 2],
    ['org.tree over the caller’s scope', 'org', 'demo-admin-t1', () => ({ action: 'tree' }), 4],
    ['org.tree under a root', 'org', 'demo-admin-t1', () => ({ action: 'tree', rootId: 'b01' }), 5],
    ['org.members.list of an org', 'org', 'demo-admin-t1', () => ({ action: 'members.list', orgId: 'b01' }), 5],
    ['org.members.list over the caller’s scope', 'org', 'demo-admin-t1', () => ({ action: 'members.list' }), 4],
    ['org.members.get', 'org', 'demo-admin-t1', () => ({ action: 'members.get', memberId: free[0] }), 3],
    ['org.roles.grant', 'org', 'demo-admin-t1', () => ({ action: 'roles.grant', memberId: free[1], role: 'gridLeader', orgId: 'b02g1' }), 8],
    ['org.roles.grant of a grant held', 'org', 'demo-admin-t1', () => ({ action: 'roles.grant', memberId: free[1], role: 'gridLeader', orgId: 'b02g1' }), 3],
    ['org.roles.revoke', 'org', 'demo-admin-t1', () => ({ action: 'roles.revoke', memberId: free[1], role: 'gridLeader', orgId: 'b02g1' }), 8],
    ['org.invite, reading the code', 'org', 'demo-admin-t1', () => ({ action: 'invite', branchId: 'b02' }), 2],
    ['org.invite, rotating it', 'org', 'demo-admin-t1', () => ({ action: 'invite', branchId: 'b02', rotate: true }), 7],
    ['org.audit.list of an org', 'org', 'demo-admin-t1', () => ({ action: 'audit.list', orgId: 't1' }), 3],
  ])('%s', async (_name, fn, openid, event, expected) => {
    expect(await requests(fn, openid, event())).toBe(expected);
  });

  it('org.members.unbind: 7 for a bound member, 2 once unbound', async () => {
    const m = cloud.store.find('members', { branchId: 'b02', openid: { $not: /^unbound:/ }, roles: { $size: 0 } }, { limit: 1 })[0] as { _id: string };
    expect(await requests('org', 'demo-admin-t1', { action: 'members.unbind', memberId: m._id, reason: '更换手机' })).toBe(7);
    expect(await requests('org', 'demo-admin-t1', { action: 'members.unbind', memberId: m._id, reason: '更换手机' })).toBe(2);
  });
});
