import { beforeEach, describe, expect, it } from '@jest/globals';
import type { LedgerListResult } from '../../../core/contracts/points';
import { demoMember, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { balance, catalog, entry, ledgerPage } from './support';

beforeEach(resetWx);

const routes = (over: Record<string, unknown> = {}) => ({
  'auth.me': ok(demoMember),
  'points.balance': ok(balance),
  'points.rules.list': ok({ rules: catalog }),
  'points.ledger.list': ok(ledgerPage),
  ...over,
});

describe('积分 tab', () => {
  it('shows both balances and what expires at the year end', async () => {
    const page = await loadPage('pages/points/index', { stub: routes() as never });
    expect(page.find('.eval-value')?.dom?.textContent).toBe('42');
    expect(page.find('.redeem-value')?.dom?.textContent).toBe('17');
    expect(page.text()).toContain('17 兑换积分将于 2026-12-31 清零');
    expect(rendered(page, 't-button')).toBe(true);
  });

  it('lists the history with rule, China time, source and signed amounts', async () => {
    const page = await loadPage('pages/points/index', { stub: routes() as never });
    const text = page.text();
    expect(text).toContain('发挥先锋模范作用');
    expect(text).toContain('2026-11-23 10:00 · 申报');
    expect(text).toContain('评价 +5');
    expect(text).toContain('兑换 -8');
    expect(text).toContain('评价 -10');
    expect(text).toContain('会议无故缺席');
    expect(page.backend!.calls.find((c) => c.action === 'ledger.list')?.payload).toEqual({ account: 'all', offset: 0, limit: 20 });
  });

  it.each([
    ['.account-redeem', { account: 'redeem', offset: 0, limit: 20 }],
    ['.account-eval', { account: 'eval', offset: 0, limit: 20 }],
  ])('filters by account with %s', async (chip, payload) => {
    const page = await loadPage('pages/points/index', { stub: routes() as never });
    await page.tap(chip);
    expect(page.backend!.calls.filter((c) => c.action === 'ledger.list').pop()?.payload).toEqual(payload);
  });

  it('filters by this month and this year in China dates', async () => {
    const page = await loadPage('pages/points/index', { stub: routes() as never });
    await page.tap('.range-month');
    const month = page.backend!.calls.filter((c) => c.action === 'ledger.list').pop()?.payload as { from: string };
    expect(month.from).toMatch(/^\d{4}-\d{2}-01$/);
    await page.tap('.range-year');
    const year = page.backend!.calls.filter((c) => c.action === 'ledger.list').pop()?.payload as { from: string };
    expect(year.from).toMatch(/^\d{4}-01-01$/);
  });

  it('loads more from the next offset and appends', async () => {
    const first: LedgerListResult = { items: [entry({ id: 'e1', ruleName: '第一页' })], nextOffset: 20 };
    const second: LedgerListResult = { items: [entry({ id: 'e2', ruleName: '第二页' })], nextOffset: null };
    const page = await loadPage('pages/points/index', { stub: routes({ 'points.ledger.list': (p: { offset: number }) => ok(p.offset ? second : first) }) as never });
    await page.tap('.more-btn');
    expect(page.text()).toContain('第一页');
    expect(page.text()).toContain('第二页');
    expect(page.find('.more-btn')).toBeUndefined();
  });

  it('shows how to earn: rules by category with how, points and caps', async () => {
    const page = await loadPage('pages/points/index', { stub: routes() as never });
    await page.tap('.tab-earn');
    const text = page.text();
    expect(text).toContain('履职尽责');
    expect(text).toContain('履行党员义务');
    expect(text).toContain('评价 +2');
    expect(text).toContain('个人申报 · 每月最多 1 次');
    expect(text).toContain('扫码签到');
    expect(text).toContain('扣分项目');
    expect(text).toContain('按时交纳党费');
  });

  it('says how to start when there is no history', async () => {
    const page = await loadPage('pages/points/index', { stub: routes({ 'points.ledger.list': ok({ items: [], nextOffset: null }) }) as never });
    expect(page.text()).toContain('还没有积分记录');
  });

  it('leads to the claim form and to my claims', async () => {
    const page = await loadPage('pages/points/index', { stub: routes() as never });
    await page.tap('.claim-btn');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/points/claim/index' });
    await page.tap('.my-claims-btn');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/points/claims/index' });
  });

  it('shows a secretary the review queue and awards, and a member no staff links', async () => {
    const member = await loadPage('pages/points/index', { stub: routes() as never });
    expect(member.find('.staff-review')).toBeUndefined();
    resetWx();
    const sec = await loadPage('pages/points/index', { stub: routes({ 'auth.me': ok(demoSecretary) }) as never });
    expect(sec.text()).toContain('审核积分申报');
    await sec.tap('.staff-review');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/review/index' });
    expect(sec.find('.staff-award')).toBeDefined();
  });

  it('shows an error with 重试 and loads again', async () => {
    let n = 0;
    const page = await loadPage('pages/points/index', { stub: routes({ 'points.balance': () => (n++ === 0 ? fail('INTERNAL', { requestId: 'req-1' }) : ok(balance)) }) as never });
    expect(page.text()).toContain('系统开小差了');
    await page.tap('#state >>> .t-button');
    expect(page.find('.eval-value')?.dom?.textContent).toBe('42');
  });

  it('keeps the balances when only the history fails, with its own retry', async () => {
    let n = 0;
    const page = await loadPage('pages/points/index', { stub: routes({ 'points.ledger.list': () => (n++ === 0 ? fail('BUSY') : ok(ledgerPage)) }) as never });
    expect(page.find('.eval-value')?.dom?.textContent).toBe('42');
    expect(page.text()).toContain('当前使用人数较多');
    await page.tap('.list-retry');
    expect(page.text()).toContain('会议无故缺席');
  });
});
