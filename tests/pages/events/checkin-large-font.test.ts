import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { demoMember, ok } from '../fixtures';
import { loadPage, resetWx, type PageHandle } from '../harness';
import { checkinResult, demoEvent, listItem, TOKEN } from './events-fixtures';

// The check-in result read by an older member: 长辈模式, and WeChat's largest font setting.
const w = wx as unknown as Record<string, unknown>;
const realInfo = wx.getAppBaseInfo;

beforeEach(() => {
  resetWx();
  Object.assign(wx, { getAppBaseInfo: realInfo });
  w.scanCode = jest.fn((o: { success?: (r: { result: string }) => void }) => o.success?.({ result: TOKEN }));
  w.onNetworkStatusChange = jest.fn();
  w.offNetworkStatusChange = jest.fn();
});

const stub = { 'auth.me': ok(demoMember), 'events.list': ok({ items: [listItem(demoEvent)], nextOffset: null }), 'events.checkin': ok(checkinResult()) };
/** A size variable on the page's root as rendered (the harness compiles rpx to px 1:1). */
const sizeOf = (page: PageHandle, v: string) => Number(new RegExp(`${v}: (\\d+)(?:rpx|px)`).exec(page.find('.checkin')?.dom?.getAttribute('style') ?? '')?.[1]);

async function scanned(page: PageHandle) {
  await page.tap('#scan-btn');
  expect(page.find('.result-success')).toBeDefined();
  expect(page.text()).toContain('签到成功');
  expect(page.text()).toContain('评价积分 +5');
}

describe('签到 result at a large font scale', () => {
  it('in 长辈模式: the result, its text and the scan button grow by a quarter', async () => {
    wx.setStorageSync('ui.elder', true);
    const page = await loadPage('pages/checkin/index', { stub });
    await scanned(page);
    expect(sizeOf(page, '--hg-font-body')).toBe(40);
    expect(sizeOf(page, '--hg-font-title')).toBe(50);
    expect(sizeOf(page, '--td-button-large-height')).toBe(120);
  });

  it('at WeChat’s largest font (scale 2): doubled, and list cells grow instead of clipping', async () => {
    Object.assign(wx, { getAppBaseInfo: () => ({ ...realInfo(), fontSizeScaleFactor: 2 }) });
    const page = await loadPage('pages/checkin/index', { stub });
    await scanned(page);
    expect(sizeOf(page, '--hg-font-body')).toBe(64);
    expect(sizeOf(page, '--hg-font-title')).toBe(80);
    expect(page.find('.checkin')?.dom?.getAttribute('style')).toContain('--td-cell-height: auto');
  });

  it('never past twice the size, however large the system setting', async () => {
    Object.assign(wx, { getAppBaseInfo: () => ({ ...realInfo(), fontSizeScaleFactor: 3.2 }) });
    const page = await loadPage('pages/checkin/index', { stub });
    await scanned(page);
    expect(sizeOf(page, '--hg-font-body')).toBe(64);
  });

  it('at the standard size nothing is overridden', async () => {
    const page = await loadPage('pages/checkin/index', { stub });
    await scanned(page);
    expect(page.find('.checkin')?.dom?.getAttribute('style') ?? '').toBe('');
  });
});
