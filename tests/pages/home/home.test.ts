import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MeResult, WorkbenchResult } from '../../../core/contracts/auth';
import { ERROR_MESSAGES } from '../../../core/contracts/errors';
import { ROLES } from '../../../core/contracts/roles';
import { homeCards } from '../../../miniprogram/pages/home/cards';
import { demoAdmin, demoGridLeader, demoKeeper, demoMember, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, MP_ROOT, rendered, resetWx, tdNodes, type PageHandle } from '../harness';

beforeEach(resetWx);

/** Card titles in page order (each t-cell's title). */
const titles = (page: PageHandle) => tdNodes(page, 't-cell').map((n) => n.querySelector('[class*="t-cell__title-text"]')?.textContent?.trim());

const shortcuts = ['扫码签到', '我的积分', '我的奉献日', '积分超市'];
const counts: WorkbenchResult = { claimsToReview: 3, ordersToHandOut: 0, offlineScans: 120, gridIssues: null };
/** auth.me as `me`, and the workbench counts staff pages ask for. */
/** The page's own calls: the rank card (components/rank-card) asks reports.myRank by itself (tests/pages/reports). */
const homeCalls = (page: PageHandle) => (page.backend?.calls ?? []).filter((c) => c.fn !== 'reports');
const routes = (me: MeResult | ReturnType<typeof fail>, wb: WorkbenchResult = counts) => ({ 'auth.me': 'ok' in me ? me : ok(me), 'auth.workbench': ok(wb) });

describe('首页 adapts to the caller’s roles', () => {
  // what each role may do comes from the permissions table: a grid leader also decides grid-rule claims
  const cases: { who: string; me: MeResult; staff: string[]; sees: string }[] = [
    { who: 'a plain member', me: demoMember, staff: [], sees: 'only the check-in / points / store shortcuts' },
    { who: 'a branch secretary', me: demoSecretary, staff: ['待审核申报', '活动与签到', '出勤统计'], sees: 'the review queue, events and the attendance report' },
    { who: 'a grid leader', me: demoGridLeader, staff: ['待审核申报', '活动与签到', '代为申报', '出勤统计'], sees: 'the review queue, events, 代为申报 and the report' },
    {
      who: 'an org admin',
      me: demoAdmin,
      staff: ['待审核申报', '待发放兑换', '活动与签到', '出勤统计', '组织管理', '核销兑换'],
      sees: 'approvals, orders, events, report, org management and fulfilment',
    },
    { who: 'a store keeper', me: demoKeeper, staff: ['待发放兑换', '核销兑换'], sees: 'the orders waiting and 核销兑换' },
  ];

  it.each(cases)('shows $who $sees', async ({ me, staff }) => {
    const page = await loadPage('pages/home/index', { stub: routes(me) });
    expect(page.text()).toContain(`${me.name}，您好`);
    expect(titles(page)).toEqual([...staff, ...shortcuts]);
    expect(page.text().includes('工作台')).toBe(staff.length > 0);
  });

  it('renders the cards with TDesign cell groups', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoSecretary) });
    expect(rendered(page, 't-cell-group')).toBe(true);
    expect(rendered(page, 't-cell')).toBe(true);
  });
});

describe('首页 cards lead somewhere', () => {
  it('points every card of every role at a page registered in app.json', () => {
    const app = JSON.parse(fs.readFileSync(path.join(MP_ROOT, 'app.json'), 'utf8')) as { pages: string[]; subPackages: { root: string; pages: string[] }[] };
    const registered = new Set([...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))].map((p) => `/${p}`));
    const { staff, member } = homeCards(ROLES.map((role) => ({ role, orgId: 'county' })));
    expect(staff).toHaveLength(7);
    for (const card of [...staff, ...member]) expect(registered).toContain(card.url.split('?')[0]);
  });

  it('keeps staff pages out of the main package', () => {
    for (const card of homeCards(ROLES.map((role) => ({ role, orgId: 'county' }))).staff) expect(card.url).toMatch(/^\/staff\//);
  });

  it('opens the review queue in the staff subpackage from 待审核申报', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoSecretary) });
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
    expect(homeCalls(page)).toHaveLength(1);
  });

  it('re-fetches on show after the dev identity was switched', async () => {
    const page = await loadPage('pages/home/index', {
      stub: { 'auth.me': (_p, { openid }) => ok(openid === 'demo-secretary-b01' ? demoSecretary : demoMember), 'auth.workbench': ok(counts) },
    });
    expect(titles(page)[0]).toBe('扫码签到');
    wx.setStorageSync('dev.openid', 'demo-secretary-b01');
    await page.show();
    expect(page.backend?.calls.filter((c) => c.action === 'me').map((c) => c.openid)).toEqual(['demo-member-b01', 'demo-secretary-b01']);
    expect(titles(page)[0]).toBe('待审核申报');
  });

  it('re-fetches on pull-down refresh and stops the spinner', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(demoMember) } });
    page.invoke('onPullDownRefresh');
    await page.flush();
    expect(homeCalls(page)).toHaveLength(2);
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });
});

