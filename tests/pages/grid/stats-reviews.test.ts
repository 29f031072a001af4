import { beforeEach, describe, expect, it } from '@jest/globals';
import { demoAdmin, demoMember, demoSecretary, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { typeInto } from '../points/support';
import { kpi, review, stats } from './support';

beforeEach(resetWx);

describe('网格事项统计 (KPIs and bars)', () => {
  it('shows the month’s KPIs and bars sized by the counts; a child opens with its path', async () => {
    const page = await loadPage('grid/pages/stats/index', { stub: { 'auth.me': ok(demoSecretary), 'grid.stats': ok(stats()) } as never });
    const text = page.text();
    for (const want of ['办结率', '83.33%', '24小时内', '80%', '超期']) expect(text).toContain(want);
    const fill = (sel: string) => (page.find(`${sel} .bar-fill`)?.dom as HTMLElement | undefined)?.getAttribute('style') ?? '';
    expect(fill('.child-b01g2')).toContain('width: 100%');
    expect(fill('.child-b01g1')).toContain('width: 50%');
    await page.tap('.child-b01g1');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/grid/pages/stats/index?orgId=b01g1&path=county,t1,b01,b01g1' });
  });

  it('an empty month shows the empty state; a member is told who may look', async () => {
    const empty = stats({ kpi: kpi(), trend: [{ month: '2026-11', kpi: kpi() }], children: [] });
    const page = await loadPage('grid/pages/stats/index', { stub: { 'auth.me': ok(demoSecretary), 'grid.stats': ok(empty) } as never });
    expect(page.text()).toContain('本月和近半年暂无网格事项');
    const member = await loadPage('grid/pages/stats/index', { stub: { 'auth.me': ok(demoMember) } as never });
    expect(member.text()).toContain('只有网格长、书记和管理员可以查看统计');
  });
});

describe('点评台账 (list, detail, responses)', () => {
  it('lists received reviews with overdue measures flagged', async () => {
    const page = await loadPage('grid/pages/reviews/index', { stub: { 'auth.me': ok(demoSecretary), 'grid.reviews.list': ok({ reviews: [review()], more: false }) } as never });
    expect(page.text()).toContain('青年路社区党支部 · 现场点评');
    expect(page.text()).toContain('整改逾期 1');
  });

  it('the reviewed org responds to a finding and reports a measure done', async () => {
    const done = review({
      findings: [
        review().findings[0],
        { ...review().findings[1], measure: { ...review().findings[1].measure!, status: 'done', overdue: false, evidence: { text: '已补齐', photos: [], at: '2026-11-19T02:00:00.000Z' } } },
      ],
    });
    const page = await loadPage('grid/pages/review/index', {
      query: { id: 'rv1' },
      stub: { 'auth.me': ok(demoSecretary), 'grid.reviews.get': ok({ review: review() }), 'grid.reviews.respond': ok({ review: done }) } as never,
    });
    expect(page.text()).toContain('整改逾期');
    expect(page.find('.pass-f2')).toBeUndefined();
    await typeInto(page, '.f-text', '已补齐');
    await page.tap('.done-f2');
    expect(page.backend!.calls.find((c) => c.action === 'reviews.respond')!.payload).toEqual({ reviewId: 'rv1', findingId: 'f2', kind: 'done', evidence: '已补齐', photos: [] });
    expect(page.text()).toContain('已报送完成，待复查');
  });

  it('the reviewer re-checks: reopening needs a reason and a new deadline', async () => {
    const page = await loadPage('grid/pages/review/index', {
      query: { id: 'rv1' },
      stub: { 'auth.me': ok({ ...demoAdmin, memberId: 'm0101' }), 'grid.reviews.get': ok({ review: review() }), 'grid.reviews.recheck': ok({ review: review() }) } as never,
    });
    await page.tap('.reopen-f2');
    expect(page.text()).toContain('重新整改请填写原因和新的期限');
    await typeInto(page, '.f-text', '记录不规范');
    await typeInto(page, '.f-deadline', '2026-12-10');
    await page.tap('.reopen-f2');
    expect(page.backend!.calls.find((c) => c.action === 'reviews.recheck')!.payload).toEqual({ reviewId: 'rv1', findingId: 'f2', result: 'reopen', note: '记录不规范', deadline: '2026-12-10' });
  });
});
