import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { EventsGetResult } from '../../../core/contracts/events';
import { encodeScene, parseScan, scanSignatureValid } from '../../../core/domain/events/scene';
import { freshness, STEP_MS, stepOf } from '../../../core/domain/events/token';
import { demoMember, fail, ok } from '../fixtures';
import { loadPage, resetWx, type PageHandle } from '../harness';
import type { RouteFn } from '../fake-backend';
import { checkinResult, demoEvent, FENCED_TOKEN, fencedEvent, listItem } from './events-fixtures';

/**
 * The one scan flow (miniprogram/services/scan.ts) as a member meets it: the check-in page opened
 * by WeChat's 扫一扫 on a 小程序码 (onLoad({scene}), the scene URL-encoded: WeChat server API
 * getUnlimitedQRCode, "获取 scene 值"), the same code read in the app (wx.scanCode `path`,
 * pages/checkin/index?scene=…), and a location the member refused once (WeChat never asks again:
 * wx.getLocation fails with "getLocation:fail auth deny" and wx.getSetting shows
 * scope.userLocation false) — the flow leads to wx.openSetting, then scans again.
 *
 * The backend here checks a scene with the real domain code (scene.ts, token.ts) against the
 * event's secret, so a scene the page mangled would be refused.
 */
const SECRET = 'secret-of-EVT7K2M9QX';
const w = wx as unknown as Record<string, unknown>;
type ScanRes = { result?: string; path?: string; scanType?: string };
type ScanOptions = { scanType?: string[]; success?: (r: ScanRes) => void; fail?: (e: { errMsg: string }) => void };

const sceneNow = (offsetMs = 0) => encodeScene(SECRET, demoEvent.id, stepOf(Date.now() + offsetMs));

/** events.checkin as the server judges a code's signature and step (the rest is the function's business). */
const judge: RouteFn = (payload) => {
  const t = parseScan(String(payload.token));
  if (!t || t.eventId !== demoEvent.id || !scanSignatureValid(t, SECRET)) return fail('CHECKIN_TOKEN_INVALID');
  const stale = freshness(t.step, stepOf(Date.now()));
  return stale ? fail(stale) : ok(checkinResult());
};

/** wx.scanCode answering each read in turn (null: the member backs out). */
function scanner(...reads: (ScanRes | null)[]) {
  const queue = [...reads];
  const f = jest.fn((o: ScanOptions) => {
    const r = queue.length > 1 ? queue.shift()! : queue[0];
    if (r === null) o.fail?.({ errMsg: 'scanCode:fail cancel' });
    else o.success?.(r);
  });
  w.scanCode = f;
  return f;
}

/** Location refused before: getSetting says so and getLocation fails at once, until the settings page turns it on. */
function locationRefused(opts: { inSettings: 'allow' | 'keepOff'; modal: 'confirm' | 'cancel'; onSettings?: () => void }) {
  let allowed = false;
  w.getSetting = jest.fn((o: { success?: (r: { authSetting: Record<string, boolean> }) => void }) => o.success?.({ authSetting: { 'scope.userLocation': allowed } }));
  w.getLocation = jest.fn((o: { success?: (r: { latitude: number; longitude: number; accuracy: number }) => void; fail?: (e: { errMsg: string }) => void }) =>
    allowed ? o.success?.({ latitude: 34.757, longitude: 113.6496, accuracy: 20 }) : o.fail?.({ errMsg: 'getLocation:fail auth deny' }),
  );
  w.showModal = jest.fn((o: { success?: (r: { confirm: boolean; cancel: boolean }) => void }) => o.success?.({ confirm: opts.modal === 'confirm', cancel: opts.modal === 'cancel' }));
  w.openSetting = jest.fn((o: { success?: (r: { authSetting: Record<string, boolean> }) => void }) => {
    allowed = opts.inSettings === 'allow';
    opts.onSettings?.();
    o.success?.({ authSetting: { 'scope.userLocation': allowed } });
  });
}

const list = { 'auth.me': ok(demoMember), 'events.list': ok({ items: [listItem(demoEvent), listItem(fencedEvent)], nextOffset: null }) };
const checkins = (page: PageHandle) => page.backend!.calls.filter((c) => c.fn === 'events' && c.action === 'checkin').map((c) => c.payload);
const settle = async (page: PageHandle) => {
  for (let i = 0; i < 4; i++) await page.flush();
};

