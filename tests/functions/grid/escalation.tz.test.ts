import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { grid } from '../../../core/functions/grid';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import { gridTick, type TickReport } from '../../../core/usecases/grid/tick';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, fireTimer, startTestCloud, type Call } from '../../support/cloud';
import { act, counterDrift, issueDoc, LEADER, LEADER_ID, report } from './helpers';

// Deadlines of `safety` (core/domain/grid/config.ts): grid 24 h, branch 48 h, town 72 h, county 120 h.
const H = 3_600_000;
let cloud: LocalCloud;
let call: Call;
const T0 = chinaTime('2026-11-30 23:30:00'); // half an hour before a China-time month ends: the cohort is November in either TZ
const clock = fixedClock(T0);
const main = grid({ clock, log: { error: () => undefined, info: () => undefined } });

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, main);
});
afterAll(() => cloud.close());

async function tick(at: Date): Promise<TickReport> {
  clock.set(at);
  return expectOk(await fireTimer<TickReport>(cloud, main, 'gridTick', at));
}

describe('the timer escalates an overdue issue one level up, exactly once per deadline', () => {
  it('group → branch → town → county, then overdue at the county once; each step notifies the next level once', async () => {
    clock.set(T0);
    const i = await report(call, LEADER, LEADER_ID);
    expect(issueDoc(cloud, i.id).month).toBe('2026-11');

    expect((await tick(new Date(T0.getTime() + 24 * H - 60_000))).escalated).toBe(0);
    expect(issueDoc(cloud, i.id).levelOrgId).toBe('b01g2');

    const at1 = new Date(T0.getTime() + 24 * H);
    expect((await tick(at1)).escalated).toBe(1);
    expect([issueDoc(cloud, i.id).levelOrgId, issueDoc(cloud, i.id).state, issueDoc(cloud, i.id).overdue]).toEqual(['b01', 'reported', true]);
    // the same deadline again, and again later before the next one: nothing
    expect((await tick(at1)).escalated).toBe(0);
    expect((await tick(new Date(at1.getTime() + 47 * H))).escalated).toBe(0);
    expect(issueDoc(cloud, i.id).timeline.filter((r) => r.kind === 'escalate')).toHaveLength(1);
    // b01 names m0001 (its secretary) as its first 责任人: told once
    expect(cloud.store.count('outbox', { template: 'gridEscalated', memberId: 'm0001' })).toBe(1);

    const at2 = new Date(at1.getTime() + 48 * H);
    expect((await tick(at2)).escalated).toBe(1);
    expect(issueDoc(cloud, i.id).levelOrgId).toBe('t1');
    const at3 = new Date(at2.getTime() + 72 * H);
    expect((await tick(at3)).escalated).toBe(1);
    expect(issueDoc(cloud, i.id).levelOrgId).toBe('county');
    // t1 and the county name no 责任人: their admins are told
    expect(cloud.store.count('outbox', { template: 'gridEscalated', memberId: 'm0101' })).toBe(1);
    expect(cloud.store.count('outbox', { template: 'gridEscalated', memberId: 'm0307' })).toBe(1);

    const at4 = new Date(at3.getTime() + 120 * H);
    const top = await tick(at4);
    expect([top.escalated, top.overdueAtTop, top.failed, top.skipped]).toEqual([0, 1, 0, 0]);
    expect((await tick(new Date(at4.getTime() + 1000 * H))).overdueAtTop).toBe(0);
    const doc = issueDoc(cloud, i.id);
    expect([doc.escalations, doc.deadlineAt, doc.timeline.filter((r) => r.auto).length]).toEqual([3, null, 4]);
    expect(cloud.store.count('outbox', { template: 'gridEscalated', memberId: 'm0307' })).toBe(2);
    expect(counterDrift(cloud)).toEqual([]);
  });

  it('two timer runs at once escalate a due issue once', async () => {
    clock.set(T0);
    const i = await report(call, LEADER, LEADER_ID);
    const at = new Date(T0.getTime() + 25 * H);
    clock.set(at);
    const [a, b] = await Promise.all([fireTimer<TickReport>(cloud, main, 'gridTick', at), fireTimer<TickReport>(cloud, main, 'gridTick', at)]);
    expect(expectOk(a).escalated + expectOk(b).escalated).toBeGreaterThanOrEqual(1);
    expect(issueDoc(cloud, i.id).timeline.filter((r) => r.kind === 'escalate')).toHaveLength(1);
    expect(issueDoc(cloud, i.id).levelOrgId).toBe('b01');
  });

  it('an issue resolved in time is not escalated; a reopened one gets a new deadline', async () => {
    clock.set(T0);
    const i = await report(call, LEADER, LEADER_ID);
    await act(call, LEADER, 'issues.accept', i.id);
    await act(call, LEADER, 'issues.assign', i.id, { to: 'member', memberId: LEADER_ID });
    await act(call, LEADER, 'issues.resolve', i.id, { note: '已处理' });
    await tick(new Date(T0.getTime() + 200 * H));
    expect([issueDoc(cloud, i.id).levelOrgId, issueDoc(cloud, i.id).overdue]).toEqual(['b01g2', false]);
    clock.set(new Date(T0.getTime() + 200 * H));
    await act(call, LEADER, 'issues.reopen', i.id, { reason: '没处理好' });
    expect((await tick(new Date(T0.getTime() + 223 * H))).escalated).toBe(0);
    await tick(new Date(T0.getTime() + 224 * H));
    expect(issueDoc(cloud, i.id).levelOrgId).toBe('b01');
  });

  it('a run past its budget stops after a chunk and the next one resumes from its cursor', async () => {
    clock.set(T0);
    const ids = [];
    for (let n = 0; n < 12; n++) ids.push((await report(call, LEADER, LEADER_ID, { text: `批量${n}` })).id);
    const at = new Date(T0.getTime() + 30 * H);
    clock.set(at);
    const ctx = { requestId: 'budget', openid: undefined, clock, log: { error: () => undefined, info: () => undefined } };
    const first = expectOk(await gridTick(ctx, { budgetMs: 0 }));
    expect([first.more, first.escalated > 0, first.escalated < 12, first.cursor !== '']).toEqual([true, true, true, true]);
    const second = expectOk(await gridTick(ctx, { budgetMs: 60_000 }));
    expect([second.more, second.cursor]).toEqual([false, '']);
    expect(ids.map((id) => issueDoc(cloud, id).levelOrgId)).toEqual(ids.map(() => 'b01'));
    expect(ids.map((id) => issueDoc(cloud, id).escalations)).toEqual(ids.map(() => 1));
    expect(counterDrift(cloud)).toEqual([]);
  });
});
