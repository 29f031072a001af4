import { beforeEach, describe, expect, it } from '@jest/globals';
import type { AppealView, CycleView, OrgScoreResult, ResultView, RoundView } from '../../../core/contracts/assess';
import { demoAdmin, demoMember, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';

beforeEach(resetWx);

const result = (over: Partial<ResultView> = {}): ResultView => ({
  id: 't1:2026-Q3:member:m0001:v1',
  cycleId: 't1:2026-Q3',
  quarter: '2026-Q3',
  kind: 'member',
  subjectId: 'm0001',
  name: '李建华',
  branchId: 'b01',
  category: 'inService',
  cadre: false,
  version: 1,
  current: true,
  status: 'published',
  score: 72.5,
  grade: 'pass',
  gradeName: '基本合格',
  allowance: null,
  items: [
    { metric: 'attendance', name: '组织生活出勤', value: 2, target: 3, weight: 40, score: 26.7, sources: ['chk:E1:m0001', 'chk:E2:m0001'] },
    { metric: 'evalPoints', name: '评价积分', value: 27, target: 30, weight: 40, score: 36, sources: [] },
    { metric: 'dedication', name: '奉献日服务', value: 1, target: 1, weight: 20, score: 20, sources: [] },
  ],
  parts: null,
  movement: null,
  supersedes: null,
  appealId: null,
  ...over,
});

describe('我的季度考核 (member)', () => {
  it('shows the published score, grade and each item against its target, and files an appeal with a reason', async () => {
    const page = await loadPage('assess/pages/mine/index', {
      stub: {
        'assess.results.mine': ok({ quarter: '2026-Q3', results: [result()] }),
        'assess.appeals.submit': ok<{ appeal: Partial<AppealView> }>({ appeal: { id: 'apl:x', status: 'pending' } }),
      },
    });
    const text = page.text();
    expect(text).toContain('2026-Q3 季度考核');
    expect(text).toContain('72.5');
    expect(text).toContain('基本合格');
    expect(page.find('.item-attendance')?.dom?.textContent).toContain('2 / 3');
    expect(rendered(page, 't-tag')).toBe(true);
    await page.tap('#appeal');
    await page.tap('#submit-appeal');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '请填写申诉理由', icon: 'none' });
    page.invoke('onReason', { detail: { value: '九月的组织生活已参加但未记录' } });
    await page.tap('#submit-appeal');
    expect(page.backend!.calls.find((c) => c.action === 'appeals.submit')?.payload).toEqual({ resultId: result().id, reason: '九月的组织生活已参加但未记录' });
    expect(page.find('#appealed')?.dom?.textContent).toContain('等待街镇答复');
  });

  it('shows a corrected version first with the old one kept, and offers no appeal on it', async () => {
    const page = await loadPage('assess/pages/mine/index', {
      stub: {
        'assess.results.mine': ok({
          quarter: '2026-Q3',
          results: [result({ id: 'v2', version: 2, score: 92, grade: 'excellent', gradeName: '优秀', appealId: 'apl:x', supersedes: 'v1' }), result({ current: false })],
        }),
      },
    });
    expect(page.text()).toContain('第 2 版（申诉更正后）');
    expect(page.find('#history')?.dom?.textContent).toContain('第 1 版：72.5 分 · 基本合格');
    expect(page.find('#appeal')).toBeUndefined();
  });

  it('says the result is not published yet when there is none', async () => {
    const page = await loadPage('assess/pages/mine/index', { stub: { 'assess.results.mine': ok({ quarter: '2026-Q3', results: [] }) } });
    expect(page.text()).toContain('2026-Q3 的考核结果尚未发布');
  });
});

const score: OrgScoreResult = {
  orgId: 'b01',
  orgName: '青年路社区党支部',
  quarter: '2026-Q3',
  parts: { base: 30, pioneer: 12, bonus: -5, review: 16 },
  total: 53,
  entries: [
    {
      id: 'e1',
      ruleCode: 'ORG_MEETINGS',
      ruleVersion: 1,
      name: '三会一课按期召开',
      category: 'base',
      basis: 'computed',
      amount: 8,
      quarter: '2026-Q3',
      sourceId: 'x',
      metric: { name: 'meetings', value: 3, target: 3, detail: '三会一课 3 次' },
      evidence: [],
      documentRef: '',
      roundId: null,
      reversalOf: null,
      note: '',
      createdAt: '2026-10-08T02:00:00.000Z',
    },
    {
      id: 'e2',
      ruleCode: 'ORG_CRITICISM',
      ruleVersion: 2,
      name: '被上级通报批评',
      category: 'bonus',
      basis: 'document',
      amount: -5,
      quarter: '2026-Q3',
      sourceId: 'y',
      metric: null,
      evidence: [],
      documentRef: '示范组〔2026〕12号',
      roundId: null,
      reversalOf: null,
      note: '',
      createdAt: '2026-10-08T02:00:00.000Z',
    },
  ],
};
const round = (over: Partial<RoundView & { voted: boolean | null }> = {}) => ({
  id: 'rnd1',
  title: '三季度民主评议',
  quarter: '2026-Q3',
  status: 'open' as const,
  orgIds: ['b01'],
  dimensions: [
    { code: 'leadership', name: '领导班子建设' },
    { code: 'membership', name: '党员队伍建设' },
    { code: 'venues', name: '活动阵地建设' },
    { code: 'systems', name: '工作制度建设' },
    { code: 'results', name: '工作业绩' },
  ],
  openedAt: '2026-10-01T00:00:00.000Z',
  closedAt: null,
  voted: false,
  ...over,
});

