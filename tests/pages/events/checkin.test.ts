import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ErrorCode } from '../../../core/contracts/errors';
import { demoMember, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx, type PageHandle } from '../harness';
import { checkinResult, demoEvent, FENCED_TOKEN, fencedEvent, listItem, TOKEN, VOL_TOKEN, volunteerEvent } from './events-fixtures';

type ScanOptions = { success?: (r: { result: string }) => void; fail?: (e: { errMsg: string }) => void };
type NetListener = (r: { isConnected: boolean }) => void;
const w = wx as unknown as Record<string, unknown>;
let netListeners: NetListener[] = [];

/** wx.scanCode reading `result` (null: the member backs out). */
function scanner(...results: (string | null)[]) {
  const queue = [...results];
  const scan = jest.fn((o: ScanOptions) => {
    const r = queue.length > 1 ? queue.shift()! : queue[0];
    if (r === null) o.fail?.({ errMsg: 'scanCode:fail cancel' });
    else o.success?.({ result: r });
  });
  w.scanCode = scan;
  return scan;
}

beforeEach(() => {
  resetWx();
  netListeners = [];
  w.onNetworkStatusChange = jest.fn((f: NetListener) => void netListeners.push(f));
  w.offNetworkStatusChange = jest.fn();
  w.getLocation = jest.fn((o: { success?: (r: { latitude: number; longitude: number; accuracy: number }) => void }) => o.success?.({ latitude: 34.757, longitude: 113.6496, accuracy: 20 }));
});

const base = { 'auth.me': ok(demoMember), 'events.list': ok({ items: [listItem(demoEvent), listItem(fencedEvent)], nextOffset: null }) };
const sent = (page: PageHandle, action = 'checkin') => page.backend!.calls.filter((c) => c.fn === 'events' && c.action === action);

