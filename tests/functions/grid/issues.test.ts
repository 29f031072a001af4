import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IssueResult, IssuesListResult } from '../../../core/contracts/grid';
import { grid } from '../../../core/functions/grid';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { balanceOf, bindAs, photo } from '../../support/ledger';
import { act, counterDrift, COUNTY, GRID, GRID2, issueDoc, LEADER, LEADER2, LEADER_ID, MEMBER, MEMBER_ID, OTHER_LEADER, PLACE, report, SECRETARY, setUpLeader2, TOWN } from './helpers';

let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, grid({ clock, log: { error: () => undefined, info: () => undefined } }));
  await setUpLeader2(cloud);
  assigneeOpenid = await bindAs(cloud, ASSIGNEE);
  resolverOpenid = await bindAs(cloud, 'm0006');
});
/** A member of grid b01g2 (the leader's), and one of b01g3 (MEMBER's group). */
const ASSIGNEE = 'm0005';
let assigneeOpenid = '';
let resolverOpenid = '';
afterAll(() => cloud.close());

const code = (r: { ok: boolean; code?: string }): string => (r.ok ? 'ok' : (r.code ?? '?'));

describe('a grid issue from report to closure', () => {
  it('walks reported → accepted → assigned → resolved → verified → closed, one timeline record per transition', async () => {
    const i = await report(call, LEADER, LEADER_ID);
    expect([i.state, i.gridId, i.levelOrgId, i.level]).toEqual(['reported', GRID, GRID, 'group']);
    expect(expectOk(await act(call, LEADER, 'issues.accept', i.id)).issue.state).toBe('accepted');
    expect(expectOk(await act(call, LEADER, 'issues.assign', i.id, { to: 'member', memberId: ASSIGNEE })).issue.state).toBe('assigned');
    const resolved = expectOk(await act(call, assigneeOpenid, 'issues.resolve', i.id, { note: '已联系供电所修剪树枝', photos: [photo('fix', ASSIGNEE)] })).issue;
    expect([resolved.state, resolved.resolution?.note]).toEqual(['resolved', '已联系供电所修剪树枝']);
    expect(expectOk(await act(call, LEADER, 'issues.verify', i.id)).issue.state).toBe('verified');
    const closed = expectOk(await act(call, LEADER, 'issues.close', i.id)).issue;
    expect(closed.state).toBe('closed');
    expect(closed.timeline.map((r) => [r.kind, r.from, r.to])).toEqual([
      ['report', null, 'reported'],
      ['accept', 'reported', 'accepted'],
      ['assign', 'accepted', 'assigned'],
      ['resolve', 'assigned', 'resolved'],
      ['verify', 'resolved', 'verified'],
      ['close', 'verified', 'closed'],
    ]);
    expect(new Set(closed.timeline.map((r) => r.actorName)).size).toBeGreaterThan(1);
    // the assignee and the reporter were notified
    expect(cloud.store.count('outbox', { template: 'gridAssigned', memberId: ASSIGNEE })).toBe(1);
    expect(cloud.store.count('outbox', { template: 'gridResolved', memberId: LEADER_ID })).toBe(1);
  });

  it('returns a report with a reason, and a returned report cannot be accepted afterwards', async () => {
    const i = await report(call, LEADER, LEADER_ID);
    const r = expectOk(await act(call, LEADER, 'issues.return', i.id, { reason: '重复上报', duplicate: true })).issue;
    expect([r.state, r.timeline[1].note]).toEqual(['returned', '重复上报']);
    expect(code(await act(call, LEADER, 'issues.accept', i.id))).toBe('ISSUE_WRONG_STATE');
  });

  it('a reopened issue goes back to the assignee and can be resolved again', async () => {
    const i = await report(call, LEADER, LEADER_ID);
    await act(call, LEADER, 'issues.accept', i.id);
    await act(call, LEADER, 'issues.assign', i.id, { to: 'member', memberId: ASSIGNEE });
    await act(call, assigneeOpenid, 'issues.resolve', i.id, { note: '处理了' });
    const re = expectOk(await act(call, LEADER, 'issues.reopen', i.id, { reason: '现场仍未处理' })).issue;
    expect(re.state).toBe('reopened');
    expect(expectOk(await act(call, assigneeOpenid, 'issues.resolve', i.id, { note: '再次处理' })).issue.state).toBe('resolved');
  });

  it('assigns to a lower grid, whose leader then sees it and resolves it', async () => {
    const i = await report(call, LEADER, LEADER_ID);
    await act(call, LEADER, 'issues.accept', i.id);
    expectOk(await act(call, LEADER, 'issues.escalate', i.id, { reason: '超出网格处置权限' }));
    expect(code(await act(call, LEADER, 'issues.assign', i.id, { to: 'org', orgId: GRID2 }))).toBe('FORBIDDEN');
    expect(expectOk(await act(call, SECRETARY, 'issues.assign', i.id, { to: 'org', orgId: GRID2 })).issue.assignee?.id).toBe(GRID2);
    expect(expectOk(await call<IssueResult>(LEADER2, { action: 'issues.get', issueId: i.id })).issue.can.resolve).toBe(true);
    expect(expectOk(await act(call, LEADER2, 'issues.resolve', i.id, { note: '二号网格处理完毕' })).issue.state).toBe('resolved');
  });
});