beforeEach(() => {
  resetWx();
  w.onNetworkStatusChange = jest.fn();
  w.offNetworkStatusChange = jest.fn();
  w.getSetting = jest.fn((o: { success?: (r: { authSetting: Record<string, boolean> }) => void }) => o.success?.({ authSetting: {} }));
  w.getLocation = jest.fn((o: { success?: (r: { latitude: number; longitude: number; accuracy: number }) => void }) => o.success?.({ latitude: 34.757, longitude: 113.6496, accuracy: 20 }));
  w.openSetting = jest.fn();
  w.scanCode = jest.fn();
});

describe('the check-in page opened from a 小程序码 (WeChat 扫一扫)', () => {
  it('checks the member in from onLoad({scene}) at once: the decoded scene is what the server verifies', async () => {
    const scene = sceneNow();
    const page = await loadPage('pages/checkin/index', { query: { scene: encodeURIComponent(scene) }, stub: { ...list, 'events.checkin': judge } });
    await settle(page);
    expect(checkins(page)).toEqual([{ token: scene }]);
    expect(page.text()).toContain('签到成功');
    expect(page.text()).toContain('评价积分 +5');
    // no camera involved
    expect(w.scanCode).not.toHaveBeenCalled();
  });

  it.each([
    ['a tampered scene', () => sceneNow().slice(0, -1) + (sceneNow().endsWith('A') ? 'B' : 'A'), '签到码无效'],
    ['a scene two steps old (a forwarded screenshot)', () => sceneNow(-2 * STEP_MS), '签到码已过期'],
  ])('refuses %s with the matching card', async (_name, make, title) => {
    const page = await loadPage('pages/checkin/index', { query: { scene: encodeURIComponent(make()) }, stub: { ...list, 'events.checkin': judge } });
    await settle(page);
    expect(checkins(page)).toHaveLength(1);
    expect(page.text()).toContain(title);
    expect(page.text()).not.toContain('签到成功');
  });

  it('says it is not a check-in code when the scene is not ours, and sends nothing', async () => {
    const page = await loadPage('pages/checkin/index', { query: { scene: encodeURIComponent('a=1&b=2') }, stub: { ...list, 'events.checkin': judge } });
    await settle(page);
    expect(checkins(page)).toEqual([]);
    expect(page.text()).toContain('这不是活动签到码');
  });
});

describe('the same 小程序码 scanned inside the app', () => {
  it('reads the scene from wx.scanCode’s path (encoded, as iOS gives it) and checks in', async () => {
    const scene = sceneNow();
    const scan = scanner({ result: '', scanType: 'WX_CODE', path: `pages/checkin/index?scene=${encodeURIComponent(scene)}` });
    const page = await loadPage('pages/checkin/index', { stub: { ...list, 'events.checkin': judge } });
    await page.tap('#scan-btn');
    await settle(page);
    expect(scan).toHaveBeenCalledWith(expect.objectContaining({ scanType: ['wxCode', 'qrCode'] }));
    expect(checkins(page)).toEqual([{ token: scene }]);
    expect(page.text()).toContain('签到成功');
  });

  it('reads the local cloud’s ordinary QR holding the scene itself, from the event page (bound to the event)', async () => {
    const scene = sceneNow();
    scanner({ result: scene, scanType: 'QR_CODE' });
    const got: EventsGetResult = { event: demoEvent, my: null, canManage: false, checkedIn: null };
    const page = await loadPage('pages/events/detail/index', { query: { id: demoEvent.id }, stub: { 'events.get': ok(got), 'events.checkin': judge } });
    await page.tap('#checkin-btn');
    await settle(page);
    expect(checkins(page)).toEqual([{ token: scene, eventId: demoEvent.id }]);
    expect(page.text()).toContain('签到成功');
  });
});

