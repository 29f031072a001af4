import { beforeEach, describe, expect, it } from '@jest/globals';
import type { EventsGetResult } from '../../../core/contracts/events';
import type { MemberItem, MembersListResult } from '../../../core/contracts/org';
import { demoGridLeader, demoMember, fail, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { checkinResult, demoEvent } from '../events/events-fixtures';
import { typeInto } from '../points/support';

beforeEach(resetWx);

const got = (over: Partial<EventsGetResult> = {}): EventsGetResult => ({ event: demoEvent, my: null, canManage: false, checkedIn: null, ...over });
const person = (id: string, name: string): MemberItem => ({
  id,
  name,
  phone: '138****0000',
  phoneMasked: true,
  branch: { id: 'b01', name: '青年路社区党支部' },
  group: { id: 'b01g2', name: '第二网格' },
  partyStatus: 'full',
  status: 'active',
  flow: false,
  joinedAt: null,
  bound: false,
  roles: [],
});
const grid: MembersListResult = { items: [person('m0031', '周大爷'), person('m0032', '吴奶奶')], total: 2, nextCursor: null };

describe('代签到 at any event in scope (grid leader)', () => {
  it('the event page offers it to a grid leader even for an event their grid does not organize', async () => {
    const page = await loadPage('pages/events/detail/index', { query: { id: demoEvent.id }, stub: { 'auth.me': ok(demoGridLeader), 'events.get': ok(got()) } });
    expect(page.find('.attendance-link')).toBeUndefined();
    await page.tap('.proxy-link');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/staff/pages/events/attendance/proxy/index?id=${demoEvent.id}` });
  });

  it('is not offered to a plain member', async () => {
    const page = await loadPage('pages/events/detail/index', { query: { id: demoEvent.id }, stub: { 'auth.me': ok(demoMember), 'events.get': ok(got()) } });
    expect(page.find('.proxy-link')).toBeUndefined();
  });

  it('lists the grid’s members and checks one in with a reason', async () => {
    const page = await loadPage('staff/pages/events/attendance/proxy/index', {
      query: { id: demoEvent.id },
      stub: {
        'auth.me': ok(demoGridLeader),
        'events.get': ok(got()),
        'org.members.list': ok(grid),
        'events.proxyCheckin': (p) => ok({ ...checkinResult(), memberName: p.memberId === 'm0031' ? '周大爷' : '吴奶奶' }),
      },
    });
    expect(page.backend!.calls.find((c) => c.action === 'members.list')!.payload).toEqual({ orgId: 'b01g2', status: 'active', limit: 100 });
    expect(page.text()).toContain(demoEvent.title);
    expect(page.text()).toContain('周大爷');
    await page.tap('.member-m0031');
    page.invoke('onConfirm');
    await page.flush();
    expect(page.instance.data.proxy).toMatchObject({ visible: true, error: '请填写代签原因' });
    await typeInto(page, '.f-reason', '年纪大，未带手机');
    page.invoke('onConfirm');
    await page.flush();
    expect(page.backend!.calls.find((c) => c.action === 'proxyCheckin')!.payload).toEqual({ eventId: demoEvent.id, memberId: 'm0031', reason: '年纪大，未带手机' });
    expect((page.instance.data.rows as { id: string; done: boolean }[]).find((r) => r.id === 'm0031')?.done).toBe(true);
    expect(page.text()).toContain('已代签');
  });

  it('shows the server’s refusal (member not in the event’s scope)', async () => {
    const page = await loadPage('staff/pages/events/attendance/proxy/index', {
      query: { id: demoEvent.id },
      stub: {
        'auth.me': ok(demoGridLeader),
        'events.get': ok(got()),
        'org.members.list': ok(grid),
        'events.proxyCheckin': fail('CHECKIN_NOT_IN_SCOPE', { message: '该党员不在本次活动的参加范围内' }),
      },
    });
    await page.tap('.member-m0032');
    await page.tap('.quick-0');
    page.invoke('onConfirm');
    await page.flush();
    expect(page.instance.data.proxy).toMatchObject({ visible: true, error: '该党员不在本次活动的参加范围内' });
  });
});
