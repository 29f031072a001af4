import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MeResult, WorkbenchResult } from '../../../core/contracts/auth';
import type { ConfigResult } from '../../../core/contracts/grid';
import { ERROR_MESSAGES } from '../../../core/contracts/errors';
import { ROLES } from '../../../core/contracts/roles';
import { homeCards } from '../../../miniprogram/pages/home/cards';
import { demoAdmin, demoGridLeader, demoKeeper, demoMember, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, MP_ROOT, rendered, resetWx, tdNodes, type PageHandle } from '../harness';

beforeEach(resetWx);

/** Card titles in page order (each t-cell's title). */
const titles = (page: PageHandle) => tdNodes(page, 't-cell').map((n) => n.querySelector('[class*="t-cell__title-text"]')?.textContent?.trim());

const shortcuts = ['扫码签到', '我的积分', '我的奉献日', '积分超市'];
/** Everyone's entries into the grid / assess / reports subpackages, after the shortcuts (网格上报 when the county allows). */
const entries = ['网格上报', '我的考核', '每月之星'];
const gridConfig = (membersMayReport: boolean) => ok<ConfigResult>({ membersMayReport, categories: [] });
const counts: WorkbenchResult = { claimsToReview: 3, ordersToHandOut: 0, offlineScans: 120, gridIssues: null };
/** auth.me as `me`, and the workbench counts staff pages ask for. */
/** The page's own calls: the rank card (components/rank-card) asks reports.myRank by itself (tests/pages/reports). */
const homeCalls = (page: PageHandle) => (page.backend?.calls ?? []).filter((c) => c.fn !== 'reports');
const routes = (me: MeResult | ReturnType<typeof fail>, wb: WorkbenchResult = counts, membersMayReport = true) => ({
  'auth.me': 'ok' in me ? me : ok(me),
  'auth.workbench': ok(wb),
  'grid.config.get': gridConfig(membersMayReport),
});

describe('首页 adapts to the caller’s roles', () => {
  // what each role may do comes from the permissions table: a grid leader also decides grid-rule claims
  const cases: { who: string; me: MeResult; staff: string[]; sees: string }[] = [
    { who: 'a plain member', me: demoMember, staff: [], sees: 'only the check-in / points / store shortcuts' },
    {
      who: 'a branch secretary',
      me: demoSecretary,
      staff: ['待审核申报', '活动与签到', '网格事项', '出勤统计', '网格统计', '点评台账', '党组织积分', '挂图作战'],
      sees: 'the review queue, events, the grid queue and KPIs, 点评台账, the branch score, 挂图作战 and the attendance report',
    },
    {
      who: 'a grid leader',
      me: demoGridLeader,
      staff: ['待审核申报', '活动与签到', '网格事项', '代为申报', '出勤统计', '网格统计'],
      sees: 'the review queue, events, the grid queue and KPIs, 代为申报 and the report',
    },
    {
      who: 'an org admin',
      me: demoAdmin,
      staff: ['待审核申报', '待发放兑换', '活动与签到', '网格事项', '出勤统计', '网格统计', '点评台账', '党组织积分', '季度考核管理', '挂图作战', '排名通报', '组织管理', '核销兑换'],
      sees: 'approvals, orders, events, the grid queue, report, 点评台账, 考核管理, 挂图作战, rankings, org management and fulfilment',
    },
    { who: 'a store keeper', me: demoKeeper, staff: ['待发放兑换', '核销兑换'], sees: 'the orders waiting and 核销兑换' },
  ];

  it.each(cases)('shows $who $sees', async ({ me, staff }) => {
    const page = await loadPage('pages/home/index', { stub: routes(me) });
    expect(page.text()).toContain(`${me.name}，您好`);
    expect(titles(page)).toEqual([...staff, ...shortcuts, ...entries]);
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
    expect(staff).toHaveLength(14);
    for (const card of [...staff, ...homeCards([], true).member]) expect(registered).toContain(card.url.split('?')[0]);
    expect(member.map((c) => c.key)).toContain('grid-report'); // a grid leader reports into their grid
    expect(homeCards([]).member.map((c) => c.key)).not.toContain('grid-report'); // a member: the county's answer not known yet
  });

  it('keeps staff pages out of the main package', () => {
    for (const card of homeCards(ROLES.map((role) => ({ role, orgId: 'county' }))).staff) expect(card.url).toMatch(/^\/(staff|grid|assess|reports)\//);
  });

  it('opens the review queue in the staff subpackage from 待审核申报', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoSecretary) });
    await page.tap('#staff-cards >>> .t-cell');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/review/index' });
  });

  it('switches to the 签到 tab from 扫码签到', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoMember) });
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
  it('does not call auth.me (nor grid.config.get) again when the tab is shown again', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoMember) });
    await page.show();
    expect(homeCalls(page).map((c) => `${c.fn}.${c.action}`)).toEqual(['auth.me', 'grid.config.get']);
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
    const page = await loadPage('pages/home/index', { stub: routes(demoMember) });
    page.invoke('onPullDownRefresh');
    await page.flush();
    expect(homeCalls(page).map((c) => c.action)).toEqual(['me', 'config.get', 'me', 'config.get']);
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
    expect(homeCalls(page).map((c) => `${c.fn}.${c.action}`)).toEqual(['auth.me', 'auth.workbench', 'grid.config.get']);
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

  it('asks a plain member for no counts (only whether the county lets members report) and shows no staff card', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoMember) });
    expect(homeCalls(page).map((c) => `${c.fn}.${c.action}`)).toEqual(['auth.me', 'grid.config.get']);
    expect(page.find('#staff-cards')).toBeUndefined();
    expect(titles(page)).toEqual([...shortcuts, ...entries]);
    for (const staffOnly of ['网格事项', '点评台账', '季度考核管理', '挂图作战', '排名通报', '党组织积分']) expect(page.text()).not.toContain(staffOnly);
  });
});