describe('签到 tab', () => {
  it('shows the scan button and the member’s recent events, and no staff entry for a plain member', async () => {
    const page = await loadPage('pages/checkin/index', { stub: base });
    expect(rendered(page, 't-button')).toBe(true);
    expect(page.text()).toContain('扫码签到');
    expect(page.text()).toContain('12月党员奉献日');
    expect(page.text()).toContain('12月6日 09:00–11:00');
    expect(page.find('.manage-link')).toBeUndefined();
    expect(wx.onNetworkStatusChange).toHaveBeenCalled();
  });

  it('checks in with one scan and shows the points', async () => {
    const scan = scanner(TOKEN);
    const page = await loadPage('pages/checkin/index', { stub: { ...base, 'events.checkin': ok(checkinResult()) } });
    await page.tap('#scan-btn');
    expect(scan).toHaveBeenCalledWith(expect.objectContaining({ onlyFromCamera: true, scanType: ['wxCode', 'qrCode'] }));
    expect(sent(page)[0].payload).toEqual({ token: TOKEN });
    expect(page.find('.result-success')).toBeDefined();
    expect(page.text()).toContain('签到成功');
    expect(page.text()).toContain('评价积分 +5');
    expect(wx.getLocation).not.toHaveBeenCalled();
  });

  it('answers a repeated scan with the first check-in time', async () => {
    scanner(TOKEN);
    const page = await loadPage('pages/checkin/index', { stub: { ...base, 'events.checkin': ok(checkinResult({ already: true })) } });
    await page.tap('#scan-btn');
    expect(page.text()).toContain('您已签到');
    expect(page.text()).toContain('首次签到 12月6日 09:02');
  });

  it('says plainly when attendance counted but the month cap left no points', async () => {
    scanner(TOKEN);
    const page = await loadPage('pages/checkin/index', { stub: { ...base, 'events.checkin': ok(checkinResult({ capped: true, points: { eval: 0, redeem: 0 } })) } });
    await page.tap('#scan-btn');
    expect(page.text()).toContain('本期该项积分已达上限，本次只记出勤');
  });

  it.each<[ErrorCode, string]>([
    ['CHECKIN_TOKEN_INVALID', '签到码无效'],
    ['CHECKIN_TOKEN_EXPIRED', '签到码已过期'],
    ['CHECKIN_OUT_OF_WINDOW', '不在签到时间内'],
    ['EVENT_NOT_OPEN', '活动已结束签到'],
    ['CHECKIN_NOT_IN_SCOPE', '不在参加范围内'],
    ['CHECKIN_OUT_OF_RANGE', '不在活动地点附近'],
    ['LOCATION_REQUIRED', '需要确认您在现场'],
    ['EVENT_FULL', '活动人数已满'],
    ['NOT_BOUND', '请先绑定党员身份'],
    ['BUSY', '签到未成功'],
  ])('shows %s in plain Chinese', async (code, title) => {
    scanner(TOKEN);
    (w.getLocation as jest.Mock).mockImplementation(((o: { fail?: () => void }) => o.fail?.()) as never);
    const page = await loadPage('pages/checkin/index', { stub: { ...base, 'events.checkin': fail(code) } });
    await page.tap('#scan-btn');
    expect(page.text()).toContain(title);
    expect(page.find('.result-card')).toBeDefined();
  });

  it('does not send a text that is not a check-in code', async () => {
    scanner('https://example.com/not-ours');
    const page = await loadPage('pages/checkin/index', { stub: base });
    await page.tap('#scan-btn');
    expect(sent(page)).toHaveLength(0);
    expect(page.text()).toContain('这不是活动签到码');
  });

  it('sends nothing when the member backs out of the scanner', async () => {
    scanner(null);
    const page = await loadPage('pages/checkin/index', { stub: base });
    await page.tap('#scan-btn');
    expect(sent(page)).toHaveLength(0);
    expect(page.find('.result-card')).toBeUndefined();
  });

  it('asks for the location only for a geofenced event, and sends it with the scan', async () => {
    scanner(FENCED_TOKEN);
    const page = await loadPage('pages/checkin/index', { stub: { ...base, 'events.checkin': ok(checkinResult({ eventId: fencedEvent.id, distanceM: 56 })) } });
    await page.tap('#scan-btn');
    expect(wx.getLocation).toHaveBeenCalledTimes(1);
    expect(sent(page)[0].payload).toEqual({ token: FENCED_TOKEN, location: { lat: 34.757, lng: 113.6496, accuracy: 20 } });
  });

  it('asks for the location and resends once when the server wants it for an event it did not know', async () => {
    scanner(TOKEN);
    let n = 0;
    const page = await loadPage('pages/checkin/index', { stub: { ...base, 'events.checkin': () => (++n === 1 ? fail('LOCATION_REQUIRED') : ok(checkinResult())) } });
    await page.tap('#scan-btn');
    expect(sent(page).map((c) => 'location' in c.payload)).toEqual([false, true]);
    expect(page.text()).toContain('签到成功');
  });

  it('offers check-out after checking in to an event that asks for it, and shows the hours', async () => {
    scanner(VOL_TOKEN);
    const page = await loadPage('pages/checkin/index', {
      stub: {
        ...base,
        'events.checkin': ok(checkinResult({ eventId: volunteerEvent.id, eventTitle: volunteerEvent.title, checkoutRequired: true, points: { eval: 0, redeem: 0 } })),
        'events.checkout': ok(
          checkinResult({
            eventId: volunteerEvent.id,
            eventTitle: volunteerEvent.title,
            checkoutRequired: true,
            checkoutAt: '2026-12-06T03:40:00.000Z',
            minutes: 158,
            hours: 2,
            creditedHours: 2,
            hoursPoints: { eval: 2, redeem: 4 },
          }),
        ),
      },
    });
    await page.tap('#scan-btn');
    expect(page.text()).toContain('离开时扫码签退');
    await page.tap('#card-action');
    expect(sent(page, 'checkout')[0].payload).toEqual({ token: VOL_TOKEN });
    expect(page.text()).toContain('签退成功');
    expect(page.text()).toContain('服务 2 小时');
    expect(page.text()).toContain('兑换积分 +4');
  });

  it('shows 活动管理 to staff', async () => {
    const page = await loadPage('pages/checkin/index', { stub: { ...base, 'auth.me': ok(demoSecretary) } });
    expect(page.find('.manage-link')).toBeDefined();
    await page.tap('.manage-link');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/events/manage/index' });
  });
});