describe('党组织积分 (secretary)', () => {
  it('shows the four parts and where each point came from, with its rule version', async () => {
    const page = await loadPage('assess/pages/org/index', {
      stub: { 'auth.me': ok(demoSecretary), 'assess.org.score': ok(score), 'assess.rounds.list': ok({ rounds: [] }) },
      query: { quarter: '2026-Q3' },
    });
    expect(page.backend!.calls.find((c) => c.action === 'org.score')?.payload).toEqual({ orgId: 'b01', quarter: '2026-Q3' });
    expect(page.find('.part-base')?.dom?.textContent).toContain('30 分');
    expect(page.find('.entry-ORG_MEETINGS')?.dom?.textContent).toContain('三会一课 3 次');
    expect(page.find('.entry-ORG_CRITICISM')?.dom?.textContent).toContain('文号 示范组〔2026〕12号');
    expect(page.find('.entry-ORG_CRITICISM')?.dom?.textContent).toContain('规则第 2 版');
    expect(page.find('#no-rounds')?.dom?.textContent).toContain('当前没有需要参加的评议');
  });

  it('casts a ballot only with all five dimensions scored, and says it stays changeable', async () => {
    const page = await loadPage('assess/pages/org/index', {
      stub: { 'auth.me': ok(demoMember), 'assess.org.score': ok(score), 'assess.rounds.list': ok({ rounds: [round()] }), 'assess.rounds.vote': ok({ roundId: 'rnd1', voted: true }) },
    });
    expect(page.text()).toContain('匿名投票');
    await page.tap('.round-rnd1 .dim-leadership .chip-4');
    await page.tap('.round-rnd1 .vote');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '请为五个方面都打分', icon: 'none' });
    for (const d of ['membership', 'venues', 'systems', 'results']) await page.tap(`.round-rnd1 .dim-${d} .chip-5`);
    await page.tap('.round-rnd1 .vote');
    expect(page.backend!.calls.find((c) => c.action === 'rounds.vote')?.payload).toEqual({ roundId: 'rnd1', scores: { leadership: 4, membership: 5, venues: 5, systems: 5, results: 5 } });
    expect(page.find('.round-rnd1')?.dom?.textContent).toContain('已投票');
    expect(page.find('.round-rnd1')?.dom?.textContent).toContain('修改选票');
  });

  it('shows the refusal when the score is out of the caller’s scope', async () => {
    const page = await loadPage('assess/pages/org/index', { stub: { 'auth.me': ok(demoSecretary), 'assess.org.score': fail('FORBIDDEN'), 'assess.rounds.list': ok({ rounds: [] }) } });
    expect(page.text()).toContain('没有权限');
  });
});

const cycle = (over: Partial<CycleView> = {}): CycleView => ({
  id: 't1:2026-Q3',
  townId: 't1',
  quarter: '2026-Q3',
  status: 'draft',
  branches: 4,
  branchesDone: 4,
  members: 104,
  orgs: 4,
  configVersion: 1,
  publishedAt: null,
  appealUntil: null,
  finalAt: null,
  orgGrades: [
    { orgId: 'b01', orgName: '青年路社区党支部', total: 86, grade: 'first', gradeName: '一类', previous: 'second', movement: 'up' },
    { orgId: 'b02', orgName: '文化路社区党支部', total: 55, grade: 'third', gradeName: '三类', previous: 'second', movement: 'down' },
  ],
  ...over,
});

