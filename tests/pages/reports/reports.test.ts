import { beforeEach, describe, expect, it } from '@jest/globals';
import type { HonoursResult, MyRankResult, OrgRankResult, RankResult, RankRowView, StarsHistoryResult, StarsListResult, StarsView } from '../../../core/contracts/reports';
import { demoAdmin, demoMember, demoSecretary, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';

beforeEach(resetWx);

const meta = { key: 'month:2026-11', label: '2026年11月', final: false, asOf: '2026-11-23T02:05:00.000Z' };
const row = (n: number, over: Partial<RankRowView> = {}): RankRowView => ({
  memberId: `m${String(n).padStart(4, '0')}`,
  name: `党员${n}`,
  branchName: '青年路社区党支部',
  total: 100 - n,
  rank: n,
  tied: false,
  ...over,
});

const branchRank: RankResult = {
  ...meta,
  org: { id: 'b01', name: '青年路社区党支部', type: 'branch' },
  count: 5,
  rows: [
    row(1, { total: 30, previousRank: 2 }),
    row(2, { total: 20, tied: true, previousRank: 1 }),
    row(3, { total: 20, rank: 2, tied: true, previousRank: null, me: true }),
    row(4, { total: 10, rank: 4, previousRank: 4 }),
    row(5, { total: 0, rank: 5, previousRank: 5 }),
  ],
  complete: true,
  excluded: [{ memberId: 'm0009', name: '王大爷', branchName: '青年路社区党支部', category: 'elderly', categoryLabel: '年老体弱', total: 0 }],
  excludedCount: 1,
  perCapita: 16,
  participation: 80,
};

describe('排行 (member)', () => {
  it('shows ties with one rank and says so (并列名次), the move since last period, and members listed apart', async () => {
    const page = await loadPage('reports/pages/rank/index', { stub: { 'reports.rank': ok(branchRank) } });
    expect(page.backend!.calls[0].payload).toMatchObject({ level: 'branch', period: 'month', offset: 0, trend: true });
    const text = page.text();
    expect(text).toContain('并列名次');
    expect(page.find('.row-m0002')?.dom?.textContent).toContain('2（并列）');
    expect(page.find('.row-m0003')?.dom?.textContent).toContain('2（并列）');
    expect(page.find('.row-m0004')?.dom?.textContent).toContain('4');
    expect(page.find('.row-m0001')?.dom?.textContent).toContain('↑1');
    expect(page.find('.row-m0003')?.dom?.textContent).toContain('新上榜');
    expect(page.find('#excluded')?.dom?.textContent).toContain('不参与排名（1 人）');
    expect(page.find('#excluded')?.dom?.textContent).toContain('年老体弱');
    expect(rendered(page, 't-tabs')).toBe(true);
  });

  it('switches to the town and to the year', async () => {
    const page = await loadPage('reports/pages/rank/index', { stub: { 'reports.rank': ok(branchRank) } });
    page.invoke('onLevel', { detail: { value: 'town' } });
    await page.flush();
    await page.tap('.period-year');
    const calls = page.backend!.calls.map((c) => [c.payload.level, c.payload.period]);
    expect(calls).toEqual([
      ['branch', 'month'],
      ['town', 'month'],
      ['town', 'year'],
    ]);
  });

  it('tells a new branch with nobody ranked that its ranking is not there yet', async () => {
    const empty: RankResult = { ...meta, final: false, asOf: null, org: null, count: 0, rows: [], complete: true, excluded: [], excludedCount: 0, perCapita: 0, participation: 0 };
    const page = await loadPage('reports/pages/rank/index', { stub: { 'reports.rank': ok(empty) } });
    expect(page.instance.data.view).toMatchObject({ status: 'empty' });
    expect(page.text()).toContain('新成立的组织');
    expect(page.find('#rows')).toBeUndefined();
  });

  it('pages a long county list 20 at a time up to the top 100, then points to my own rank', async () => {
    const top = Array.from({ length: 100 }, (_, i) => row(i + 1, { branchName: `第${(i % 20) + 1}村党支部` }));
    const page = await loadPage('reports/pages/rank/index', {
      query: { level: 'county' },
      stub: {
        'reports.rank': (p) =>
          ok({
            ...branchRank,
            org: { id: 'county', name: '中共示范县委', type: 'county' },
            count: 28000,
            complete: false,
            excluded: [],
            excludedCount: 312,
            rows: top.slice(p.offset as number, (p.offset as number) + 20),
          }),
      },
    });
    expect(page.instance.data.rows).toHaveLength(20);
    for (let i = 0; i < 4; i++) await page.tap('#more');
    expect(page.instance.data.rows).toHaveLength(100);
    expect(page.find('#more')).toBeUndefined();
    expect(page.find('#top-only')?.dom?.textContent).toContain('只列出前 100 名');
    expect(page.find('.row-m0100')?.dom?.textContent).toContain('第20村党支部');
    expect(page.backend!.calls.map((c) => c.payload.offset)).toEqual([0, 20, 40, 60, 80]);
  });
});

const myRank = (over: Partial<MyRankResult> = {}): MyRankResult => ({
  ...meta,
  memberId: 'm0005',
  balance: { eval: 120, redeem: 45 },
  total: 20,
  excluded: null,
  levels: [
    { level: 'branch', orgId: 'b01', orgName: '青年路社区党支部', rank: 2, of: 28, tiedWith: 1, percentile: 89, toNext: 10 },
    { level: 'town', orgId: 't1', orgName: '青年路街道党工委', rank: 15, of: 103, tiedWith: 0, percentile: 85, toNext: 2 },
    { level: 'county', orgId: 'county', orgName: '中共示范县委', rank: 40, of: 307, tiedWith: 0, percentile: 87, toNext: 1 },
  ],
  ...over,
});

describe('首页 my-rank card', () => {
  it('shows this month\u2019s points and my rank at each level from one myRank call, ties marked', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(demoMember), 'reports.myRank': ok(myRank()) } });
    const card = page.find('#home-rank');
    expect(card).toBeDefined();
    const text = page.text();
    expect(text).toContain('我的排名');
    expect(text).toContain('第2名（并列） / 共28人');
    expect(text).toContain('第15名 / 共103人');
    expect(text).toContain('再得 10 分');
    expect(page.backend!.calls.filter((c) => c.fn === 'reports').map((c) => c.action)).toEqual(['myRank']);
  });

  it('says when there is no ranking yet, and when the member is listed apart', async () => {
    const none = myRank({ levels: myRank().levels.map((l) => ({ ...l, rank: null, percentile: null, toNext: null })) });
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(demoMember), 'reports.myRank': ok(none) } });
    expect(page.text()).toContain('本期排名尚未生成');
  });
});

