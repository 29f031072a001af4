import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { DedicationLogResult, EventsGetResult } from '../../../core/contracts/events';
import { demoMember, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { checkinResult, demoEvent, TOKEN, VOL_TOKEN, volunteerEvent } from './events-fixtures';

const w = wx as unknown as Record<string, unknown>;
type ScanOptions = { success?: (r: { result: string }) => void };
const scanner = (result: string) => (w.scanCode = jest.fn((o: ScanOptions) => o.success?.({ result })));

beforeEach(() => {
  resetWx();
  w.getLocation = jest.fn();
  w.chooseMedia = jest.fn((o: { success?: (r: { tempFiles: { tempFilePath: string; size: number }[] }) => void }) => o.success?.({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg', size: 2048 }] }));
  w.getFileSystemManager = () => ({ readFile: (o: { success?: (r: { data: string }) => void }) => o.success?.({ data: 'QUJD' }) });
});

const got = (over: Partial<EventsGetResult> = {}): EventsGetResult => ({ event: demoEvent, my: null, canManage: false, checkedIn: null, ...over });

describe('活动详情', () => {
  it('shows the event, the points and the member’s status, and checks in from the page (bound to this event)', async () => {
    scanner(TOKEN);
    let done = false;
    const page = await loadPage('pages/events/detail/index', {
      query: { id: demoEvent.id },
      stub: { 'events.get': () => ok(got(done ? { my: checkinResult() } : {})), 'events.checkin': () => ((done = true), ok(checkinResult())) },
    });
    expect(page.text()).toContain('12月6日 09:00–11:00');
    expect(page.text()).toContain('签到得 评价积分 5 · 兑换积分 5');
    expect(page.text()).toContain('未签到');
    expect(page.find('.qr-link')).toBeUndefined();
    await page.tap('#checkin-btn');
    await page.flush();
    expect(page.backend!.calls.find((c) => c.action === 'checkin')?.payload).toEqual({ token: TOKEN, eventId: demoEvent.id });
    expect(page.text()).toContain('签到成功');
    expect(page.text()).toContain('已签到 09:02');
    expect(page.find('#checkin-btn')).toBeUndefined();
  });

  it('shows an offline scan awaiting the organizer as not yet counted, and still lets the member check in in person', async () => {
    const page = await loadPage('pages/events/detail/index', {
      query: { id: demoEvent.id },
      stub: { 'events.get': ok(got({ my: checkinResult({ offline: true, review: 'pending', points: { eval: 0, redeem: 0 } }) })) },
    });
    expect(page.text()).toContain('离线扫码 09:02，待组织者确认后计入出勤和积分');
    expect(page.find('#checkin-btn')).toBeDefined();
  });

  it('offers check-out at a volunteer event once checked in', async () => {
    scanner(VOL_TOKEN);
    const page = await loadPage('pages/events/detail/index', {
      query: { id: volunteerEvent.id },
      stub: {
        'events.get': ok(got({ event: volunteerEvent, my: checkinResult({ eventId: volunteerEvent.id }) })),
        'events.checkout': ok(
          checkinResult({ eventId: volunteerEvent.id, eventTitle: volunteerEvent.title, checkoutAt: '2026-12-06T03:00:00.000Z', hours: 1, creditedHours: 1, hoursPoints: { eval: 1, redeem: 2 } }),
        ),
      },
    });
    expect(page.text()).toContain('每服务 1 小时得');
    expect(page.text()).toContain('离开时请扫码签退');
    await page.tap('#checkout-btn');
    expect(page.backend!.calls.find((c) => c.action === 'checkout')?.payload).toEqual({ token: VOL_TOKEN, eventId: volunteerEvent.id });
    expect(page.text()).toContain('签退成功');
  });

  it('shows a code of another event as invalid', async () => {
    scanner(TOKEN);
    const page = await loadPage('pages/events/detail/index', { query: { id: demoEvent.id }, stub: { 'events.get': ok(got()), 'events.checkin': fail('CHECKIN_TOKEN_INVALID') } });
    await page.tap('#checkin-btn');
    expect(page.text()).toContain('签到码无效');
  });

  it('gives staff the QR and attendance', async () => {
    const page = await loadPage('pages/events/detail/index', { query: { id: demoEvent.id }, stub: { 'auth.me': ok(demoSecretary), 'events.get': ok(got({ canManage: true, checkedIn: 7 })) } });
    expect(page.text()).toContain('已签到 7 人');
    await page.tap('.qr-link');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/staff/pages/events/qr/index?id=${demoEvent.id}` });
  });

  it('says when the event is not for the member', async () => {
    const page = await loadPage('pages/events/detail/index', { query: { id: demoEvent.id }, stub: { 'events.get': fail('NOT_FOUND', { message: '活动不存在或您不在参加范围内' }) } });
    expect(page.text()).toContain('活动不存在或您不在参加范围内');
  });
});

describe('奉献日服务登记', () => {
  const logged: DedicationLogResult = {
    log: {
      id: 'dlabc',
      date: '2026-12-05',
      place: '小区便民点',
      content: '为老人理发',
      hours: 1.5,
      photos: ['cloud://local/evidence/m0005/a.jpg'],
      claimId: 'cabc',
      status: 'pending',
      createdAt: '2026-12-05T08:00:00.000Z',
    },
    duplicate: false,
  };

  it('asks for place, content and a photo before sending', async () => {
    const page = await loadPage('pages/events/dedication-log/index', { stub: { 'auth.me': ok(demoMember) } });
    await page.tap('.submit-btn');
    expect(page.text()).toContain('请填写服务地点');
    expect(page.backend!.calls.some((c) => c.action === 'dedication.log')).toBe(false);
  });

  it('uploads the photos and logs the service for the secretary to review', async () => {
    const page = await loadPage('pages/events/dedication-log/index', {
      stub: { 'auth.me': ok(demoMember), 'points.evidence.upload': ok({ fileID: 'cloud://local/evidence/m0005/a.jpg' }), 'events.dedication.log': ok(logged) },
    });
    page.invoke('onPlace', { detail: { value: '小区便民点' } });
    page.invoke('onContent', { detail: { value: '为老人理发' } });
    page.invoke('onHours', { detail: { value: 1.5 } });
    await page.tap('.add-photo');
    await page.tap('.submit-btn');
    await page.flush();
    const sent = page.backend!.calls.find((c) => c.action === 'dedication.log')!.payload;
    expect(sent).toMatchObject({ place: '小区便民点', content: '为老人理发', hours: 1.5, photos: ['cloud://local/evidence/m0005/a.jpg'] });
    expect(sent.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent.requestId).toEqual(expect.any(String));
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交，等待书记审核' }));
  });

  it('shows the server’s refusal, e.g. the month already logged', async () => {
    const page = await loadPage('pages/events/dedication-log/index', {
      stub: {
        'auth.me': ok(demoMember),
        'points.evidence.upload': ok({ fileID: 'cloud://local/evidence/m0005/a.jpg' }),
        'events.dedication.log': fail('CAP_EXCEEDED', { message: '本月奉献日服务补登已达上限' }),
      },
    });
    page.invoke('onPlace', { detail: { value: '小区' } });
    page.invoke('onContent', { detail: { value: '服务' } });
    await page.tap('.add-photo');
    await page.tap('.submit-btn');
    await page.flush();
    expect(page.text()).toContain('本月奉献日服务补登已达上限');
  });
});