describe('季度考核管理 (admin)', () => {
  it('reviews a draft, shows who moved, and answers an appeal with a corrected score', async () => {
    const appeal = {
      id: 'apl:r1',
      resultId: 'r1',
      cycleId: 't1:2026-Q3',
      kind: 'member',
      subjectId: 'm0001',
      name: '李建华',
      reason: '出勤漏记',
      status: 'pending',
      answer: null,
      newResultId: null,
      createdAt: '2026-10-09T00:00:00.000Z',
    };
    let status = 'draft';
    const page = await loadPage('assess/pages/admin/index', {
      stub: {
        'auth.me': ok(demoAdmin),
        'assess.cycles.get': () => ok(cycle({ status })),
        'assess.appeals.list': ok({ appeals: [appeal] }),
        'assess.cycles.review': () => ((status = 'reviewed'), ok(cycle({ status }))),
        'assess.appeals.answer': ok({ appeal: { ...appeal, status: 'upheld' }, result: null }),
      },
      query: { quarter: '2026-Q3' },
    });
    expect(page.find('#status')?.dom?.textContent).toContain('草稿待审核');
    expect(page.find('.grade-b01')?.dom?.textContent).toContain('↑ 上升');
    expect(page.find('.grade-b02')?.dom?.textContent).toContain('↓ 下降');
    await page.tap('#review');
    expect(page.backend!.calls.find((c) => c.action === 'cycles.review')?.payload).toEqual({ cycleId: 't1:2026-Q3' });
    expect(page.find('#status')?.dom?.textContent).toContain('已审核待发布');
    expect(page.find('#publish')).toBeDefined();
    await page.tap('.appeal-m0001 .uphold');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '请填写更正后的分数', icon: 'none' });
    page.invoke('onCorrected', { currentTarget: { dataset: { id: 'apl:r1' } }, detail: { value: '88' } });
    await page.tap('.appeal-m0001 .uphold');
    expect(page.backend!.calls.find((c) => c.action === 'appeals.answer')?.payload).toEqual({ appealId: 'apl:r1', upheld: true, answer: '经核实，予以更正', correctedScore: 88 });
  });

  it('offers to compute a quarter not computed yet', async () => {
    const page = await loadPage('assess/pages/admin/index', { stub: { 'auth.me': ok(demoAdmin), 'assess.cycles.get': fail('NOT_FOUND'), 'assess.appeals.list': ok({ appeals: [] }) } });
    expect(page.find('#status')?.dom?.textContent).toContain('尚未计算');
    expect(page.find('#compute')).toBeDefined();
  });
});

describe('挂图作战', () => {
  const progress = {
    id: 'cmp1',
    title: '三季度攻坚',
    elapsed: 0.5,
    indicators: [{ code: 'yards', name: '无主管楼院党组织覆盖', unit: '个', measure: 'reported', target: 10, deadline: '2026-12-31' }],
    rows: [
      { orgId: 'b01', orgName: '青年路社区党支部', responsible: '张书记', values: { yards: 8 }, shares: { yards: 0.8 }, progress: 0.8, colour: 'green', rank: 1, flagged: false, talks: 0, notes: [] },
      { orgId: 'b02', orgName: '文化路社区党支部', responsible: '', values: { yards: 1 }, shares: { yards: 0.1 }, progress: 0.1, colour: 'red', rank: 2, flagged: true, talks: 0, notes: [] },
    ],
  };

  it('shows progress coloured against time, ranks, the flagged bottom, and records a 约谈', async () => {
    const page = await loadPage('assess/pages/campaign/index', {
      stub: {
        'auth.me': ok(demoAdmin),
        'assess.campaigns.list': ok({
          campaigns: [{ id: 'cmp1', title: '三季度攻坚', scopeOrgId: 't1', startAt: '2026-07-01T00:00:00.000Z', endAt: '2026-12-31T00:00:00.000Z', orgs: 2, indicators: 1 }],
        }),
        'assess.campaigns.progress': ok(progress),
        'assess.campaigns.note': ok({ id: 'cnote:x' }),
      },
    });
    expect(page.find('#elapsed')?.dom?.textContent).toContain('时间已过 50%');
    expect(page.find('.row-b01')?.dom?.textContent).toContain('第 1 名');
    expect(page.find('.row-b01')?.dom?.textContent).toContain('进度正常 80%');
    expect(page.find('.row-b02')?.dom?.textContent).toContain('滞后 10%');
    expect(page.find('.row-b02')?.dom?.textContent).toContain('末位，需约谈');
    expect(page.find('.row-b01 .talk')).toBeUndefined();
    await page.tap('.row-b02 .talk');
    expect(page.backend!.calls.find((c) => c.action === 'campaigns.note')?.payload).toMatchObject({ campaignId: 'cmp1', orgId: 'b02', kind: 'talk' });
  });

  it('says so when there is no campaign', async () => {
    const page = await loadPage('assess/pages/campaign/index', { stub: { 'auth.me': ok(demoSecretary), 'assess.campaigns.list': ok({ campaigns: [] }) } });
    expect(page.text()).toContain('暂无挂图作战任务');
  });
});