const star = (over: Partial<StarsView> = {}): StarsView => ({
  branchId: 'b01',
  branchName: '青年路社区党支部',
  month: '2026-10',
  status: 'proposed',
  proposed: [
    { memberId: 'm0011', name: '周红', total: 42, proposed: true },
    { memberId: 'm0012', name: '吴刚', total: 40, proposed: true },
  ],
  picks: [
    { memberId: 'm0011', name: '周红', total: 42, proposed: true },
    { memberId: 'm0012', name: '吴刚', total: 40, proposed: true },
  ],
  reason: null,
  confirmedBy: null,
  confirmedAt: null,
  publishedAt: null,
  final: true,
  ...over,
});

describe('每月之星', () => {
  it('shows a member the branch\u2019s wall, month by month, and no proposal', async () => {
    const history: StarsHistoryResult = { branchId: 'b01', months: [star({ status: 'published', month: '2026-10' }), star({ status: 'published', month: '2026-09' })] };
    const page = await loadPage('reports/pages/stars/index', { stub: { 'auth.me': ok(demoMember), 'reports.stars.history': ok(history) } });
    expect(page.find('.month-2026-10')?.dom?.textContent).toContain('周红');
    expect(page.find('#pending')).toBeUndefined();
    expect(page.backend!.calls.some((c) => c.action === 'stars.list')).toBe(false);
  });

  it('shows an empty wall for a new branch', async () => {
    const page = await loadPage('reports/pages/stars/index', { stub: { 'auth.me': ok(demoMember), 'reports.stars.history': ok({ branchId: 'b01', months: [] }) } });
    expect(page.find('#wall-empty')?.dom?.textContent).toContain('还没有发布的每月之星');
  });

  it('lets the secretary confirm the proposal', async () => {
    const page = await loadPage('reports/pages/stars/index', {
      stub: {
        'auth.me': ok(demoSecretary),
        'reports.stars.history': ok({ branchId: 'b01', months: [] }),
        'reports.stars.list': ok<StarsListResult>({ stars: star() }),
        'reports.stars.confirm': (p) => ok({ stars: star({ status: 'confirmed', picks: star().proposed.filter((x) => (p.memberIds as string[]).includes(x.memberId)) }) }),
      },
    });
    expect(page.find('#pending')?.dom?.textContent).toContain('系统推荐');
    await page.tap('#confirm');
    expect(page.backend!.calls.find((c) => c.action === 'stars.confirm')?.payload).toEqual({ branchId: 'b01', month: '2026-10', memberIds: ['m0011', 'm0012'] });
    expect(page.find('#pending')?.dom?.textContent).toContain('已确认，待发布');
  });

  it('asks for a reason when the secretary picks someone else', async () => {
    const page = await loadPage('reports/pages/stars/index', {
      stub: {
        'auth.me': ok(demoSecretary),
        'reports.stars.history': ok({ branchId: 'b01', months: [] }),
        'reports.stars.list': ok<StarsListResult>({ stars: star() }),
        'reports.rank': ok({ ...branchRank, rows: [row(11, { memberId: 'm0011' }), row(12, { memberId: 'm0012' }), row(13, { memberId: 'm0013', name: '郑敏' })] }),
        'reports.stars.confirm': () => ok({ stars: star({ status: 'confirmed' }) }),
      },
    });
    await page.tap('#pick-other');
    await page.tap('.choice-m0012');
    await page.tap('.choice-m0013');
    await page.tap('#submit-pick');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '改选需填写理由', icon: 'none' });
    page.invoke('onReason', { detail: { value: '带头参与防汛值守' } });
    await page.tap('#submit-pick');
    expect(page.backend!.calls.find((c) => c.action === 'stars.confirm')?.payload).toEqual({ branchId: 'b01', month: '2026-10', memberIds: ['m0011', 'm0013'], reason: '带头参与防汛值守' });
  });
});

