import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HighlightsResult, ReviewResult, ReviewsListResult, ReviewsStatsResult } from '../../../core/contracts/grid';
import { grid } from '../../../core/functions/grid';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import type { TickReport } from '../../../core/usecases/grid/tick';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, fireTimer, startTestCloud, type Call } from '../../support/cloud';
import { photo } from '../../support/ledger';
import { COUNTY, MEMBER, SECRETARY, TOWN } from './helpers';

let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-10 10:00:00'));
const main = grid({ clock, log: { error: () => undefined, info: () => undefined } });
const OTHER_SECRETARY = 'demo-secretary-b05';

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, main);
});
afterAll(() => cloud.close());

const code = (r: { ok: boolean; code?: string }): string => (r.ok ? 'ok' : (r.code ?? '?'));
const findings = (owner: string) => [
  { tag: 'highlight', text: '党员先锋岗常态化值守', photos: [photo('hl', owner)] },
  { tag: 'weakness', text: '三会一课记录不全', measure: { text: '补齐会议记录', responsibleId: 'm0001', deadline: '2026-11-20' } },
  { tag: 'hotspot', text: '老旧小区加装电梯诉求集中' },
];
/** Reviewers and the member ids whose uploads they may attach. */
const OWNER: Record<string, string> = { [TOWN]: 'm0101', [SECRETARY]: 'm0001', [OTHER_SECRETARY]: 'm0103', [MEMBER]: 'm0003' };
const create = (openid: string, orgId: string) => call<ReviewResult>(openid, { action: 'reviews.create', orgId, kind: 'onsite', date: '2026-11-10', findings: findings(OWNER[openid]) });

