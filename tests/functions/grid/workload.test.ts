import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StatsResult } from '../../../core/contracts/grid';
import { grid } from '../../../core/functions/grid';
import type { IssueDoc } from '../../../core/domain/grid/issue';
import { kpiOf, recount } from '../../../core/domain/grid/kpi';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { seededRandom } from '../../../emulator/store/query';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { act, counterDrift, COUNTY, report } from './helpers';

let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-10-30 09:00:00'));
const rnd = seededRandom(1515);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

// the grid leaders of group 2 of b01..b04 (town t1) and b05 (town t2): demo identities
const LEADERS = [
  ['demo-grid-b01g2', 'm0002'],
  ['demo-grid-b02g2', 'm0027'],
  ['demo-grid-b03g2', 'm0052'],
  ['demo-grid-b05g2', 'm0104'],
] as const;

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, grid({ clock, log: { error: () => undefined, info: () => undefined } }));
});
afterAll(() => cloud.close());

/** One random step on an issue by the county admin (whose grant covers every level), whatever its state. */
async function step(i: IssueDoc): Promise<void> {
  const s = i.state;
  const r = rnd();
  if (s === 'reported') return void (await act(call, COUNTY, r < 0.15 ? 'issues.return' : r < 0.3 ? 'issues.escalate' : 'issues.accept', i._id, r < 0.3 ? { reason: '随机' } : {}));
  if (s === 'accepted' || s === 'reopened')
    return void (await act(
      call,
      COUNTY,
      r < 0.2 && i.levelIndex > 0 ? 'issues.escalate' : 'issues.assign',
      i._id,
      r < 0.2 && i.levelIndex > 0 ? { reason: '随机' } : { to: 'member', memberId: i.reporterId },
    ));
  if (s === 'assigned') return void (await act(call, COUNTY, 'issues.resolve', i._id, { note: '处置' }));
  if (s === 'resolved') return void (await act(call, COUNTY, r < 0.25 ? 'issues.reopen' : 'issues.verify', i._id, r < 0.25 ? { reason: '不满意' } : {}));
  if (s === 'verified') return void (await act(call, COUNTY, 'issues.close', i._id));
}

describe('KPI counters under a randomized workload', () => {
  it('equal a recount of the issue records, over two months, with concurrent transitions', async () => {
    const ids: string[] = [];
    for (let round = 0; round < 8; round++) {
      // a few reports, then a burst of concurrent steps on random open issues
      for (let n = 0; n < 6; n++) {
        const [openid, memberId] = pick(LEADERS);
        ids.push((await report(call, openid, memberId, { category: pick(['safety', 'dispute', 'opinion', 'environment']), text: `第${round}轮${n}` })).id);
      }
      const docs = ids.map((id) => cloud.store.getById('gridIssues', id) as unknown as IssueDoc).filter((i) => !['closed', 'returned'].includes(i.state));
      await Promise.all(docs.filter(() => rnd() < 0.7).map((i) => step(i)));
      clock.advance(17 * 3_600_000); // crosses into November half way
    }
    expect(counterDrift(cloud)).toEqual([]);
    const months = new Set(ids.map((id) => (cloud.store.getById('gridIssues', id) as unknown as IssueDoc).month));
    expect([...months].sort()).toEqual(['2026-10', '2026-11']);

    // the stats action answers what a recount says, for the county, a town and a grid
    const all = cloud.store.find('gridIssues', {}, { limit: 100000 }) as unknown as IssueDoc[];
    const want = recount(all);
    for (const [orgId, month] of [
      ['county', '2026-10'],
      ['t1', '2026-11'],
      ['b01g2', '2026-10'],
    ]) {
      const got = expectOk(await call<StatsResult>(COUNTY, { action: 'stats', orgId, month, orgPath: orgId === 'b01g2' ? ['county', 't1', 'b01', 'b01g2'] : undefined }));
      const c = want.get(`${orgId}|${month}`);
      expect([orgId, got.kpi]).toEqual([orgId, kpiOf(c ?? { reported: 0, returned: 0, accepted: 0, closed: 0, closedFirst: 0, overdue: 0, h: {} })]);
    }
    expect(want.get('county|2026-10')?.closed).toBeGreaterThan(0);
  });
});
