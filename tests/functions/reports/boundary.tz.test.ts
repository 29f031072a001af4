import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MyRankResult, RankResult } from '../../../core/contracts/reports';
import type { MemberDoc } from '../../../core/domain/org/model';
import { reversalDraft, type LedgerEntry } from '../../../core/domain/points/ledger';
import { chinaTime } from '../../../core/domain/time';
import { reports } from '../../../core/functions/reports';
import { fixedClock } from '../../../core/runtime/clock';
import { postOnce } from '../../../core/usecases/points/post-entry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, fireTimer, startTestCloud, type Call } from '../../support/cloud';
import { rule } from '../../support/ledger';
import { points, rankingBranch } from './support';

// Period boundaries in China time, under TZ=UTC and TZ=Asia/Shanghai alike.
let cloud: LocalCloud;
let call: Call;
let m: MemberDoc[];
const clock = fixedClock(chinaTime('2026-11-30 23:59:59'));
const fn = reports({ clock, log: { error: () => undefined, info: () => undefined } });
const totals = (id: string): Record<string, number> => (cloud.store.getById('balances', id) as { totals?: Record<string, number> }).totals ?? {};

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, fn);
  m = (await rankingBranch(cloud, 'tzb', 3)).members;
});
afterAll(() => cloud.close());

describe('a month boundary at 23:59:59 / 00:00:00 China time', () => {
  it('counts an entry at 23:59:59 on 30 November in November, one at 00:00:00 on 1 December in December', async () => {
    const award = rule(cloud, 'VANGUARD');
    expectOk(await postOnce(points(m[0], award, 'tz:1', 7, chinaTime('2026-11-30 23:59:59'))));
    expectOk(await postOnce(points(m[1], award, 'tz:2', 4, chinaTime('2026-12-01 00:00:00'))));
    expect(totals('tzbm1')).toEqual({ 'month:2026-11': 7, 'quarter:2026-Q4': 7, 'year:2026': 7 });
    expect(totals('tzbm2')).toEqual({ 'month:2026-12': 4, 'quarter:2026-Q4': 4, 'year:2026': 4 });
  });

  it('freezes November after its end with the 23:59:59 entry and without the 00:00:00 one', async () => {
    clock.set(chinaTime('2026-12-01 00:05:00'));
    // the month that ended first, one period a run (then the third quarter and 2025, never frozen in this cloud)
    for (const p of ['month:2026-11', 'quarter:2026-Q3', 'year:2025']) expect(expectOk(await fireTimer(cloud, fn, 'snapshot', clock.now()))).toMatchObject({ final: true, periods: [p] });
    const nov = expectOk(await call<RankResult>('t-tzbm1', { action: 'rank', key: 'month:2026-11' }));
    expect(nov.final).toBe(true);
    expect(nov.rows.map((r) => [r.memberId, r.total, r.rank])).toEqual([
      ['tzbm1', 7, 1],
      ['tzbm2', 0, 2],
      ['tzbm3', 0, 2],
    ]);
  });

  it('answers myRank for the current month from December\u2019s totals', async () => {
    expectOk(await fireTimer(cloud, fn, 'snapshot', clock.now()));
    const me = expectOk(await call<MyRankResult>('t-tzbm2', { action: 'myRank', period: 'month' }));
    expect(me).toMatchObject({ key: 'month:2026-12', total: 4 });
    expect(me.levels[0]).toMatchObject({ rank: 1, of: 3 });
    const q = expectOk(await call<MyRankResult>('t-tzbm1', { action: 'myRank', period: 'quarter' }));
    expect(q).toMatchObject({ key: 'quarter:2026-Q4', total: 7 });
  });

  it('counts a December reversal of a November entry against November, not December', async () => {
    clock.set(chinaTime('2026-12-02 09:00:00'));
    const original = cloud.store.getById('ledger', 'tz:1') as unknown as LedgerEntry;
    expectOk(await postOnce(reversalDraft(original, rule(cloud, 'VANGUARD'), { actorId: 'tzbm3', note: '重复录入', at: clock.now() })));
    expect(totals('tzbm1')).toEqual({ 'month:2026-11': 0, 'quarter:2026-Q4': 0, 'year:2026': 0 });
    // November was published: its frozen ranking stands
    const nov = expectOk(await call<MyRankResult>('t-tzbm1', { action: 'myRank', key: 'month:2026-11' }));
    expect(nov).toMatchObject({ final: true, total: 7 });
  });
});

describe('a year boundary', () => {
  it('starts 2027 at 00:00:00 on 1 January China time', async () => {
    expectOk(await postOnce(points(m[2], rule(cloud, 'VANGUARD'), 'tz:3', 2, chinaTime('2026-12-31 23:59:59'))));
    expectOk(await postOnce(points(m[2], rule(cloud, 'VANGUARD'), 'tz:4', 3, chinaTime('2027-01-01 00:00:00'))));
    expect(totals('tzbm3')).toEqual({ 'month:2026-12': 2, 'quarter:2026-Q4': 2, 'year:2026': 2, 'month:2027-01': 3, 'quarter:2027-Q1': 3, 'year:2027': 3 });
    clock.set(chinaTime('2027-01-01 00:05:00'));
    for (const p of ['month:2026-12', 'quarter:2026-Q4', 'year:2026']) expect(expectOk(await fireTimer(cloud, fn, 'snapshot', clock.now()))).toMatchObject({ final: true, periods: [p] });
    const y = expectOk(await call<RankResult>('t-tzbm3', { action: 'rank', key: 'year:2026' }));
    expect(y.rows.map((r) => [r.memberId, r.total])).toEqual([
      ['tzbm2', 4],
      ['tzbm3', 2],
      ['tzbm1', 0],
    ]);
  });
});