describe('组织排名与通报 (admins)', () => {
  const orgs: OrgRankResult = {
    ...meta,
    key: 'month:2026-10',
    final: true,
    org: { id: 't1', name: '青年路街道党工委', type: 'town' },
    rows: [
      { orgId: 'b02', name: '和平里社区党支部', type: 'branch', rank: 1, tied: false, members: 25, participants: 20, perCapita: 18.5, participation: 80, previousRank: 3 },
      { orgId: 'b01', name: '青年路社区党支部', type: 'branch', rank: 2, tied: true, members: 28, participants: 20, perCapita: 12, participation: 71.4, previousRank: 1 },
      { orgId: 'b03', name: '新村党支部', type: 'branch', rank: 2, tied: true, members: 25, participants: 5, perCapita: 12, participation: 20, previousRank: null },
    ],
  };
  const honours: HonoursResult = {
    ...meta,
    key: 'month:2026-10',
    final: true,
    org: { id: 't1', name: '青年路街道党工委', type: 'town' },
    size: 10,
    best: [{ id: 'm0011', name: '周红', kind: 'member', rank: 1, total: 42, branchName: '青年路社区党支部' }],
    bottom: [
      { id: 'm0090', name: '钱立', kind: 'member', rank: 102, total: 0, branchName: '新村党支部', followUp: null },
      {
        id: 'm0091',
        name: '孙平',
        kind: 'member',
        rank: 102,
        total: 0,
        branchName: '新村党支部',
        followUp: { subjectId: 'm0091', subjectKind: 'member', name: '孙平', note: '已约谈', byName: '刘芳', at: '2026-11-03T02:00:00.000Z', nextTotal: 6, nextRank: 60 },
      },
    ],
    bestOrgs: [],
    bottomOrgs: [{ id: 'b03', name: '新村党支部', kind: 'org', rank: 2, total: 12, followUp: null }],
  };

  it('ranks the branches per capita with ties and trends, lists 十佳/末位 with follow-ups, records a 约谈, exports', async () => {
    const page = await loadPage('reports/pages/orgs/index', {
      stub: {
        'auth.me': ok(demoAdmin),
        'reports.orgRank': ok(orgs),
        'reports.honours': ok(honours),
        'reports.honours.followUp': ok({ followUp: honours.bottom[1].followUp }),
        'files.reports.export': ok({ url: 'http://127.0.0.1:3210/storage/x.xlsx', fileID: 'cloud://local/x.xlsx' }),
      },
    });
    expect(page.backend!.calls.find((c) => c.action === 'orgRank')?.payload).toMatchObject({ orgId: 't1', period: 'month' });
    expect(page.find('.org-b01')?.dom?.textContent).toContain('2（并列）');
    expect(page.find('.org-b02')?.dom?.textContent).toContain('↑2');
    expect(page.find('.honour-m0091')?.dom?.textContent).toContain('已约谈（刘芳）');
    expect(page.find('.honour-m0091')?.dom?.textContent).toContain('下期第60名');
    await page.tap('.follow-m0090');
    page.invoke('onNote', { detail: { value: '已电话约谈' } });
    await page.tap('#save-follow');
    expect(page.backend!.calls.find((c) => c.action === 'honours.followUp')?.payload).toMatchObject({ orgId: 't1', subjectId: 'm0090', note: '已电话约谈' });
    await page.tap('#export');
    expect(page.backend!.calls.some((c) => c.fn === 'files' && c.action === 'reports.export')).toBe(true);
  });

  it('tells a member without an admin grant that this is for admins', async () => {
    const page = await loadPage('reports/pages/orgs/index', { stub: { 'auth.me': ok(demoMember) } });
    expect(page.instance.data.view).toMatchObject({ status: 'empty' });
    expect(page.text()).toContain('管理员');
  });
});
