import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { AttendanceEventResult, DedicationMonthResult, EventsGetResult, EventsQrResult } from '../../../core/contracts/events';
import { demoGridLeader, demoMember, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx, type PageHandle } from '../harness';
import { checkinResult, demoEvent, listItem, volunteerEvent } from './events-fixtures';

const w = wx as unknown as Record<string, unknown>;
let open: PageHandle[] = [];

beforeEach(() => {
  resetWx();
  w.setKeepScreenOn = jest.fn();
  w.getLocation = jest.fn((o: { success?: (r: { latitude: number; longitude: number; accuracy: number }) => void }) => o.success?.({ latitude: 34.7566, longitude: 113.6496, accuracy: 15 }));
  w.showModal = jest.fn((o: { success?: (r: { confirm: boolean }) => void }) => o.success?.({ confirm: true }));
  w.downloadFile = jest.fn((o: { success?: (r: { tempFilePath: string }) => void; complete?: () => void }) => {
    o.success?.({ tempFilePath: '/tmp/a.xlsx' });
    o.complete?.();
  });
  w.openDocument = jest.fn();
  w.setClipboardData = jest.fn();
  w.previewImage = jest.fn();
});
afterEach(() => {
  // stop the pages' timers (QR refresh, live attendance)
  for (const p of open) for (const m of ['onUnload']) if (typeof p.instance[m] === 'function') p.invoke(m);
  open = [];
});
const track = (p: PageHandle) => (open.push(p), p);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const qrReply = (over: Partial<EventsQrResult> = {}): EventsQrResult => ({
  eventId: demoEvent.id,
  token: 'HGJ:EVT7K2M9QX:1Y2P0IJ:AAAAAAAAAA',
  scene: 'EVT7K2M9QX.AAABkAbCdEfGhIjK',
  // the fallback QR unless a test gives the 小程序码
  image: null,
  imageError: '45009 reach max api minute quota limit',
  step: 100,
  stepSeconds: 15,
  refreshInMs: 9000,
  serverTime: '2026-12-06T01:00:06.000Z',
  window: 'open',
  checkedIn: 12,
  checkedOut: null,
  ...over,
});
const getReply: EventsGetResult = { event: demoEvent, my: null, canManage: true, checkedIn: 12 };

