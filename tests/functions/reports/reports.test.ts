import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Result } from '../../../core/contracts/envelope';
import type { HonoursResult, MyRankResult, OrgRankResult, RankResult, StarsListResult } from '../../../core/contracts/reports';
import type { MemberDoc } from '../../../core/domain/org/model';
import { reversalDraft, type LedgerEntry } from '../../../core/domain/points/ledger';
import { expiryDraft } from '../../../core/domain/points/expiry';
import { chinaTime } from '../../../core/domain/time';
import { points as pointsFn } from '../../../core/functions/points';
import { files } from '../../../core/functions/files';
import { reports } from '../../../core/functions/reports';
import { fixedClock } from '../../../core/runtime/clock';
import { postOnce } from '../../../core/usecases/points/post-entry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, fireTimer, startTestCloud, type Call } from '../../support/cloud';
import { rule } from '../../support/ledger';
import { points, rankingBranch } from './support';

// Rankings through the real SDK: totals kept by the ledger, snapshots by the timer, the actions.
let cloud: LocalCloud;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));
const silent = { error: () => undefined, info: () => undefined };
const fn = reports({ clock, log: silent });
let call: Call;
let pcall: Call;
let m: MemberDoc[];

const snapshot = <T = unknown>() => fireTimer<T>(cloud, fn, 'snapshot', clock.now());
const run = async <T>(openid: string, event: Record<string, unknown>): Promise<{ data: T; dbRequests: number }> => {
  const r = await cloud.invoke<Result<T>>(fn as never, event, { openid });
  return { data: expectOk(r.result), dbRequests: r.dbRequests };
};
const totals = (id: string): Record<string, number> => (cloud.store.getById('balances', id) as { totals?: Record<string, number> }).totals ?? {};

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, fn);
  pcall = caller(cloud, pointsFn({ clock, log: silent }));
  m = (await rankingBranch(cloud, 'rb1', 6)).members; // rb1m6 is its secretary
  await rankingBranch(cloud, 'rb2', 0); // a new branch, nobody in it yet
  const award = rule(cloud, 'VANGUARD');
  const amounts = [30, 20, 20, 10, 0, 5];
  for (const [i, n] of amounts.entries()) if (n) expectOk(await postOnce(points(m[i], award, `rk:${m[i]._id}:1`, n, chinaTime('2026-11-10 09:00:00'))));
  // the first run freezes the periods that ended before (October, Q3, 2025), the next refreshes the current ones
  for (const p of ['month:2026-10', 'quarter:2026-Q3', 'year:2025']) expect(expectOk(await snapshot())).toMatchObject({ final: true, periods: [p] });
  for (const p of ['month:2026-11', 'quarter:2026-Q4', 'year:2026']) expect(expectOk(await snapshot())).toMatchObject({ final: false, periods: [p] });
});
afterAll(() => cloud.close());

describe('period totals kept with each entry', () => {
  it('adds each entry to its China-time month, quarter and year on the balance', () => {
    expect(totals('rb1m1')).toEqual({ 'month:2026-11': 30, 'quarter:2026-Q4': 30, 'year:2026': 30 });
    expect(totals('rb1m5')).toEqual({});
  });
});

