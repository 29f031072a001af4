import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import type { IssueResult } from '../../../core/contracts/grid';
import { grid } from '../../../core/functions/grid';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { expectOk, startTestCloud } from '../../support/cloud';
import { bindAs, photo } from '../../support/ledger';
import { LEADER, LEADER_ID, PLACE, SECRETARY, TOWN } from './helpers';

// The database requests of each grid action, counted by the local cloud per invocation (the
// gateway sends the same number as x-db-requests). The use cases state them in their headers.
let cloud: LocalCloud;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));
const fn = grid({ clock, log: { error: () => undefined, info: () => undefined } });
let assignee = '';

async function run<T>(openid: string, event: Record<string, unknown>): Promise<{ data: T; dbRequests: number }> {
  const r = await cloud.invoke<Result<T>>(fn as never, event, { openid });
  return { data: expectOk(r.result), dbRequests: r.dbRequests };
}
const reportOnce = (n: number) => run<IssueResult>(LEADER, { action: 'issues.report', category: 'safety', text: `隐患${n}`, photos: [photo(`rc${n}`, LEADER_ID)], location: PLACE });

beforeAll(async () => {
  cloud = await startTestCloud();
  assignee = await bindAs(cloud, 'm0005');
});
afterAll(() => cloud.close());

describe('database requests per grid action', () => {
  it('issues.report: 5 (caller; start, issue, shard, commit), +1 config and +1 shards the first time an instance reports in a month', async () => {
    expect((await reportOnce(1)).dbRequests).toBe(7);
    expect((await reportOnce(2)).dbRequests).toBe(5);
    expect((await reportOnce(3)).dbRequests).toBe(5);
  });

  it('stats: 2 (caller, the month shards) for the caller’s own org or a path the page passes', async () => {
    expect((await run(SECRETARY, { action: 'stats', orgId: 'b01' })).dbRequests).toBe(2);
    expect((await run(TOWN, { action: 'stats', orgId: 't1', months: 6 })).dbRequests).toBe(2);
    expect((await run(TOWN, { action: 'stats', orgId: 'b02', orgPath: ['county', 't1', 'b02'] })).dbRequests).toBe(2);
    // a drill-down without the path reads the org
    expect((await run(TOWN, { action: 'stats', orgId: 'b02' })).dbRequests).toBe(3);
  });

  it('the transitions: accept 10, assign 8, resolve 6 (the assignee), verify 8 (the reporter), close 7; list 2, get 2', async () => {
    const { data } = await reportOnce(4);
    const id = data.issue.id;
    expect((await run(LEADER, { action: 'issues.accept', issueId: id })).dbRequests).toBe(11); // rule cache cold
    expect((await run(LEADER, { action: 'issues.assign', issueId: id, to: 'member', memberId: 'm0005' })).dbRequests).toBe(8);
    expect((await run(assignee, { action: 'issues.resolve', issueId: id, note: '已处理' })).dbRequests).toBe(6);
    expect((await run(LEADER, { action: 'issues.verify', issueId: id })).dbRequests).toBe(9); // the reporter verifies (no audit); rule cache cold
    expect((await run(LEADER, { action: 'issues.close', issueId: id })).dbRequests).toBe(7);
    expect((await run(LEADER, { action: 'issues.list', box: 'queue' })).dbRequests).toBe(2);
    expect((await run(LEADER, { action: 'issues.get', issueId: id })).dbRequests).toBe(2);
    const second = (await reportOnce(5)).data.issue.id;
    expect((await run(LEADER, { action: 'issues.accept', issueId: second })).dbRequests).toBe(10);
  });
});