describe('出示签到码', () => {
  it('without a 小程序码, draws the token as a QR on a canvas, keeps the screen on, shows the live count and the countdown', async () => {
    const page = track(await loadPage('staff/pages/events/qr/index', { query: { id: demoEvent.id }, stub: { 'auth.me': ok(demoSecretary), 'events.get': ok(getReply), 'events.qr': ok(qrReply()) } }));
    expect(wx.setKeepScreenOn).toHaveBeenCalledWith({ keepScreenOn: true });
    expect(rendered(page, 't-qrcode')).toBe(true);
    const qr = page.find('#qr') as unknown as { instance: { data: { value: string; size: number } } };
    expect(qr.instance.data.value).toBe('HGJ:EVT7K2M9QX:1Y2P0IJ:AAAAAAAAAA');
    expect(page.text()).toContain('12月党员奉献日');
    expect(page.text()).toContain('已签到12');
    expect(page.text()).toContain('9 秒后更新签到码');
  });

  it('shows the 小程序码 image for WeChat’s 扫一扫, asks for this build’s code, and swaps in the next step’s image', async () => {
    let n = 0;
    const img = (k: number) => `data:image/png;base64,iVBORw0KGgo${k}`;
    const page = track(
      await loadPage('staff/pages/events/qr/index', {
        query: { id: demoEvent.id },
        stub: { 'events.get': ok(getReply), 'events.qr': () => (++n, ok(qrReply({ image: img(n), imageError: null, refreshInMs: n === 1 ? 10 : 9000 }))) },
      }),
    );
    // simulate's wx.getAccountInfoSync reports the develop build
    expect(page.backend!.calls.find((c) => c.action === 'qr')?.payload).toEqual({ eventId: demoEvent.id, envVersion: 'develop' });
    expect(page.find('#qr')).toBeUndefined();
    expect(page.instance.data.image).toBe(img(1));
    expect(page.text()).toContain('请用微信“扫一扫”或红管家“扫码签到”扫描');
    await sleep(400);
    await page.flush();
    expect(n).toBeGreaterThanOrEqual(2);
    // an <image> bound to the page's data (simulate does not reflect src into the DOM)
    expect(page.find('#wxacode')).toBeDefined();
    expect(page.instance.data.image).toBe(img(n));
  });

  it('fetches a new token when the step turns and shows it', async () => {
    let n = 0;
    const page = track(
      await loadPage('staff/pages/events/qr/index', {
        query: { id: demoEvent.id },
        stub: { 'events.get': ok(getReply), 'events.qr': () => ok(qrReply(++n === 1 ? { refreshInMs: 10 } : { token: 'HGJ:EVT7K2M9QX:1Y2P0IK:BBBBBBBBBB', checkedIn: 13 })) },
      }),
    );
    await sleep(400);
    await page.flush();
    const qr = page.find('#qr') as unknown as { instance: { data: { value: string } } };
    expect(qr.instance.data.value).toBe('HGJ:EVT7K2M9QX:1Y2P0IK:BBBBBBBBBB');
    expect(page.text()).toContain('13');
  });

  it('lets the screen sleep again when leaving', async () => {
    const page = await loadPage('staff/pages/events/qr/index', { query: { id: demoEvent.id }, stub: { 'events.get': ok(getReply), 'events.qr': ok(qrReply()) } });
    page.invoke('onUnload');
    expect(wx.setKeepScreenOn).toHaveBeenLastCalledWith({ keepScreenOn: false });
  });

  it('shows why when the caller is not staff of the event', async () => {
    const page = track(await loadPage('staff/pages/events/qr/index', { query: { id: demoEvent.id }, stub: { 'events.get': ok(getReply), 'events.qr': fail('FORBIDDEN') } }));
    expect(page.text()).toContain('没有权限');
  });

  it('closes check-in after confirming', async () => {
    const page = track(
      await loadPage('staff/pages/events/qr/index', {
        query: { id: demoEvent.id },
        stub: { 'events.get': ok(getReply), 'events.qr': ok(qrReply()), 'events.close': ok({ eventId: demoEvent.id, status: 'closed', closedAt: '2026-12-06T02:00:00.000Z' }) },
      }),
    );
    await page.tap('#close-btn');
    expect(page.backend!.calls.find((c) => c.action === 'close')?.payload).toEqual({ eventId: demoEvent.id, status: 'closed' });
    expect(page.text()).toContain('本次活动已结束签到');
  });
});

describe('新建活动', () => {
  it('creates a dedication-day event with the type defaults and goes to its QR', async () => {
    const page = track(await loadPage('staff/pages/events/create/index', { stub: { 'auth.me': ok(demoSecretary), 'events.create': ok({ event: demoEvent, duplicate: false }) } }));
    expect(page.text()).toContain('党员奉献日');
    await page.tap('.submit-btn');
    const sent = page.backend!.calls.find((c) => c.action === 'create')!.payload;
    expect(sent).toMatchObject({ type: 'dedication', orgId: 'b01', earlyMinutes: 30, lateMinutes: 30, checkoutRequired: false });
    expect(String(sent.title)).toMatch(/^\d+月党员奉献日$/);
    expect(String(sent.startAt)).toMatch(/T09:00:00\+08:00$/);
    expect(String(sent.endAt)).toMatch(/T11:00:00\+08:00$/);
    expect(sent.requestId).toEqual(expect.any(String));
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: `/staff/pages/events/qr/index?id=${demoEvent.id}` });
  });

  it('asks for check-out for volunteer service and sends a geofence around where the secretary stands', async () => {
    const page = track(await loadPage('staff/pages/events/create/index', { stub: { 'auth.me': ok(demoSecretary), 'events.create': ok({ event: volunteerEvent, duplicate: false }) } }));
    await page.tap('.type-volunteer');
    expect(page.find('.f-fence')).toBeDefined();
    page.invoke('onFence', { detail: { value: true } });
    await page.flush();
    await page.tap('.submit-btn');
    const sent = page.backend!.calls.find((c) => c.action === 'create')!.payload;
    expect(sent).toMatchObject({ type: 'volunteer', title: '志愿服务', checkoutRequired: true, geofence: { lat: 34.7566, lng: 113.6496, radiusM: 300 } });
  });

  it('shows the server’s refusal on the form', async () => {
    const page = track(
      await loadPage('staff/pages/events/create/index', { stub: { 'auth.me': ok(demoSecretary), 'events.create': fail('INVALID_INPUT', { message: '活动已经结束，不能再创建', field: 'endAt' }) } }),
    );
    await page.tap('.submit-btn');
    expect(page.text()).toContain('活动已经结束，不能再创建');
    expect(wx.redirectTo).not.toHaveBeenCalled();
  });

  it('is not for plain members', async () => {
    const page = track(await loadPage('staff/pages/events/create/index', { stub: { 'auth.me': ok(demoMember) } }));
    expect(page.text()).toContain('只有支部书记、网格长和组织管理员可以创建活动');
  });
});

