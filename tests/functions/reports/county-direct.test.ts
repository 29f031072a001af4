import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import type { RankResult } from '../../../core/contracts/reports';
import type { SnapshotDoc } from '../../../core/domain/reports/snapshot';
import { chinaTime } from '../../../core/domain/time';
import { reports } from '../../../core/functions/reports';
import { fixedClock } from '../../../core/runtime/clock';
import { postOnce } from '../../../core/usecases/points/post-entry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { expectOk, fireTimer, startTestCloud } from '../../support/cloud';
import { rule } from '../../support/ledger';
import { points, rankingBranch } from './support';

// Members placed directly under the county (a 县直 branch, outside any town) are ranked in the
// county's snapshot, and their branch gets its own, by the same town-by-town job.
let cloud: LocalCloud;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));
const silent = { error: () => undefined, info: () => undefined };
const fn = reports({ clock, log: silent });
const snap = (orgId: string) => cloud.store.getById('rankSnapshots', `month:2026-11|${orgId}`) as unknown as SnapshotDoc | null;

beforeAll(async () => {
  cloud = await startTestCloud();
  const direct = (await rankingBranch(cloud, 'rbd', 3, { townId: 'county', name: '县直机关测试支部' })).members;
  const award = rule(cloud, 'VANGUARD');
  for (const [i, n] of [900, 40, 0].entries()) if (n) expectOk(await postOnce(points(direct[i], award, `rkd:${direct[i]._id}`, n, chinaTime('2026-11-10 09:00:00'))));
  // October, Q3 and 2025 are frozen first, then the current month is refreshed
  for (let i = 0; i < 4; i++) expectOk(await fireTimer(cloud, fn, 'snapshot', clock.now()));
});
afterAll(() => cloud.close());

describe('members directly under the county', () => {
  it('counts them in the county snapshot with their branch ranked among the county’s branches', () => {
    const county = snap('county')!;
    const towns = county.orgs.filter((o) => o.type === 'town').map((o) => snap(o.orgId)!);
    const inTowns = towns.reduce((a, t) => a + t.figures.members, 0);
    expect(county.figures.members).toBe(inTowns + 3);
    expect(county.top[0]).toMatchObject({ memberId: 'rbdm1', total: 900, rank: 1, branchName: '县直机关测试支部' });
    expect(county.orgs.find((o) => o.orgId === 'rbd')).toMatchObject({ type: 'branch', members: 3, participants: 2, sum: 940 });
    // no town row for them: they are not a town
    expect(county.orgs.filter((o) => o.type === 'town').map((o) => o.orgId)).not.toContain('county');
  });

  it('writes their branch its own snapshot, which its members are ranked in', async () => {
    expect(snap('rbd')).toMatchObject({ orgType: 'branch', figures: { members: 3, sum: 940 } });
    const r = await cloud.invoke<Result<RankResult>>(fn as never, { action: 'rank', level: 'county' }, { openid: 't-rbdm2' });
    expect(expectOk(r.result).rows.find((x) => x.memberId === 'rbdm2')).toMatchObject({ total: 40 });
  });
});
