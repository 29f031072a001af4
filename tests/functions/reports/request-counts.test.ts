import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import { chinaTime } from '../../../core/domain/time';
import { reports } from '../../../core/functions/reports';
import { fixedClock } from '../../../core/runtime/clock';
import { postOnce } from '../../../core/usecases/points/post-entry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { expectOk, fireTimer, startTestCloud } from '../../support/cloud';
import { rule } from '../../support/ledger';
import { points, rankingBranch } from './support';

// The database requests of each reports action, counted by the local cloud per invocation (the
// gateway sends the same number as x-db-requests). The use cases state them in their headers.
let cloud: LocalCloud;
const clock = fixedClock(chinaTime('2026-12-01 00:05:00'));
const fn = reports({ clock, log: { error: () => undefined, info: () => undefined } });

async function run(openid: string, event: Record<string, unknown>): Promise<number> {
  const r = await cloud.invoke<Result<unknown>>(fn as never, event, { openid });
  expectOk(r.result);
  return r.dbRequests;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  const { members } = await rankingBranch(cloud, 'rcb', 4);
  for (const [i, m] of members.entries()) expectOk(await postOnce(points(m, rule(cloud, 'VANGUARD'), `rc:${m._id}`, 10 * (i + 1), chinaTime('2026-11-20 10:00:00'))));
  // November frozen (the first run), then the current periods refreshed
  for (let i = 0; i < 6; i++) expectOk(await fireTimer(cloud, fn, 'snapshot', clock.now()));
});
afterAll(() => cloud.close());

describe('database requests per reports action', () => {
  it('rank: 2 (caller, snapshot), trends included', async () => {
    expect(await run('t-rcbm1', { action: 'rank', key: 'month:2026-11' })).toBe(2);
    expect(await run('t-rcbm1', { action: 'rank', key: 'month:2026-11', level: 'county', trend: true })).toBe(2);
  });

  it('myRank: 3 (caller; balance and the three snapshots side by side), both balances included', async () => {
    expect(await run('t-rcbm1', { action: 'myRank' })).toBe(3);
    expect(await run('t-rcbm1', { action: 'myRank', key: 'month:2026-11' })).toBe(3);
  });

  it('orgRank: 2 (caller; this and the previous period)', async () => {
    expect(await run('demo-admin-t1', { action: 'orgRank', orgId: 't1', key: 'month:2026-11' })).toBe(2);
  });

  it('stars: list 3, confirm 8, publish 8 + 2 a star published (one transaction with the audit), history 2', async () => {
    expect(await run('t-rcbm4', { action: 'stars.list', month: '2026-11' })).toBe(3);
    expect(await run('t-rcbm4', { action: 'stars.confirm', branchId: 'rcb', month: '2026-11', memberIds: ['rcbm4', 'rcbm3'] })).toBe(8);
    expect(await run('demo-admin-t1', { action: 'stars.publish', orgId: 't1', month: '2026-11' })).toBe(8 + 2);
    // nothing left to publish: the transaction holds only the audit record
    expect(await run('demo-admin-t1', { action: 'stars.publish', orgId: 't1', month: '2026-11' })).toBe(8);
    expect(await run('t-rcbm1', { action: 'stars.history' })).toBe(2);
  });

  it('honours 4 (5 once follow-ups have a next period), honours.followUp 8, exclusions.set 7', async () => {
    expect(await run('demo-admin-t1', { action: 'honours', orgId: 'rcb', key: 'month:2026-11' })).toBe(4);
    expect(await run('demo-admin-t1', { action: 'honours.followUp', orgId: 'rcb', key: 'month:2026-11', subjectId: 'rcbm1', note: '已约谈' })).toBe(8);
    expect(await run('t-rcbm4', { action: 'exclusions.set', memberId: 'rcbm2', category: 'elderly' })).toBe(7);
  });
});
