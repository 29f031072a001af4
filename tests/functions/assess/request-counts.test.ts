import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import { chinaTime } from '../../../core/domain/time';
import { assess } from '../../../core/functions/assess';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { expectOk, startTestCloud } from '../../support/cloud';
import { bindAs, photo } from '../../support/ledger';

// The database requests of the assess actions, counted by the local cloud per invocation (the
// gateway sends the same number as x-db-requests). The use cases state them in their headers.
let cloud: LocalCloud;
const clock = fixedClock(chinaTime('2026-07-06 10:00:00'));
const fn = assess({ clock, log: { error: () => undefined, info: () => undefined } });
const Q = '2026-Q2';
const scores = { leadership: 4, membership: 4, venues: 4, systems: 4, results: 4 };

async function run<T>(openid: string, event: Record<string, unknown>): Promise<{ data: T; dbRequests: number }> {
  const r = await cloud.invoke<Result<T>>(fn as never, event, { openid });
  return { data: expectOk(r.result), dbRequests: r.dbRequests };
}

let roundId = '';
let voter = '';
beforeAll(async () => {
  cloud = await startTestCloud();
  const [m] = cloud.store.find('members', { branchId: 'b05', roles: { $size: 0 } }, { limit: 1 });
  voter = await bindAs(cloud, m._id);
});
afterAll(() => cloud.close());

describe('database requests per assess action', () => {
  it('org.post: 9 (caller, org, rules; start, balance, entry, balance, audit, commit)', async () => {
    expect((await run('demo-admin-t2', { action: 'org.post', orgId: 'b05', ruleCode: 'ORG_TEAM_SOUND', quarter: Q, evidence: [photo('t', 'x')], requestId: 'rc-post-0001' })).dbRequests).toBe(9);
  });

  it('org.score: 5 (caller, org, balance, entries, rules)', async () => {
    expect((await run('demo-secretary-b05', { action: 'org.score', orgId: 'b05', quarter: Q })).dbRequests).toBe(5);
  });

  it('rounds.vote: 6 (caller; start, round, ballot, round, commit), the same when the ballot is changed', async () => {
    roundId = (await run<{ round: { id: string } }>('demo-admin-county', { action: 'rounds.open', scopeOrgId: 'county', title: '计数', quarter: Q, orgIds: ['b05'], requestId: 'rc-round-001' })).data
      .round.id;
    expect((await run(voter, { action: 'rounds.vote', roundId, scores })).dbRequests).toBe(6);
    expect((await run(voter, { action: 'rounds.vote', roundId, scores: { ...scores, results: 5 } })).dbRequests).toBe(6);
  });

  it('rounds.result: 2 (caller, round)', async () => {
    expect((await run('demo-admin-county', { action: 'rounds.result', roundId })).dbRequests).toBe(2);
  });

  it('results.mine: 2 before any result (caller, results)', async () => {
    expect((await run(voter, { action: 'results.mine', quarter: Q })).dbRequests).toBe(2);
  });

  it('cycles.compute over a town: about 1 write per member and per org (2 requests each at most)', async () => {
    const { dbRequests, data } = await run<{ members: number; orgs: number; status: string }>('demo-admin-t2', { action: 'cycles.compute', townId: 't2', quarter: Q });
    expect(data.status).toBe('draft');
    expect(dbRequests).toBeLessThanOrEqual(2 * (data.members + data.orgs));
    expect(dbRequests).toBeGreaterThanOrEqual(data.members + data.orgs);
  });
});