describe('首页 for someone not bound yet: a welcome, not an error', () => {
  it('explains 红管家, offers both ways to bind and the privacy guide, with no error state', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': fail('NOT_BOUND') } });
    expect(page.find('#welcome')).toBeDefined();
    expect(page.text()).toContain('欢迎使用红管家');
    expect(page.text()).toContain('扫描邀请二维码绑定');
    expect(page.text()).toContain('输入邀请码绑定');
    expect(page.text()).not.toContain(ERROR_MESSAGES.NOT_BOUND);
    expect(page.find('#state')).toBeUndefined();
    await page.tap('#welcome-privacy');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/privacy/index' });
  });

  it('scans the invite QR and opens binding with the code filled in', async () => {
    const scan = jest.fn((o: { success: (r: { result: string }) => void }) => o.success({ result: 'HGJBIND:ab12cd' }));
    Object.assign(wx, { scanCode: scan });
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': fail('NOT_BOUND') } });
    await page.tap('#welcome-scan');
    expect(scan).toHaveBeenCalled();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/bind/index?code=AB12CD' });
  });

  it('says so when the scanned QR is not an invite, and stays', async () => {
    Object.assign(wx, { scanCode: jest.fn((o: { success: (r: { result: string }) => void }) => o.success({ result: 'https://example.com' })) });
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': fail('NOT_BOUND') } });
    await page.tap('#welcome-scan');
    expect(page.text()).toContain('这不是红管家的邀请二维码');
    expect(wx.navigateTo).not.toHaveBeenCalled();
  });

  it('opens the binding form from 输入邀请码绑定, and binding then shows the member’s 首页', async () => {
    let bound = false;
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': () => (bound ? ok(demoMember) : fail('NOT_BOUND')) } });
    await page.tap('#welcome-code');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/bind/index' });
    bound = true;
    page.invoke('onPullDownRefresh');
    await page.flush();
    expect(page.find('#welcome')).toBeUndefined();
    expect(page.text()).toContain('李建华，您好');
  });
});

describe('首页 工作台: badge counts of what waits on staff', () => {
  it('badges each list with its count from auth.workbench (99+ past 99, none at 0)', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoAdmin) });
    expect(homeCalls(page).map((c) => `${c.fn}.${c.action}`)).toEqual(['auth.me', 'auth.workbench']);
    expect(page.find('.badge-review')?.dom?.textContent?.trim()).toBe('3');
    expect(page.find('.badge-offline')?.dom?.textContent?.trim()).toBe('99+');
    expect(page.find('.badge-orders')).toBeUndefined();
    expect(rendered(page, 't-badge')).toBe(true);
  });

  it('opens the keeper’s list of orders waiting from its card', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoKeeper, { claimsToReview: null, ordersToHandOut: 5, offlineScans: null, gridIssues: null }) });
    expect(page.find('.badge-orders')?.dom?.textContent?.trim()).toBe('5');
    await page.tap('.work-orders');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/store/orders/index' });
  });

  it('still shows the workbench, without badges, when the counts cannot load', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(demoSecretary), 'auth.workbench': { fault: 'network' } } });
    expect(titles(page)[0]).toBe('待审核申报');
    expect(rendered(page, 't-badge')).toBe(false);
  });

  it('asks a plain member for no counts', async () => {
    const page = await loadPage('pages/home/index', { stub: { 'auth.me': ok(demoMember) } });
    expect(homeCalls(page).map((c) => c.action)).toEqual(['me']);
  });
});

describe('首页 in 长辈模式 and at a large system font', () => {
  // the compiler turns rpx into px 1:1 in the harness
  const bodyVar = (page: PageHandle) => /--hg-font-body: (\d+)(?:rpx|px)/.exec(page.find('.home')?.dom?.getAttribute('style') ?? '')?.[1];

  it('shows only the three big buttons (scan, points, 奉献日) and larger text', async () => {
    wx.setStorageSync('ui.elder', true);
    const page = await loadPage('pages/home/index', { stub: routes(demoSecretary) });
    expect(page.find('#elder-home')).toBeDefined();
    const buttons = tdNodes(page, 't-button').map((n) => n.textContent?.trim());
    expect(buttons).toEqual(['扫码签到', '我的积分', '我的奉献日']);
    expect(page.find('#staff-cards')).toBeUndefined();
    expect(Number(bodyVar(page))).toBe(40);
    await page.tap('.elder-checkin');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/checkin/index' });
    await page.tap('.elder-dedication');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/me/dedication/index' });
  });

  it('follows WeChat’s largest font (scale 2): text doubles and cells grow instead of clipping', async () => {
    // WeChat's own info (TDesign reads SDKVersion from it) with the largest Android font setting
    const real = wx.getAppBaseInfo;
    Object.assign(wx, { getAppBaseInfo: () => ({ ...real(), fontSizeScaleFactor: 2, fontSizeSetting: 32 }) });
    try {
      const page = await loadPage('pages/home/index', { stub: routes(demoMember) });
      const style = page.find('.home')?.dom?.getAttribute('style') ?? '';
      expect(Number(bodyVar(page))).toBe(64);
      expect(style).toContain('--td-cell-height: auto');
      expect(style).toMatch(/--td-button-large-font: 600 68(rpx|px)/);
      expect(titles(page)).toEqual(shortcuts);
    } finally {
      Object.assign(wx, { getAppBaseInfo: real });
    }
  });

  it('offers 长辈模式 once on first run; turning it on simplifies 首页 at once', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoMember) });
    expect(page.find('#elder-hint')).toBeDefined();
    await page.tap('#elder-on');
    expect(page.find('#elder-hint')).toBeUndefined();
    expect(page.find('#elder-home')).toBeDefined();
    expect(wx.getStorageSync('ui.elder')).toBe(true);
  });

  it('does not offer it again once dismissed', async () => {
    const first = await loadPage('pages/home/index', { stub: routes(demoMember) });
    await first.tap('#elder-later');
    expect(first.find('#elder-hint')).toBeUndefined();
    const again = await loadPage('pages/home/index', { stub: routes(demoMember) });
    expect(again.find('#elder-hint')).toBeUndefined();
    expect(again.find('#elder-home')).toBeUndefined();
  });
});