describe('illegal transitions are refused with their own codes, nothing written', () => {
  it('resolve before assign: ISSUE_NOT_ASSIGNED', async () => {
    const i = await report(call, LEADER, LEADER_ID);
    expect(code(await act(call, LEADER, 'issues.resolve', i.id, { note: 'x' }))).toBe('ISSUE_NOT_ASSIGNED');
    await act(call, LEADER, 'issues.accept', i.id);
    const before = issueDoc(cloud, i.id);
    expect(code(await act(call, LEADER, 'issues.resolve', i.id, { note: 'x' }))).toBe('ISSUE_NOT_ASSIGNED');
    expect(issueDoc(cloud, i.id)).toEqual(before);
  });

  it("verify by someone else's reporter: FORBIDDEN; by the issue's own reporter: ok", async () => {
    const mine = await report(call, MEMBER, MEMBER_ID, { category: 'environment', text: '垃圾堆放' });
    const other = await report(call, LEADER, LEADER_ID);
    for (const id of [mine.id, other.id]) {
      await act(call, SECRETARY, 'issues.accept', id);
      expectOk(await act(call, SECRETARY, 'issues.assign', id, { to: 'member', memberId: id === mine.id ? 'm0006' : ASSIGNEE }));
      expectOk(await act(call, SECRETARY, 'issues.resolve', id, { note: '已清理' }));
    }
    // MEMBER reported `mine` but not `other`, and holds no role over the grid
    expect(code(await act(call, MEMBER, 'issues.verify', other.id))).toBe('FORBIDDEN');
    expect(code(await act(call, MEMBER, 'issues.reopen', other.id, { reason: '不满意' }))).toBe('FORBIDDEN');
    expect(issueDoc(cloud, other.id).state).toBe('resolved');
    expect(code(await act(call, MEMBER, 'issues.verify', mine.id))).toBe('ok');
  });

  it('close twice: ISSUE_CLOSED; close before verification: ISSUE_WRONG_STATE', async () => {
    const i = await report(call, LEADER, LEADER_ID);
    await act(call, LEADER, 'issues.accept', i.id);
    expect(code(await act(call, LEADER, 'issues.close', i.id))).toBe('ISSUE_WRONG_STATE');
    await act(call, LEADER, 'issues.assign', i.id, { to: 'member', memberId: LEADER_ID });
    await act(call, LEADER, 'issues.resolve', i.id, { note: '已处理' });
    await act(call, LEADER, 'issues.verify', i.id);
    expect(code(await act(call, LEADER, 'issues.close', i.id))).toBe('ok');
    const closed = issueDoc(cloud, i.id);
    expect(code(await act(call, LEADER, 'issues.close', i.id))).toBe('ISSUE_CLOSED');
    expect(code(await act(call, LEADER, 'issues.reopen', i.id, { reason: 'x' }))).toBe('ISSUE_CLOSED');
    expect(issueDoc(cloud, i.id)).toEqual(closed);
  });

  it('escalating from the county: ISSUE_TOP_LEVEL; accepting twice: ISSUE_WRONG_STATE', async () => {
    const i = await report(call, LEADER, LEADER_ID);
    for (const who of [LEADER, SECRETARY, TOWN]) expectOk(await act(call, who, 'issues.escalate', i.id, { reason: '需要上级协调' }));
    expect(issueDoc(cloud, i.id).levelOrgId).toBe('county');
    expect(code(await act(call, COUNTY, 'issues.escalate', i.id, { reason: '再上报' }))).toBe('ISSUE_TOP_LEVEL');
    expect(code(await act(call, COUNTY, 'issues.accept', i.id))).toBe('ok');
    expect(code(await act(call, COUNTY, 'issues.accept', i.id))).toBe('ISSUE_WRONG_STATE');
  });

  it('refuses an unknown category and photos the reporter did not upload', async () => {
    const bad = await call(LEADER, { action: 'issues.report', category: 'nosuch', text: 'x', location: PLACE });
    expect(code(bad)).toBe('GRID_CATEGORY_UNKNOWN');
    const stolen = await call(LEADER, { action: 'issues.report', category: 'safety', text: 'x', location: PLACE, photos: [photo('a', 'm0100')] });
    expect([code(stolen), stolen.ok ? '' : stolen.field]).toEqual(['INVALID_INPUT', 'photos']);
  });
});

