import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { CheckinResult } from '../../../core/contracts/events';
import { encodeScene, parseScan, scanSignatureValid } from '../../../core/domain/events/scene';
import { freshness, stepOf } from '../../../core/domain/events/token';
import { demoMember, fail, ok } from '../fixtures';
import { loadPage, resetWx, type PageHandle } from '../harness';
import type { RouteFn } from '../fake-backend';
import { checkinResult, demoEvent, listItem } from './events-fixtures';

/**
 * Leaving by the same 小程序码 (miniprogram/services/scan.ts, "Leaving"): a member already checked
 * in scans the event's code again, and at an event asking for check-out that scan checks them
 * out with the code just read — no second camera scan. The backend judges the code with the real
 * scene code (scene.ts, token.ts), so a code the flow mangled or let go stale would be refused.
 * A check-in only minutes old is confirmed first (a second tap, not a departure).
 */
const SECRET = 'secret-of-EVT7K2M9QX';
const w = wx as unknown as Record<string, unknown>;
const sceneNow = () => encodeScene(SECRET, demoEvent.id, stepOf(Date.now()));
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

/** A route that answers `answer` to a valid, fresh code of the demo event. */
const judged =
  (answer: () => CheckinResult): RouteFn =>
  (payload) => {
    const t = parseScan(String(payload.token));
    if (!t || t.eventId !== demoEvent.id || !scanSignatureValid(t, SECRET)) return fail('CHECKIN_TOKEN_INVALID');
    const stale = freshness(t.step, stepOf(Date.now()));
    return stale ? fail(stale) : ok(answer());
  };

/** The server's answer to a repeated check-in: the first one, checked in `agoMs` before the server's now. */
const alreadyIn =
  (agoMs: number, over: Partial<CheckinResult> = {}) =>
  () =>
    checkinResult({ already: true, checkoutRequired: true, at: iso(agoMs), serverTime: iso(0), ...over });
const checkedOut = () =>
  checkinResult({ checkoutRequired: true, at: iso(2 * 3600_000), checkoutAt: iso(0), minutes: 120, hours: 2, creditedHours: 2, hoursPoints: { eval: 2, redeem: 4 }, serverTime: iso(0) });

const base = { 'auth.me': ok(demoMember), 'events.list': ok({ items: [listItem(demoEvent)], nextOffset: null }) };
const calls = (page: PageHandle, action: string) => page.backend!.calls.filter((c) => c.fn === 'events' && c.action === action).map((c) => c.payload);
const settle = async (page: PageHandle) => {
  for (let i = 0; i < 5; i++) await page.flush();
};
/** wx.showModal answering confirm or cancel. */
const modal = (confirm: boolean) => {
  const f = jest.fn((o: { success?: (r: { confirm: boolean; cancel: boolean }) => void }) => o.success?.({ confirm, cancel: !confirm }));
  w.showModal = f;
  return f;
};

beforeEach(() => {
  resetWx();
  w.onNetworkStatusChange = jest.fn();
  w.offNetworkStatusChange = jest.fn();
  w.getSetting = jest.fn((o: { success?: (r: { authSetting: Record<string, boolean> }) => void }) => o.success?.({ authSetting: {} }));
  w.scanCode = jest.fn();
  modal(true);
});

describe('a checked-in member scans the event’s 小程序码 again to leave', () => {
  it('from WeChat’s 扫一扫 an hour later: checked out with the same code, no camera, no question', async () => {
    const scene = sceneNow();
    const page = await loadPage('pages/checkin/index', {
      query: { scene: encodeURIComponent(scene) },
      stub: { ...base, 'events.checkin': judged(alreadyIn(3600_000)), 'events.checkout': judged(checkedOut) },
    });
    await settle(page);
    expect(calls(page, 'checkin')).toEqual([{ token: scene }]);
    expect(calls(page, 'checkout')).toEqual([{ token: scene }]);
    expect(w.scanCode).not.toHaveBeenCalled();
    expect(w.showModal).not.toHaveBeenCalled();
    expect(page.text()).toContain('签退成功');
    expect(page.text()).toContain('服务 2 小时');
  });

  it('with the 签到 tab’s button: one camera scan checks the member out', async () => {
    const scene = sceneNow();
    w.scanCode = jest.fn((o: { success?: (r: { result: string; path: string }) => void }) => o.success?.({ result: '', path: `pages/checkin/index?scene=${encodeURIComponent(scene)}` }));
    const page = await loadPage('pages/checkin/index', { stub: { ...base, 'events.checkin': judged(alreadyIn(3600_000)), 'events.checkout': judged(checkedOut) } });
    await page.tap('#scan-btn');
    await settle(page);
    expect(w.scanCode).toHaveBeenCalledTimes(1);
    expect(calls(page, 'checkout')).toEqual([{ token: scene }]);
    expect(page.text()).toContain('签退成功');
  });

  it('minutes after checking in: asks first; 签退 checks out, 暂不 leaves the check-in as it is', async () => {
    const scene = sceneNow();
    const routes = { ...base, 'events.checkin': judged(alreadyIn(2 * 60_000)), 'events.checkout': judged(checkedOut) };
    const yes = modal(true);
    const page = await loadPage('pages/checkin/index', { query: { scene: encodeURIComponent(scene) }, stub: routes });
    await settle(page);
    expect(yes).toHaveBeenCalledWith(expect.objectContaining({ title: '现在签退吗？', confirmText: '签退' }));
    expect(calls(page, 'checkout')).toEqual([{ token: scene }]);
    expect(page.text()).toContain('签退成功');

    const no = modal(false);
    const again = await loadPage('pages/checkin/index', { query: { scene: encodeURIComponent(sceneNow()) }, stub: routes });
    await settle(again);
    expect(no).toHaveBeenCalledTimes(1);
    expect(calls(again, 'checkout')).toEqual([]);
    expect(again.text()).toContain('您已签到');
    expect(w.scanCode).not.toHaveBeenCalled();
  });

  it.each([
    ['the event asks for no check-out', { checkoutRequired: false }],
    ['the member has checked out already', { checkoutAt: iso(60_000), hours: 1, creditedHours: 1 }],
    ['the earlier scan was an offline one staff refused', { review: 'refused' as const }],
  ])('stays a check-in when %s', async (_name, over) => {
    const page = await loadPage('pages/checkin/index', {
      query: { scene: encodeURIComponent(sceneNow()) },
      stub: { ...base, 'events.checkin': judged(alreadyIn(3600_000, over)), 'events.checkout': judged(checkedOut) },
    });
    await settle(page);
    expect(calls(page, 'checkin')).toHaveLength(1);
    expect(calls(page, 'checkout')).toEqual([]);
    expect(w.showModal).not.toHaveBeenCalled();
  });

  it('a first scan is a check-in only, even at an event with check-out', async () => {
    const page = await loadPage('pages/checkin/index', {
      query: { scene: encodeURIComponent(sceneNow()) },
      stub: { ...base, 'events.checkin': judged(() => checkinResult({ checkoutRequired: true })), 'events.checkout': judged(checkedOut) },
    });
    await settle(page);
    expect(calls(page, 'checkout')).toEqual([]);
    expect(page.text()).toContain('签到成功');
    expect(page.text()).toContain('离开时扫码签退');
  });
});