const attendanceReply = (over: Partial<AttendanceEventResult> = {}): AttendanceEventResult => ({
  kind: 'event',
  event: demoEvent,
  expected: 3,
  attended: 2,
  attendedRows: [
    {
      memberId: 'm0006',
      name: '王晓燕',
      branchId: 'b01',
      branchName: '青年路社区党支部',
      at: '2026-12-06T01:01:02.000Z',
      offline: true,
      proxy: null,
      checkoutAt: null,
      checkoutReview: null,
      hours: null,
      points: 5,
    },
    {
      memberId: 'm0004',
      name: '陈刚',
      branchId: 'b01',
      branchName: '青年路社区党支部',
      at: '2026-12-06T01:05:00.000Z',
      offline: false,
      proxy: '赵明：未带手机',
      checkoutAt: null,
      checkoutReview: null,
      hours: null,
      points: 5,
    },
  ],
  absentRows: [{ memberId: 'm0005', name: '李建华', branchId: 'b01', branchName: '青年路社区党支部' }],
  pendingRows: [],
  truncated: false,
  ...over,
});

describe('签到情况 and 代签到', () => {
  it('lists who came (offline and proxy marked, branch by name) and who did not', async () => {
    const page = track(await loadPage('staff/pages/events/attendance/index', { query: { id: demoEvent.id }, stub: { 'events.attendance': ok(attendanceReply()) } }));
    expect(page.backend!.calls.find((c) => c.action === 'attendance')?.payload).toEqual({ kind: 'event', eventId: demoEvent.id });
    expect(page.text()).toContain('已签到 2 人 · 应到 3 人 · 未签到 1 人');
    expect(page.text()).toContain('离线扫码（已确认）');
    expect(page.text()).toContain('代签（赵明：未带手机）');
    expect(page.text()).toContain('青年路社区党支部');
    expect(page.text()).not.toContain('b01');
    expect(page.find('.absent-m0005')).toBeDefined();
    // nothing waits for review: no review section
    expect(page.find('#confirm-all')).toBeUndefined();
  });

  const waiting = (): AttendanceEventResult['pendingRows'] => [
    { memberId: 'm0005', name: '李建华', branchName: '青年路社区党支部', kind: 'checkin', scannedAt: '2026-12-06T01:02:00.000Z', receivedAt: '2026-12-06T01:40:00.000Z', hours: null },
    { memberId: 'm0007', name: '刘洋', branchName: '青年路社区党支部', kind: 'checkin', scannedAt: '2026-12-06T01:03:00.000Z', receivedAt: '2026-12-06T01:41:00.000Z', hours: null },
  ];

  it('lists the offline scans awaiting confirmation with their scan and upload times, and confirms one', async () => {
    let decided: string[] = [];
    const page = track(
      await loadPage('staff/pages/events/attendance/index', {
        query: { id: demoEvent.id },
        stub: {
          'events.attendance': () => ok(attendanceReply({ pendingRows: waiting().filter((p) => !decided.includes(p.memberId)) })),
          'events.offline.confirm': (p) => {
            decided = [...decided, ...(p.memberIds as string[])];
            return ok({ eventId: demoEvent.id, decision: 'confirmed', decided: p.memberIds, credited: { eval: 5, redeem: 5 }, skipped: [], remaining: 0 });
          },
        },
      }),
    );
    expect(page.text()).toContain('待确认的离线扫码（2）');
    expect(page.text()).toContain('扫码 09:02 · 补传 09:40');
    expect(page.find('.pending-m0005')).toBeDefined();
    await page.tap('.confirm-m0005');
    await page.flush();
    expect(page.backend!.calls.find((c) => c.action === 'offline.confirm')?.payload).toEqual({ eventId: demoEvent.id, memberIds: ['m0005'] });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已确认 1 人' }));
    expect(page.find('.pending-m0005')).toBeUndefined();
    expect(page.text()).toContain('待确认的离线扫码（1）');
  });

  it('refuses one after asking, and confirms all, calling again while some remain', async () => {
    let round = 0;
    const page = track(
      await loadPage('staff/pages/events/attendance/index', {
        query: { id: demoEvent.id },
        stub: {
          'events.attendance': ok(attendanceReply({ pendingRows: waiting() })),
          'events.offline.refuse': (p) => ok({ eventId: demoEvent.id, decision: 'refused', decided: p.memberIds, credited: { eval: 0, redeem: 0 }, skipped: [], remaining: 0 }),
          'events.offline.confirm': () =>
            ok({ eventId: demoEvent.id, decision: 'confirmed', decided: [++round === 1 ? 'm0005' : 'm0007'], credited: { eval: 5, redeem: 5 }, skipped: [], remaining: round === 1 ? 1 : 0 }),
        },
      }),
    );
    await page.tap('.refuse-m0007');
    await page.flush();
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '不予确认', content: expect.stringContaining('刘洋') }));
    expect(page.backend!.calls.find((c) => c.action === 'offline.refuse')?.payload).toEqual({ eventId: demoEvent.id, memberIds: ['m0007'] });
    await page.tap('#confirm-all');
    await page.flush();
    await page.flush();
    const confirms = page.backend!.calls.filter((c) => c.action === 'offline.confirm').map((c) => c.payload);
    expect(confirms).toEqual([
      { eventId: demoEvent.id, all: true },
      { eventId: demoEvent.id, all: true },
    ]);
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '已确认 2 人' }));
  });

  it('shows why a confirmation was refused', async () => {
    const page = track(
      await loadPage('staff/pages/events/attendance/index', {
        query: { id: demoEvent.id },
        stub: { 'events.attendance': ok(attendanceReply({ pendingRows: waiting() })), 'events.offline.confirm': fail('FORBIDDEN', { message: '没有权限进行此操作' }) },
      }),
    );
    await page.tap('.confirm-m0005');
    await page.flush();
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有权限进行此操作' }));
  });

  it('checks in an absent member by proxy with a reason', async () => {
    let proxied = false;
    const page = track(
      await loadPage('staff/pages/events/attendance/index', {
        query: { id: demoEvent.id },
        stub: {
          'auth.me': ok(demoGridLeader),
          'events.attendance': () => ok(proxied ? attendanceReply({ attended: 3, absentRows: [] }) : attendanceReply()),
          'events.proxyCheckin': () => ((proxied = true), ok({ ...checkinResult({ memberId: 'm0005', proxy: { byName: '赵明', reason: '手机没电' } }), memberName: '李建华' })),
        },
      }),
    );
    await page.tap('.absent-m0005');
    page.invoke('onConfirmProxy');
    await page.flush();
    expect(page.text()).toContain('请填写代签原因');
    expect(page.backend!.calls.some((c) => c.action === 'proxyCheckin')).toBe(false);
    await page.tap('.quick-1');
    page.invoke('onConfirmProxy');
    await page.flush();
    await page.flush();
    expect(page.backend!.calls.find((c) => c.action === 'proxyCheckin')?.payload).toEqual({ eventId: demoEvent.id, memberId: 'm0005', reason: '手机没电' });
    expect(page.text()).toContain('应到党员都已签到');
  });

  it('shows the refusal of a proxy check-in in the dialog', async () => {
    const page = track(
      await loadPage('staff/pages/events/attendance/index', {
        query: { id: demoEvent.id },
        stub: { 'events.attendance': ok(attendanceReply()), 'events.proxyCheckin': fail('FORBIDDEN', { message: '没有权限进行此操作' }) },
      }),
    );
    await page.tap('.absent-m0005');
    await page.tap('.quick-0');
    page.invoke('onConfirmProxy');
    await page.flush();
    expect(page.instance.data.proxy).toMatchObject({ visible: true, error: '没有权限进行此操作' });
  });

  it('exports to Excel and opens the file', async () => {
    const page = track(
      await loadPage('staff/pages/events/attendance/index', {
        query: { id: demoEvent.id },
        stub: { 'events.attendance': ok(attendanceReply()), 'files.attendance.export': ok({ url: 'http://127.0.0.1:3210/storage/exports/a.xlsx?t=1&sign=x', fileID: 'cloud://x/exports/a.xlsx' }) },
      }),
    );
    await page.tap('#export-btn');
    expect(wx.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://127.0.0.1:3210/storage/exports/a.xlsx?t=1&sign=x' }));
    expect(wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: '/tmp/a.xlsx', fileType: 'xlsx' }));
  });
});