describe('points through the rule catalog, once per issue', () => {
  it('credits the reporter on acceptance and the resolver on verification, once, and a returned report nothing', async () => {
    const reporter0 = balanceOf(cloud, MEMBER_ID).eval;
    const resolver0 = balanceOf(cloud, 'm0006').eval;
    const i = await report(call, MEMBER, MEMBER_ID, { category: 'dispute', text: '邻里纠纷' });
    expect(balanceOf(cloud, MEMBER_ID).eval).toBe(reporter0);
    await act(call, SECRETARY, 'issues.accept', i.id);
    expect(balanceOf(cloud, MEMBER_ID).eval).toBe(reporter0 + 1);
    await act(call, SECRETARY, 'issues.assign', i.id, { to: 'member', memberId: 'm0006' });
    await act(call, SECRETARY, 'issues.resolve', i.id, { note: '调解' });
    // a staff member resolving on the assignee's behalf is the resolver
    await act(call, MEMBER, 'issues.reopen', i.id, { reason: '没有调解成功' });
    await act(call, SECRETARY, 'issues.assign', i.id, { to: 'member', memberId: 'm0006' });
    await bindAndResolve(i.id);
    await act(call, MEMBER, 'issues.verify', i.id);
    expect(balanceOf(cloud, 'm0006').eval).toBe(resolver0 + 3);
    expect(cloud.store.count('ledger', { 'source.id': i.id })).toBe(2);
    expect(issueDoc(cloud, i.id).credited).toEqual({ reported: 'credited', resolved: 'credited' });

    const returned = await report(call, MEMBER, MEMBER_ID, { category: 'dispute', text: '同一纠纷' });
    await act(call, SECRETARY, 'issues.return', returned.id, { reason: '重复', duplicate: true });
    expect(cloud.store.count('ledger', { 'source.id': returned.id })).toBe(0);
  });
});

async function bindAndResolve(issueId: string): Promise<void> {
  expectOk(await act(call, resolverOpenid, 'issues.resolve', issueId, { note: '调解成功' }));
}

describe('scope', () => {
  it('a grid leader sees only their grid in the queue; another grid leader is refused the issue', async () => {
    const i = await report(call, LEADER, LEADER_ID);
    const mine = expectOk(await call<IssuesListResult>(LEADER, { action: 'issues.list', box: 'queue', limit: 100 })).issues;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((x) => x.gridId === GRID || x.assignee?.id === GRID)).toBe(true);
    const theirs = expectOk(await call<IssuesListResult>(OTHER_LEADER, { action: 'issues.list', box: 'queue', limit: 100 })).issues;
    expect(theirs.map((x) => x.id)).not.toContain(i.id);
    expect(code(await call(OTHER_LEADER, { action: 'issues.get', issueId: i.id }))).toBe('NOT_FOUND');
    expect(code(await act(call, OTHER_LEADER, 'issues.accept', i.id))).toBe('FORBIDDEN');
    // the branch secretary and the town admin see it
    for (const who of [SECRETARY, TOWN]) expect(expectOk(await call<IssuesListResult>(who, { action: 'issues.list', box: 'queue', limit: 100 })).issues.map((x) => x.id)).toContain(i.id);
    expect(code(await call(MEMBER, { action: 'issues.list', box: 'queue' }))).toBe('FORBIDDEN');
  });

  it('the reporter follows their own reports', async () => {
    const i = await report(call, MEMBER, MEMBER_ID, { anonymous: true });
    const mine = expectOk(await call<IssuesListResult>(MEMBER, { action: 'issues.list', box: 'mine', limit: 100 })).issues;
    expect(mine.map((x) => x.id)).toContain(i.id);
    expect(mine.every((x) => x.reporterId === MEMBER_ID)).toBe(true);
  });

  it('counters equal a recount of the issue records', () => {
    expect(counterDrift(cloud)).toEqual([]);
  });
});