describe('a member who refused location once', () => {
  it('on the 签到 tab: explains, opens wx.openSetting, then sends the scan again with the location', async () => {
    scanner({ result: FENCED_TOKEN });
    locationRefused({ inSettings: 'allow', modal: 'confirm' });
    const page = await loadPage('pages/checkin/index', { stub: { ...list, 'events.checkin': ok(checkinResult({ eventId: fencedEvent.id, eventTitle: fencedEvent.title, distanceM: 35 })) } });
    await page.tap('#scan-btn');
    await settle(page);
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '需要位置权限', confirmText: '去设置' }));
    expect(wx.openSetting).toHaveBeenCalledTimes(1);
    expect(checkins(page)).toEqual([{ token: FENCED_TOKEN, location: { lat: 34.757, lng: 113.6496, accuracy: 20 } }]);
    expect(page.text()).toContain('签到成功');
  });

  it('on the event page: the server asks for a location, the refusal leads to the settings page and the retry', async () => {
    // the page does not know of the fence (the event changed): LOCATION_REQUIRED tells it
    scanner({ result: FENCED_TOKEN });
    locationRefused({ inSettings: 'allow', modal: 'confirm' });
    const got: EventsGetResult = { event: { ...fencedEvent, geofence: null }, my: null, canManage: false, checkedIn: null };
    const answer: RouteFn = (p) => (p.location ? ok(checkinResult({ eventId: fencedEvent.id })) : fail('LOCATION_REQUIRED'));
    const page = await loadPage('pages/events/detail/index', { query: { id: fencedEvent.id }, stub: { 'events.get': ok(got), 'events.checkin': answer } });
    await page.tap('#checkin-btn');
    await settle(page);
    expect(wx.openSetting).toHaveBeenCalledTimes(1);
    expect(checkins(page)).toEqual([
      { token: FENCED_TOKEN, eventId: fencedEvent.id },
      { token: FENCED_TOKEN, eventId: fencedEvent.id, location: { lat: 34.757, lng: 113.6496, accuracy: 20 } },
    ]);
    expect(page.text()).toContain('签到成功');
  });

  it('scans again when the detour through the settings took longer than the code lives', async () => {
    const scan = scanner({ result: FENCED_TOKEN }, { result: FENCED_TOKEN.replace('1Y2P0IJ', '1Y2P0IK') });
    const realNow = Date.now;
    locationRefused({ inSettings: 'allow', modal: 'confirm', onSettings: () => jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 30_000) });
    try {
      const page = await loadPage('pages/checkin/index', { stub: { ...list, 'events.checkin': ok(checkinResult({ eventId: fencedEvent.id })) } });
      await page.tap('#scan-btn');
      await settle(page);
      expect(scan).toHaveBeenCalledTimes(2);
      expect(checkins(page).map((p) => p.token)).toEqual([FENCED_TOKEN.replace('1Y2P0IJ', '1Y2P0IK')]);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('keeps location off: a card leads to the settings page, whose return retries the same scan', async () => {
    scanner({ result: FENCED_TOKEN });
    locationRefused({ inSettings: 'allow', modal: 'cancel' });
    const page = await loadPage('pages/checkin/index', { stub: { ...list, 'events.checkin': ok(checkinResult({ eventId: fencedEvent.id })) } });
    await page.tap('#scan-btn');
    await settle(page);
    expect(checkins(page)).toEqual([]);
    expect(page.text()).toContain('需要位置权限才能签到');
    expect(wx.openSetting).not.toHaveBeenCalled();
    await page.tap('#card-action');
    await settle(page);
    expect(wx.openSetting).toHaveBeenCalledTimes(1);
    expect(checkins(page)).toEqual([{ token: FENCED_TOKEN, location: { lat: 34.757, lng: 113.6496, accuracy: 20 } }]);
    expect(page.text()).toContain('签到成功');
  });

  it('sends nothing while location stays off in the settings, and says what is missing', async () => {
    scanner({ result: FENCED_TOKEN });
    locationRefused({ inSettings: 'keepOff', modal: 'confirm' });
    const page = await loadPage('pages/checkin/index', { stub: { ...list, 'events.checkin': ok(checkinResult()) } });
    await page.tap('#scan-btn');
    await settle(page);
    expect(wx.openSetting).toHaveBeenCalledTimes(1);
    expect(checkins(page)).toEqual([]);
    expect(page.text()).toContain('需要位置权限才能签到');
  });
});
