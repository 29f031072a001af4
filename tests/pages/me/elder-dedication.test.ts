import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { DedicationMineResult, DedicationMonthResult } from '../../../core/contracts/events';
import { demoMember, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';

type SubscribeOptions = { tmplIds: string[]; success?: (r: Record<string, string>) => void; fail?: () => void };
const subscribe = jest.fn((o: SubscribeOptions) => o.success?.(Object.fromEntries([['errMsg', 'requestSubscribeMessage:ok'], ...o.tmplIds.map((id) => [id, 'accept'])])));

beforeEach(() => {
  resetWx();
  Object.assign(wx, { requestSubscribeMessage: subscribe });
});

/** This month's view as the member gets it (their own row only), on the 6th. */
const month = (over: Partial<DedicationMonthResult['rows'][number]> = {}, date: string | null = '2099-12-06'): DedicationMonthResult => ({
  branchId: 'b01',
  branchName: '青年路社区党支部',
  month: '2099-12',
  date,
  events: [],
  members: 40,
  served: 12,
  hours: 30,
  rows: [{ memberId: 'm0005', name: '李建华', served: false, viaEvent: false, viaLog: false, pendingLogs: 0, hours: 0, photoUrls: [], ...over }],
});
const mine: DedicationMineResult = {
  year: 2099,
  hours: { year: 6.5, total: 42 },
  logs: [
    { id: 'l2', date: '2099-11-18', place: '青年路小游园', content: '清理绿地垃圾', hours: 1.5, photos: [], claimId: 'c2', status: 'pending', createdAt: '2099-11-18T02:00:00.000Z' },
    { id: 'l1', date: '2099-10-06', place: '社区活动室', content: '整理图书', hours: 2, photos: [], claimId: 'c1', status: 'approved', createdAt: '2099-10-06T02:00:00.000Z' },
  ],
};

describe('我的 → 长辈模式 switch', () => {
  it('turns 长辈模式 on and off, remembered on the phone, and the page grows at once', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoMember) } });
    expect(rendered(page, 't-switch')).toBe(true);
    expect(page.instance.data.ui).toMatchObject({ elder: false, style: '' });
    await page.tap('#elder-switch >>> .t-switch__body');
    expect(wx.getStorageSync('ui.elder')).toBe(true);
    expect(page.instance.data.ui).toMatchObject({ elder: true, cls: 'elder' });
    expect(page.find('.me')?.dom?.getAttribute('style')).toMatch(/--hg-font-body: 40(rpx|px)/);
    await page.tap('#elder-switch >>> .t-switch__body');
    expect(wx.getStorageSync('ui.elder')).toBe(false);
    expect(page.instance.data.ui).toMatchObject({ elder: false });
  });

  it('leads to 我的奉献日', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoMember) } });
    await page.tap('.dedication-link');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/me/dedication/index' });
  });
});

describe('我的奉献日', () => {
  it('shows this month’s status and date, hours this year and ever, and the service history', async () => {
    const page = await loadPage('pages/me/dedication/index', { stub: { 'events.dedication.month': ok(month()), 'events.dedication.mine': ok(mine) } });
    expect(page.backend!.calls.find((c) => c.action === 'dedication.month')!.payload).toEqual({ month: expect.stringMatching(/^\d{4}-\d{2}$/) });
    expect(page.text()).toContain('本月奉献日：12月6日');
    expect(page.find('#month-status')?.dom?.textContent).toBe('本月还未参加');
    expect(page.find('#hours-year')?.dom?.textContent).toBe('6.5');
    expect(page.find('#hours-total')?.dom?.textContent).toBe('42');
    expect(page.text()).toContain('11月18日 · 青年路小游园');
    expect(page.text()).toContain('审核中');
    expect(page.text()).toContain('已认定');
    expect(page.text().indexOf('11月18日')).toBeLessThan(page.text().indexOf('10月6日'));
  });

  it('says the month is done when the member served, and points to next month once the day has passed', async () => {
    const page = await loadPage('pages/me/dedication/index', {
      stub: { 'events.dedication.month': ok({ ...month({ served: true, viaEvent: true, hours: 2 }, '2000-01-06'), month: '2000-01' }), 'events.dedication.mine': ok(mine) },
    });
    expect(page.find('#month-status')?.dom?.textContent).toBe('本月已参加（2 小时）');
    expect(page.find('#month-next')?.dom?.textContent).toBe('下次奉献日：2月6日');
  });

  it('asks for the reminder the evening before with the dedicationReminder template id', async () => {
    const page = await loadPage('pages/me/dedication/index', { stub: { 'events.dedication.month': ok(month()), 'events.dedication.mine': ok(mine) } });
    await page.tap('#remind-btn');
    expect(subscribe).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-dedicationReminder'] }));
    expect(page.text()).toContain('已开启奉献日提醒');
  });

  it('opens the service log form', async () => {
    const page = await loadPage('pages/me/dedication/index', { stub: { 'events.dedication.month': ok(month()), 'events.dedication.mine': ok(mine) } });
    await page.tap('#log-btn');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/events/dedication-log/index' });
  });
});
