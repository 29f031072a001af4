import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TABS } from '../../../miniprogram/utils/tab-bar';
import { demoMember, ok } from '../fixtures';
import { loadPage, MP_ROOT, rendered, resetWx, tdNodes } from '../harness';

beforeEach(resetWx);

const lastSwitch = () => (wx.switchTab as unknown as jest.Mock).mock.calls.at(-1)?.[0] as { url: string } | undefined;

describe('the tab bar', () => {
  it('is declared custom in app.json with the same five pages, in order', () => {
    const app = JSON.parse(fs.readFileSync(path.join(MP_ROOT, 'app.json'), 'utf8')) as { tabBar: { custom: boolean; list: { pagePath: string; text: string }[] } };
    expect(app.tabBar.custom).toBe(true);
    expect(app.tabBar.list.map((t) => `/${t.pagePath}`)).toEqual(TABS.map((t) => t.url));
    expect(app.tabBar.list.map((t) => t.text)).toEqual(['首页', '签到', '积分', '积分超市', '我的']);
  });

  it('renders TDesign tab items labelled 首页 · 签到 · 积分 · 积分超市 · 我的', async () => {
    const bar = await loadPage('custom-tab-bar/index', { show: false });
    expect(rendered(bar, 't-tab-bar')).toBe(true);
    expect(tdNodes(bar, 't-tab-bar-item').map((n) => n.textContent?.trim())).toEqual(['首页', '签到', '积分', '积分超市', '我的']);
  });

  it('switches tab on tap and marks the tapped tab selected', async () => {
    const bar = await loadPage('custom-tab-bar/index', { show: false });
    await bar.tap('#tab-points');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/points/index' });
    const checked = bar.dom.querySelectorAll('[class*="t-tab-bar-item__content--checked"]');
    expect([...checked].map((n) => n.textContent?.trim())).toEqual(['积分']);
  });

  it('does nothing when the current tab is tapped again', async () => {
    const bar = await loadPage('custom-tab-bar/index', { show: false });
    await bar.tap('#tab-home');
    expect(wx.switchTab).not.toHaveBeenCalled();
  });

  it('taps through every tab, and every tab page it opens renders', async () => {
    const bar = await loadPage('custom-tab-bar/index', { show: false });
    const expected: Record<string, string> = {
      '/pages/checkin/index': '到达活动现场后，扫描书记手机或大屏上的签到码',
      '/pages/points/index': '评价积分',
      '/pages/store/index': '我的兑换积分',
      '/pages/me/index': '138****1234',
      '/pages/home/index': '李建华，您好',
    };
    for (const tab of ['checkin', 'points', 'store', 'me', 'home']) {
      await bar.tap(`#tab-${tab}`);
      const url = lastSwitch()?.url ?? '';
      expect(url).toBe(`/pages/${tab}/index`);
      const page = await loadPage(url.slice(1), {
        stub: {
          'auth.me': ok(demoMember),
          'store.items.list': ok({ balance: 0, items: [] }),
          'events.list': ok({ items: [], nextOffset: null }),
          'points.balance': ok({ memberId: demoMember.memberId, eval: 0, redeem: 0, updatedAt: null, expiry: { date: '2026-12-31', points: 0 } }),
          'points.rules.list': ok({ rules: [] }),
          'points.ledger.list': ok({ items: [], nextOffset: null }),
        },
      });
      expect(page.text()).toContain(expected[url]);
    }
    expect(wx.switchTab).toHaveBeenCalledTimes(5);
  });
});

describe('tab pages mark themselves in the tab bar', () => {
  it.each(TABS.map((t) => [t.value, t.url]))('%s selects its tab on show', async (value, url) => {
    const page = await loadPage(url.slice(1), { stub: { 'auth.me': ok(demoMember) }, show: false });
    const setData = jest.fn();
    page.instance.getTabBar = () => ({ setData });
    await page.show();
    expect(setData).toHaveBeenCalledWith({ value });
  });
});