describe('点评台账: a reviewer reviews an org below them, the org responds, the reviewer re-checks', () => {
  it('only orgs strictly below the reviewer’s grant', async () => {
    expect(code(await create(TOWN, 'b01'))).toBe('ok');
    expect(code(await create(SECRETARY, 'b01'))).toBe('REVIEW_NOT_BELOW');
    expect(code(await create(SECRETARY, 'b01g1'))).toBe('ok');
    expect(code(await create(OTHER_SECRETARY, 'b01'))).toBe('FORBIDDEN');
    expect(code(await create(MEMBER, 'b01g1'))).toBe('FORBIDDEN');
    // the reviewed org's 责任人 (b01 names its secretary m0001) is told
    expect(cloud.store.count('outbox', { template: 'reviewReceived', memberId: 'm0001' })).toBe(1);
  });

  it('responses per item, a measure done with evidence, pass; a reopen with a new deadline; wrong states refused', async () => {
    const r = expectOk(await create(TOWN, 'b01')).review;
    const weak = r.findings[1].id;
    expect(code(await call(TOWN, { action: 'reviews.recheck', reviewId: r.id, findingId: weak, result: 'pass' }))).toBe('MEASURE_WRONG_STATE');
    expectOk(await call(SECRETARY, { action: 'reviews.respond', reviewId: r.id, findingId: r.findings[2].id, kind: 'respond', text: '已向街道反映' }));
    const done = expectOk(
      await call<ReviewResult>(SECRETARY, { action: 'reviews.respond', reviewId: r.id, findingId: weak, kind: 'done', evidence: '记录已补齐', photos: [photo('rec', 'm0001')] }),
    ).review;
    expect(done.findings[1].measure?.status).toBe('done');
    expect(code(await call(SECRETARY, { action: 'reviews.respond', reviewId: r.id, findingId: weak, kind: 'done', evidence: '再报' }))).toBe('MEASURE_WRONG_STATE');
    // the reviewed side cannot pass its own measure
    expect(code(await call(SECRETARY, { action: 'reviews.recheck', reviewId: r.id, findingId: weak, result: 'pass' }))).toBe('FORBIDDEN');
    const reopened = expectOk(await call<ReviewResult>(TOWN, { action: 'reviews.recheck', reviewId: r.id, findingId: weak, result: 'reopen', note: '记录不规范', deadline: '2026-11-30' })).review;
    expect([reopened.findings[1].measure?.status, reopened.findings[1].measure?.deadline]).toEqual(['open', '2026-11-30']);
    await call(SECRETARY, { action: 'reviews.respond', reviewId: r.id, findingId: weak, kind: 'done', evidence: '已规范' });
    const passed = expectOk(await call<ReviewResult>(TOWN, { action: 'reviews.recheck', reviewId: r.id, findingId: weak, result: 'pass' })).review;
    expect(passed.findings[1].measure?.history.map((h) => h.kind)).toEqual(['set', 'done', 'reopen', 'done', 'pass']);
    expect(passed.findings[2].responses.map((x) => x.text)).toEqual(['已向街道反映']);
  });

  it('reminds both sides of an overdue measure once per deadline', async () => {
    const r = expectOk(await create(TOWN, 'b02')).review;
    const count = () => cloud.store.count('outbox', { _id: { $regex: `^ntf:measureOverdue:${r.id}:` } });
    const tick = async (wall: string) => {
      clock.set(chinaTime(wall));
      return expectOk(await fireTimer<TickReport>(cloud, main, 'gridTick', clock.now()));
    };
    await tick('2026-11-20 23:00:00');
    expect(count()).toBe(0);
    await tick('2026-11-21 00:10:00');
    // the measure's responsible (m0001) and the reviewer (the town admin m0101)
    expect(count()).toBe(2);
    await tick('2026-11-22 00:10:00');
    expect(count()).toBe(2);
    expect(expectOk(await call<ReviewResult>(TOWN, { action: 'reviews.get', reviewId: r.id })).review.overdueMeasures).toBe(1);
    // a new deadline, missed too: one more reminder each
    await call(TOWN, { action: 'reviews.recheck', reviewId: r.id, findingId: r.findings[1].id, result: 'reopen', note: '抓紧', deadline: '2026-11-25' });
    await tick('2026-11-26 00:10:00');
    expect(count()).toBe(4);
  });

  it('scope: the reviewed org’s secretary and those above see a review; another branch does not', async () => {
    const r = expectOk(await create(TOWN, 'b03')).review;
    expect(code(await call(OTHER_SECRETARY, { action: 'reviews.get', reviewId: r.id }))).toBe('FORBIDDEN');
    expect(code(await call('demo-secretary-b03', { action: 'reviews.get', reviewId: r.id }))).toBe('ok');
    expect(code(await call(COUNTY, { action: 'reviews.get', reviewId: r.id }))).toBe('ok');
    const theirs = expectOk(await call<ReviewsListResult>(OTHER_SECRETARY, { action: 'reviews.list', box: 'received' })).reviews;
    expect(theirs.map((x) => x.id)).not.toContain(r.id);
    const written = expectOk(await call<ReviewsListResult>(TOWN, { action: 'reviews.list', box: 'written' })).reviews;
    expect(written.every((x) => x.reviewerId === 'm0101')).toBe(true);
    expect(code(await call(OTHER_SECRETARY, { action: 'reviews.respond', reviewId: r.id, findingId: 'f1', kind: 'respond', text: 'x' }))).toBe('FORBIDDEN');
  });

  it('highlights marked for 推广 are listed county-wide; only highlights can be', async () => {
    const r = expectOk(await create(TOWN, 'b04')).review;
    expect(code(await call(TOWN, { action: 'reviews.promote', reviewId: r.id, findingId: r.findings[1].id, promote: true }))).toBe('INVALID_INPUT');
    expectOk(await call(TOWN, { action: 'reviews.promote', reviewId: r.id, findingId: r.findings[0].id, promote: true }));
    const list = expectOk(await call<HighlightsResult>(MEMBER, { action: 'reviews.highlights' })).highlights;
    expect(list.map((h) => [h.reviewId, h.text])).toEqual([[r.id, '党员先锋岗常态化值守']]);
  });

  it('stats per reviewer and per org: findings by tag, measures done on time, overdue', async () => {
    const s = expectOk(await call<ReviewsStatsResult>(TOWN, { action: 'reviews.stats', orgId: 't1' }));
    const town = s.byReviewer.find((x) => x.id === 'm0101');
    // b01 twice, b02, b03, b04
    expect(town?.reviews).toBe(5);
    expect(town?.byTag).toEqual({ highlight: 5, difficulty: 0, hotspot: 5, weakness: 5 });
    const b01 = s.byOrg.find((x) => x.id === 'b01');
    // b01: one measure passed on time, the other (the first review's) open until 11-20, overdue by the 26th
    expect([b01?.measures, b01?.doneOnTime, b01?.overdue]).toEqual([2, 1, 1]);
    const b02 = s.byOrg.find((x) => x.id === 'b02');
    expect([b02?.measures, b02?.doneOnTime, b02?.overdue]).toEqual([1, 0, 1]);
  });
});
