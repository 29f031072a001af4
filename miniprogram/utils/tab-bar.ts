/** The tab pages, in tab-bar order (app.json tabBar.list must match; a page test checks it). */
export const TABS = [
  { value: 'home', label: '首页', icon: 'home', url: '/pages/home/index' },
  { value: 'checkin', label: '签到', icon: 'scan', url: '/pages/checkin/index' },
  { value: 'points', label: '积分', icon: 'chart-bar', url: '/pages/points/index' },
  { value: 'store', label: '积分超市', icon: 'shop', url: '/pages/store/index' },
  { value: 'me', label: '我的', icon: 'user', url: '/pages/me/index' },
] as const;

export type TabValue = (typeof TABS)[number]['value'];

type WithTabBar = { getTabBar?: () => WechatMiniprogram.Component.TrivialInstance | null | undefined };

/**
 * Marks the current tab in the custom tab bar: each tab page has its own tab-bar instance,
 * so every tab page calls this in onShow.
 */
export function selectTab(page: unknown, value: TabValue): void {
  const p = page as WithTabBar;
  const bar = typeof p.getTabBar === 'function' ? p.getTabBar() : null;
  if (bar) bar.setData({ value });
}
