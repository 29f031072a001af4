import { beforeEach, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MeResult } from '../../../core/contracts/auth';
import { ERROR_MESSAGES } from '../../../core/contracts/errors';
import { ROLES } from '../../../core/contracts/roles';
import { homeCards } from '../../../miniprogram/pages/home/cards';
import { demoAdmin, demoGridLeader, demoKeeper, demoMember, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, MP_ROOT, rendered, resetWx, tdNodes, type PageHandle } from '../harness';

beforeEach(resetWx);

/** Card titles in page order (each t-cell's title). */
const titles = (page: PageHandle) => tdNodes(page, 't-cell').map((n) => n.querySelector('[class*="t-cell__title-text"]')?.textContent?.trim());

const shortcuts = ['扫码签到', '我的积分', '积分超市'];

describe('首页 adapts to the caller’s roles', () => {
  // what each role may do comes from the permissions table: a grid leader also decides grid-rule claims
  const cases: { who: string; me: MeResult; staff: string[]; sees: string }[] = [
    { who: 'a plain member', me: demoMember, staff: [], sees: 'only the check-in / points / store shortcuts' },
    { who: 'a branch secretary', me: demoSecretary, staff: ['待审核申报'], sees: '待审核申报' },
    { who: 'a grid leader', me: demoGridLeader, staff: ['待审核申报', '代为申报'], sees: 'the review queue, then 代为申报' },
    { who: 'an org admin', me: demoAdmin, staff: ['待审核申报', '组织管理', '核销兑换'], sees: 'approvals, org management and fulfilment' },
    { who: 'a store keeper', me: demoKeeper, staff: ['核销兑换'], sees: '核销兑换' },
  ];

  it.each(cases)('shows $who $sees', async ({ me, staff }) => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(me) } });
    expect(page.text()).toContain(`${me.name}，您好`);
    expect(titles(page)).toEqual([...staff, ...shortcuts]);
    expect(page.text().includes('工作台')).toBe(staff.length > 0);
  });

  it('renders the cards with TDesign cell groups', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(demoSecretary) } });
    expect(rendered(page, 't-cell-group')).toBe(true);
    expect(rendered(page, 't-cell')).toBe(true);
  });
});

describe('首页 cards lead somewhere', () => {
  it('points every card of every role at a page registered in app.json', () => {
    const app = JSON.parse(fs.readFileSync(path.join(MP_ROOT, 'app.json'), 'utf8')) as { pages: string[]; subPackages: { root: string; pages: string[] }[] };
    const registered = new Set([...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))].map((p) => `/${p}`));
    const { staff, member } = homeCards(ROLES.map((role) => ({ role, orgId: 'county' })));
    expect(staff).toHaveLength(4);
    for (const card of [...staff, ...member]) expect(registered).toContain(card.url.split('?')[0]);
  });

  it('keeps staff pages out of the main package', () => {
    for (const card of homeCards(ROLES.map((role) => ({ role, orgId: 'county' }))).staff) expect(card.url).toMatch(/^\/staff\//);
  });

  it('opens the review queue in the staff subpackage from 待审核申报', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(demoSecretary) } });
    await page.tap('#staff-cards >>> .t-cell');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/review/index' });
  });

  it('switches to the 签到 tab from 扫码签到', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(demoMember) } });
    await page.tap('#member-cards >>> .t-cell');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/checkin/index' });
  });
});

describe('首页 when auth.me fails', () => {
  it('offers binding for NOT_BOUND and opens the binding page', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': fail('NOT_BOUND') } });
    expect(page.text()).toContain(ERROR_MESSAGES.NOT_BOUND);
    await page.tap('#state >>> .t-button');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/bind/index' });
  });

  it('shows FORBIDDEN without a retry button', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': fail('FORBIDDEN') } });
    expect(page.text()).toContain(ERROR_MESSAGES.FORBIDDEN);
    expect(page.find('#state >>> .t-button')).toBeUndefined();
  });

  it('shows INTERNAL as the friendly error and recovers on 重试', async () => {
    let attempts = 0;
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': () => (++attempts === 1 ? fail('INTERNAL') : ok(demoMember)) } });
    expect(page.text()).toContain('系统开小差了，请稍后重试');
    await page.tap('#state >>> .t-button');
    expect(page.text()).toContain('李建华，您好');
  });

  it('shows a loading state until auth.me answers', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(demoMember) }, show: false });
    page.invoke('onShow');
    expect(rendered(page, 't-loading')).toBe(true);
    await page.flush();
    expect(rendered(page, 't-loading')).toBe(false);
  });
});

describe('首页 and the session cache', () => {
  it('does not call auth.me again when the tab is shown again', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(demoMember) } });
    await page.show();
    expect(page.backend?.calls).toHaveLength(1);
  });

  it('re-fetches on show after the dev identity was switched', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': (_p, { openid }) => ok(openid === 'demo-secretary-b01' ? demoSecretary : demoMember) } });
    expect(titles(page)[0]).toBe('扫码签到');
    wx.setStorageSync('dev.openid', 'demo-secretary-b01');
    await page.show();
    expect(page.backend?.calls.map((c) => c.openid)).toEqual(['demo-member-b01', 'demo-secretary-b01']);
    expect(titles(page)[0]).toBe('待审核申报');
  });

  it('re-fetches on pull-down refresh and stops the spinner', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(demoMember) } });
    page.invoke('onPullDownRefresh');
    await page.flush();
    expect(page.backend?.calls).toHaveLength(2);
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });
});