describe('offline queue', () => {
  it('keeps a scan made without signal with its scan time, and sends it with that time when the network returns', async () => {
    scanner(TOKEN);
    let online = false;
    const page = await loadPage('pages/checkin/index', {
      stub: { ...base, 'events.checkin': () => (online ? ok(checkinResult({ offline: true, review: 'pending', points: { eval: 0, redeem: 0 } })) : { fault: 'network' }) },
    });
    const before = Date.now();
    await page.tap('#scan-btn');
    expect(page.text()).toContain('网络不好，已离线保存');
    expect(page.text()).toContain('有 1 条签到');
    const queued = wx.getStorageSync('checkin.queue') as { token: string; scannedAt: string; kind: string }[];
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ token: TOKEN, kind: 'checkin' });
    expect(Math.abs(Date.parse(queued[0].scannedAt) - before)).toBeLessThan(5000);

    online = true;
    netListeners.forEach((f) => f({ isConnected: true }));
    await page.flush();
    await page.flush();
    const calls = sent(page);
    expect(calls[calls.length - 1].payload).toEqual({ token: TOKEN, scannedAt: queued[0].scannedAt });
    expect(wx.getStorageSync('checkin.queue')).toEqual([]);
    expect(page.text()).toContain('离线签到已补传：离线签到已提交');
    // the server keeps an offline scan for the organizer: the member is told it counts once confirmed
    expect(page.text()).toContain('须活动组织者确认后，才计入出勤和积分');
    expect(page.text()).not.toContain('等待联网补传');
  });

  it('keeps a queued scan while the phone is still offline, and scanning stays available', async () => {
    wx.setStorageSync('checkin.queue', [{ id: 'q1', kind: 'checkin', token: TOKEN, scannedAt: new Date().toISOString(), queuedAt: new Date().toISOString() }]);
    const offline = await loadPage('pages/checkin/index', { stub: { ...base, 'events.list': { fault: 'network' }, 'auth.me': { fault: 'network' }, 'events.checkin': { fault: 'timeout' } } });
    expect(offline.text()).toContain('有 1 条签到');
    expect((wx.getStorageSync('checkin.queue') as unknown[]).length).toBe(1);
    // the scan button still works offline
    expect(offline.find('#scan-btn')).toBeDefined();
  });

  it('tells the member when a queued scan reached the server too late, and removes it', async () => {
    wx.setStorageSync('checkin.queue', [{ id: 'q1', kind: 'checkin', token: TOKEN, scannedAt: new Date().toISOString(), queuedAt: new Date().toISOString() }]);
    const page = await loadPage('pages/checkin/index', { stub: { ...base, 'events.checkin': fail('CHECKIN_OFFLINE_TOO_LATE') } });
    await page.flush();
    expect(wx.getStorageSync('checkin.queue')).toEqual([]);
    expect(page.text()).toContain('离线扫码补传太晚');
  });

  it('shows the refusal of a queued scan and removes it', async () => {
    wx.setStorageSync('checkin.queue', [{ id: 'q1', kind: 'checkin', token: TOKEN, scannedAt: new Date().toISOString(), queuedAt: new Date().toISOString() }]);
    const page = await loadPage('pages/checkin/index', { stub: { ...base, 'events.checkin': fail('CHECKIN_TOKEN_EXPIRED') } });
    await page.flush();
    expect(wx.getStorageSync('checkin.queue')).toEqual([]);
    expect(page.text()).toContain('签到码已过期');
  });
});