describe('首页 entries into the grid, assess and reports subpackages', () => {
  const tapTo = async (page: PageHandle, selector: string, url: string) => {
    jest.mocked(wx.navigateTo).mockClear();
    await page.tap(selector);
    expect(wx.navigateTo).toHaveBeenCalledWith({ url });
  };

  it('gives grid staff the grid queue with its auth.workbench count, opening the 网格待办 box', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoGridLeader, { claimsToReview: 0, ordersToHandOut: null, offlineScans: 0, gridIssues: 7 }) });
    expect(page.find('.badge-issues')?.dom?.textContent?.trim()).toBe('7');
    await tapTo(page, '.work-issues', '/grid/pages/issues/index?box=queue');
    await tapTo(page, '.work-grid-stats', '/grid/pages/stats/index');
  });

  it('opens 点评台账 and the branch’s 党组织积分 for a secretary', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoSecretary) });
    await tapTo(page, '.work-reviews', '/grid/pages/reviews/index');
    await tapTo(page, '.work-org-score', '/assess/pages/org/index');
    await tapTo(page, '.work-campaign', '/assess/pages/campaign/index');
    expect(page.find('.work-cycles')).toBeUndefined();
    expect(page.find('.work-rankings')).toBeUndefined();
  });

  it('opens 季度考核管理, 挂图作战 and 排名通报 for an admin', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoAdmin) });
    await tapTo(page, '.work-cycles', '/assess/pages/admin/index');
    await tapTo(page, '.work-campaign', '/assess/pages/campaign/index');
    await tapTo(page, '.work-rankings', '/reports/pages/orgs/index');
  });

  it('offers a member 网格上报 where the county lets members report, and opens the report form', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoMember) });
    await tapTo(page, '.shortcut-grid-report', '/grid/pages/report/index');
  });

  it('offers no 网格上报 where the county does not let members report, nor when its answer fails', async () => {
    const closed = await loadPage('pages/home/index', { stub: routes(demoMember, counts, false) });
    expect(titles(closed)).toEqual([...shortcuts, '我的考核', '每月之星']);
    const failing = await loadPage('pages/home/index', { stub: { ...routes(demoMember), 'grid.config.get': { fault: 'network' } } });
    expect(titles(failing)).toEqual([...shortcuts, '我的考核', '每月之星']);
    expect(failing.find('#state')).toBeUndefined();
  });

  it('offers a grid leader 网格上报 into their grid without asking the county’s setting', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoGridLeader, counts, false) });
    expect(homeCalls(page).map((c) => `${c.fn}.${c.action}`)).toEqual(['auth.me', 'auth.workbench']);
    await tapTo(page, '.shortcut-grid-report', '/grid/pages/report/index');
  });

  it('opens 我的考核, 每月之星 and, from the rank card, 排行', async () => {
    const page = await loadPage('pages/home/index', { stub: routes(demoMember) });
    await tapTo(page, '.shortcut-assess', '/assess/pages/mine/index');
    await tapTo(page, '.shortcut-stars', '/reports/pages/stars/index');
    await tapTo(page, '#home-rank >>> #rank-card', '/reports/pages/rank/index');
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
    expect(homeCalls(page).map((c) => c.action)).not.toContain('config.get'); // nothing new asked for 长辈模式
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
      expect(titles(page)).toEqual([...shortcuts, ...entries]);
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