describe('活动管理 and 月度奉献日', () => {
  it('lists the events the staff member organizes with counts, and creates one', async () => {
    const page = track(
      await loadPage('staff/pages/events/manage/index', { stub: { 'auth.me': ok(demoSecretary), 'events.list': ok({ items: [listItem(demoEvent, { checkedIn: 12 })], nextOffset: null }) } }),
    );
    expect(page.backend!.calls.find((c) => c.action === 'list')?.payload).toMatchObject({ view: 'managed' });
    expect(page.text()).toContain('已签到 12 人');
    await page.tap('#create-btn');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/events/create/index' });
    await page.tap(`.event-${demoEvent.id}`);
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/pages/events/detail/index?id=${demoEvent.id}` });
  });

  const month: DedicationMonthResult = {
    branchId: 'b01',
    branchName: '青年路社区党支部',
    month: '2026-12',
    date: '2026-12-06',
    events: [{ id: demoEvent.id, title: '12月党员奉献日', startAt: demoEvent.startAt, attended: 1 }],
    members: 3,
    served: 2,
    hours: 3.5,
    rows: [
      { memberId: 'm0004', name: '陈刚', served: true, viaEvent: true, viaLog: false, pendingLogs: 0, hours: 2, photoUrls: [] },
      { memberId: 'm0005', name: '李建华', served: true, viaEvent: false, viaLog: true, pendingLogs: 0, hours: 1.5, photoUrls: ['http://127.0.0.1:3210/storage/evidence/p.jpg'] },
      { memberId: 'm0006', name: '王晓燕', served: false, viaEvent: false, viaLog: false, pendingLogs: 1, hours: 0, photoUrls: [] },
    ],
  };

  it('shows who served this month and who did not, and saves the dedication day', async () => {
    const page = track(
      await loadPage('staff/pages/events/dedication/index', {
        query: { month: '2026-12' },
        stub: { 'auth.me': ok(demoSecretary), 'events.dedication.month': ok(month), 'events.dedication.config': ok({ branchId: 'b01', day: 6, nextDate: '2026-12-06' }) },
      }),
    );
    expect(page.backend!.calls.find((c) => c.action === 'dedication.month')?.payload).toEqual({ month: '2026-12', branchId: 'b01' });
    expect(page.text()).toContain('已服务 2 / 3 人');
    expect(page.text()).toContain('参加集中服务');
    expect(page.text()).toContain('自行服务（已审核）');
    expect(page.find('.not-served-m0006')).toBeDefined();
    expect(page.text()).toContain('有 1 条登记待审核');
    await page.tap('#save-day');
    expect(page.backend!.calls.find((c) => c.action === 'dedication.config')?.payload).toEqual({ branchId: 'b01', day: 6 });
  });
});