describe('reports.rank', () => {
  it('ranks ties with a shared rank and skips the places they took (1-2-2-4)', async () => {
    const r = expectOk(await call<RankResult>('t-rb1m1', { action: 'rank', level: 'branch' }));
    expect(r.rows.map((x) => [x.memberId, x.total, x.rank, x.tied])).toEqual([
      ['rb1m1', 30, 1, false],
      ['rb1m2', 20, 2, true],
      ['rb1m3', 20, 2, true],
      ['rb1m4', 10, 4, false],
      ['rb1m6', 5, 5, false],
      ['rb1m5', 0, 6, false],
    ]);
    expect(r).toMatchObject({ key: 'month:2026-11', final: false, count: 6, complete: true, perCapita: 14.17, participation: 83.3 });
    expect(r.rows[0].me).toBe(true);
  });

  it('shows a member ranks and names, never anyone\u2019s ledger', async () => {
    const r = expectOk(await call<RankResult>('t-rb1m2', { action: 'rank' }));
    for (const row of r.rows) expect(Object.keys(row).sort()).toEqual(expect.arrayContaining(['memberId', 'name', 'total', 'rank']));
    expect(JSON.stringify(r)).not.toMatch(/"eval"|"redeem"|ledger|hash/);
    expect(await pcall('t-rb1m2', { action: 'ledger.list', memberId: 'rb1m1' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('refuses a member another branch\u2019s ranking but gives their town\u2019s and county\u2019s', async () => {
    expect(await call('t-rb1m1', { action: 'rank', orgId: 'b01' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const town = expectOk(await call<RankResult>('t-rb1m1', { action: 'rank', level: 'town' }));
    expect(town.org).toMatchObject({ id: 't1', type: 'town' });
    expect(town.rows.find((x) => x.memberId === 'rb1m1')).toBeDefined();
    expect(expectOk(await call<RankResult>('t-rb1m1', { action: 'rank', level: 'county' })).org).toMatchObject({ id: 'county' });
  });

  it('answers an empty list for a new branch with nobody ranked', async () => {
    const r = expectOk(await call<RankResult>('demo-admin-t1', { action: 'rank', orgId: 'rb2' }));
    expect(r).toMatchObject({ count: 0, rows: [], excludedCount: 0 });
  });

  it('gives the previous period beside for a branch list with trends', async () => {
    const r = expectOk(await call<RankResult>('t-rb1m6', { action: 'rank', trend: true }));
    // nobody in the branch earned in October: all shared rank 1 then
    expect(r.rows.map((x) => x.previousRank)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});

describe('reports.myRank', () => {
  it('answers both balances and the standing at each level in 3 requests', async () => {
    const { data, dbRequests } = await run<MyRankResult>('t-rb1m3', { action: 'myRank' });
    expect(dbRequests).toBe(3);
    expect(data.balance).toEqual({ eval: 20, redeem: 20 });
    expect(data.total).toBe(20);
    const branch = data.levels.find((l) => l.level === 'branch')!;
    expect(branch).toMatchObject({ orgId: 'rb1', rank: 2, of: 6, tiedWith: 1, percentile: 50, toNext: 10 });
    expect(data.levels.map((l) => l.level)).toEqual(['branch', 'town', 'county']);
  });

  it('moves a reversed entry out of the totals at once (live total against the snapshot)', async () => {
    const original = cloud.store.getById('ledger', 'rk:rb1m1:1') as unknown as LedgerEntry;
    expectOk(await postOnce(reversalDraft(original, rule(cloud, 'VANGUARD'), { actorId: 'rb1m6', note: '录入错误', at: chinaTime('2026-11-24 09:00:00') })));
    expect(totals('rb1m1')).toEqual({ 'month:2026-11': 0, 'quarter:2026-Q4': 0, 'year:2026': 0 });
    const me = expectOk(await call<MyRankResult>('t-rb1m1', { action: 'myRank' }));
    // others as in the snapshot (20, 20, 10, 5, 0), this member now 0: shares rank 5 with rb1m5
    expect(me.levels[0]).toMatchObject({ rank: 5, tiedWith: 1, toNext: 5 });
    expect(me.total).toBe(0);
  });

  it('leaves the totals as they are when the annual expiry takes the redeemable points', async () => {
    const before = totals('rb1m2');
    const bal = cloud.store.getById('balances', 'rb1m2') as unknown as { redeem: number };
    expectOk(await postOnce(expiryDraft({ year: 2026, memberId: 'rb1m2', ancestors: m[1].ancestors, redeem: bal.redeem, rule: rule(cloud, 'ANNUAL_EXPIRY'), at: chinaTime('2026-11-24 10:00:00') })));
    expect(totals('rb1m2')).toEqual(before);
    expect((cloud.store.getById('balances', 'rb1m2') as unknown as { redeem: number }).redeem).toBe(0);
  });
});

describe('exclusion categories', () => {
  it('lists an excluded member apart, with the category, and ranks the rest without them', async () => {
    expectOk(await call('t-rb1m6', { action: 'exclusions.set', memberId: 'rb1m4', category: 'ill', note: '长期住院' }));
    clock.advance(60 * 60_000);
    expectOk(await snapshot());
    const r = expectOk(await call<RankResult>('t-rb1m2', { action: 'rank' }));
    expect(r.rows.map((x) => x.memberId)).not.toContain('rb1m4');
    expect(r.count).toBe(5);
    expect(r.excluded).toEqual([{ memberId: 'rb1m4', name: m[3].name, branchName: 'rb1测试支部', category: 'ill', categoryLabel: '患病', total: 10 }]);
    const me = expectOk(await call<MyRankResult>('t-rb1m4', { action: 'myRank' }));
    expect(me.excluded).toEqual({ category: 'ill', label: '患病' });
    expect(me.levels.every((l) => l.rank === null)).toBe(true);
    // the town counts them apart too
    const town = expectOk(await call<RankResult>('demo-admin-t1', { action: 'rank', orgId: 't1' }));
    expect(town.excludedCount).toBeGreaterThanOrEqual(1);
  });

  it('ranks a 流动党员 unless the county excludes that category', async () => {
    await cloud.store.updateById('members', 'rb1m5', { $set: { flow: true } }).durable;
    clock.advance(60 * 60_000);
    expectOk(await snapshot());
    expect(expectOk(await call<RankResult>('t-rb1m2', { action: 'rank' })).rows.map((x) => x.memberId)).toContain('rb1m5');
  });

  it('refuses a secretary marking a member of another branch', async () => {
    expect(await call('demo-secretary-b01', { action: 'exclusions.set', memberId: 'rb1m1', category: 'elderly' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('the snapshot job', () => {
  it('does nothing within the hour and rewrites nothing unchanged after it', async () => {
    // the quarter and the year, left behind by the hourly month refreshes above, one a run
    for (let i = 0; i < 3 && expectOk(await snapshot<{ periods: string[] }>()).periods.length; i++);
    expect(expectOk(await snapshot())).toMatchObject({ periods: [] });
    clock.advance(60 * 60_000);
    const r = expectOk(await snapshot()) as { written: number; skipped: number };
    expect(r.written).toBe(0);
    expect(r.skipped).toBeGreaterThan(0);
  });

  it('cannot be started by a client', async () => {
    expect(await call('t-rb1m1', { Type: 'Timer', TriggerName: 'snapshot' })).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });
});

describe('org ranking, stars and honours after the month ends', () => {
  beforeAll(async () => {
    clock.set(chinaTime('2026-12-01 00:05:00'));
    expect(expectOk(await snapshot())).toMatchObject({ final: true, periods: ['month:2026-11'] });
  });

  it('freezes November when it ends', async () => {
    const r = expectOk(await call<RankResult>('t-rb1m2', { action: 'rank', key: 'month:2026-11' }));
    expect(r.final).toBe(true);
  });

  it('ranks the town\u2019s branches by per-capita points with participation, in 2 requests', async () => {
    const { data, dbRequests } = await run<OrgRankResult>('demo-admin-t1', { action: 'orgRank', orgId: 't1', key: 'month:2026-11' });
    expect(dbRequests).toBe(2);
    const ids = data.rows.map((x) => x.orgId);
    expect(ids).toEqual(expect.arrayContaining(['b01', 'rb1', 'rb2']));
    const sorted = [...data.rows].sort((a, b) => a.rank - b.rank);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1].perCapita).toBeGreaterThanOrEqual(sorted[i].perCapita);
    expect(data.rows.find((x) => x.orgId === 'rb2')).toMatchObject({ members: 0, perCapita: 0, participation: 0 });
  });

  it('proposes the branch\u2019s best; the secretary picks another only with a reason; the town publishes', async () => {
    const list = expectOk(await call<StarsListResult>('t-rb1m6', { action: 'stars.list', month: '2026-11' }));
    expect(list.stars!.proposed.map((p) => p.memberId)).toEqual(['rb1m2', 'rb1m3']);
    expect(await call('t-rb1m6', { action: 'stars.confirm', branchId: 'rb1', month: '2026-11', memberIds: ['rb1m6'] })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'reason' });
    expectOk(await call('t-rb1m6', { action: 'stars.confirm', branchId: 'rb1', month: '2026-11', memberIds: ['rb1m2', 'rb1m6'], reason: '带头参与防汛值守' }));
    // a member sees nothing until the town publishes
    expect(expectOk(await call<StarsListResult>('t-rb1m1', { action: 'stars.list', month: '2026-11' })).stars).toBeNull();
    expect(expectOk(await call<{ published: number }>('demo-admin-t1', { action: 'stars.publish', orgId: 't1', month: '2026-11' })).published).toBe(1);
    // the audit record names what was published, written in the same transaction as the stars
    const audit = cloud.store.find('audit', { action: 'reports.stars.publish', targetId: 't1' }, {}) as unknown as { after: { stars: string[] } }[];
    expect(audit.map((a) => a.after.stars)).toEqual([['2026-11|rb1']]);
    const seen = expectOk(await call<StarsListResult>('t-rb1m1', { action: 'stars.list', month: '2026-11' }));
    expect(seen.stars).toMatchObject({ status: 'published', reason: '带头参与防汛值守' });
    expect(seen.stars!.picks.map((p) => [p.memberId, p.proposed])).toEqual([
      ['rb1m2', true],
      ['rb1m6', false],
    ]);
    const history = expectOk(await call<{ months: { month: string }[] }>('t-rb1m1', { action: 'stars.history' }));
    expect(history.months.map((x) => x.month)).toEqual(['2026-11']);
    expect(await call('t-rb1m6', { action: 'stars.confirm', branchId: 'rb1', month: '2026-11', memberIds: ['rb1m2', 'rb1m3'] })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('refuses a secretary confirming another branch\u2019s star', async () => {
    expect(await call('demo-secretary-b01', { action: 'stars.confirm', branchId: 'rb1', month: '2026-11', memberIds: ['rb1m2', 'rb1m3'] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('lists 十佳 and 末位 with a 约谈 record and the result the period after', async () => {
    const h = expectOk(await call<HonoursResult>('demo-admin-t1', { action: 'honours', orgId: 'rb1', key: 'month:2026-11', size: 2 }));
    expect(h.best.map((x) => x.id)).toEqual(['rb1m2', 'rb1m3']);
    expect(h.bottom.map((x) => x.id)).toEqual(['rb1m1', 'rb1m5']);
    expectOk(await call('demo-admin-t1', { action: 'honours.followUp', orgId: 'rb1', key: 'month:2026-11', subjectId: 'rb1m5', note: '已约谈，了解到外出务工' }));
    expect(await call('demo-admin-t1', { action: 'honours.followUp', orgId: 'rb1', key: 'month:2026-11', subjectId: 'm0001', note: 'x' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    // December: rb1m5 earns 8 and the month ends
    expectOk(await postOnce(points(m[4], rule(cloud, 'VANGUARD'), 'rk:rb1m5:dec', 8, chinaTime('2026-12-10 09:00:00'))));
    clock.set(chinaTime('2027-01-01 00:05:00'));
    expectOk(await snapshot());
    const after = expectOk(await call<HonoursResult>('demo-admin-t1', { action: 'honours', orgId: 'rb1', key: 'month:2026-11', size: 2 }));
    expect(after.bottom.find((x) => x.id === 'rb1m5')!.followUp).toMatchObject({ note: '已约谈，了解到外出务工', nextTotal: 8, nextRank: 1 });
  });

  it('refuses a member 十佳/末位 and a secretary the 约谈 record', async () => {
    expect(await call('t-rb1m1', { action: 'honours', orgId: 'rb1' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('t-rb1m6', { action: 'honours.followUp', orgId: 'rb1', key: 'month:2026-11', subjectId: 'rb1m5', note: 'x' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('database requests', () => {
  it('rank: 2 (caller, snapshot), with trends too', async () => {
    expect((await run('t-rb1m1', { action: 'rank', key: 'month:2026-11' })).dbRequests).toBe(2);
    expect((await run('t-rb1m1', { action: 'rank', key: 'month:2026-11', trend: true, level: 'town' })).dbRequests).toBe(2);
  });
});

describe('files.reports.export', () => {
  // the 通报 read back with exceljs: each sheet's figures are the ones reports answers for the same org and period
  const sheets = async (fileID: string): Promise<Map<string, unknown[][]>> => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(cloud.storage.get(cloud.storage.pathOf(fileID)!)! as unknown as ArrayBuffer);
    const out = new Map<string, unknown[][]>();
    for (const ws of wb.worksheets) {
      const rows: unknown[][] = [];
      ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      out.set(ws.name, rows);
    }
    return out;
  };

  it('writes the town’s rankings, branch ranking, stars and participation as reports.rank, orgRank and stars.list give them', async () => {
    const key = 'month:2026-11';
    const admin = 'demo-admin-t1';
    const r = expectOk(await caller(cloud, files({ clock, log: silent }))<{ url: string; fileID: string }>(admin, { action: 'reports.export', orgId: 't1', key }));
    expect(r.url).toMatch(/\/storage\/exports\/reports\//);
    const book = await sheets(r.fileID);
    const rank = expectOk(await call<RankResult>(admin, { action: 'rank', orgId: 't1', key, limit: 100, trend: true }));
    const orgs = expectOk(await call<OrgRankResult>(admin, { action: 'orgRank', orgId: 't1', key }));
    const stars = expectOk(await call<StarsListResult>(admin, { action: 'stars.list', branchId: 'rb1', month: '2026-11' })).stars!;

    const summary = new Map(book.get('概况')!.slice(1) as [string, unknown][]);
    expect([summary.get('参与排名党员'), summary.get('参与率(%)'), summary.get('人均评价积分'), summary.get('不参与排名党员')]).toEqual([
      rank.count,
      rank.participation,
      rank.perCapita,
      rank.excludedCount,
    ]);
    expect(summary.get('有积分党员')).toBeGreaterThan(0);

    const members = book.get('党员排名')!;
    expect(members[0]).toEqual(['名次', '姓名', '支部', '评价积分', '上期名次', '变化']);
    expect(rank.rows.length).toBeGreaterThan(0);
    expect(members.slice(1).map((x) => [x[0], x[1], x[2], x[3], x[4] === '' ? null : x[4]])).toEqual(rank.rows.map((x) => [x.rank, x.name, x.branchName, x.total, x.previousRank ?? null]));
    expect(members.find((x) => x[1] === '测试rb12')).toBeDefined();

    const branches = book.get('组织排名')!;
    const branchRows = orgs.rows.filter((o) => o.type === 'branch');
    expect(branches.slice(1).map((x) => [x[0], x[1], x[2], x[3], x[4]])).toEqual(branchRows.map((o) => [o.rank, o.name, o.members, o.perCapita, o.participation]));

    const starRows = book
      .get('每月之星')!
      .slice(1)
      .filter((x) => x[0] === stars.branchName);
    expect(starRows.map((x) => [x[1], x[2], x[3], x[4] ?? ''])).toEqual(stars.picks.map((p) => [p.name, p.total, '已发布', p.proposed ? '' : stars.reason]));
  });
});
