import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CheckinResult, EventsGetResult, EventsListResult, EventsQrResult, EventView } from '../../../core/contracts/events';
import { STEP_MS, stepOf } from '../../../core/domain/events/token';
import { chinaTime } from '../../../core/domain/time';
import { events } from '../../../core/functions/events';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { bindMembers, createEvent, creditDelta, eventDoc, NOTHING, SECRETARY_B01 } from './helpers';

const NOW = chinaTime('2026-12-06 09:00:04');
const at = (wall: string) => chinaTime(`2026-12-06 ${wall}`);
const clock = fixedClock(NOW);
let cloud: LocalCloud;
let call: Call;
let ev: EventView;

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, events({ clock, log: { error: () => undefined, info: () => undefined } }));
  await bindMembers(cloud, ['m0004', 'm0005', 'm0006', 'm0026', 'm0027']);
  ev = await createEvent(call, { startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString(), place: { name: '青年路社区党群服务中心' } });
});
afterAll(() => cloud.close());

describe('events.create', () => {
  it('snapshots the type default rule, keeps the secret server-side and audits', () => {
    expect(ev).toMatchObject({
      type: 'dedication',
      orgId: 'b01',
      scopeOrgId: 'b01',
      scopeName: '青年路社区党支部',
      rule: { code: 'DEDICATION_DAY', evalPoints: 5, redeemPoints: 5 },
      hoursRule: null,
      checkoutRequired: false,
      status: 'open',
      opensAt: at('08:30:00').toISOString(),
      closesAt: at('11:30:00').toISOString(),
    });
    expect(ev.id).toMatch(/^[0-9A-Z]{10}$/);
    expect(JSON.stringify(ev)).not.toContain(eventDoc(cloud, ev.id).secret);
    expect(eventDoc(cloud, ev.id).rule).toMatchObject({ _id: 'DEDICATION_DAY@1', version: 1, caps: { month: 1 } });
    expect(cloud.store.count('audit', { action: 'events.create', targetId: ev.id })).toBe(1);
  });

  it('answers a retry with the same requestId with the first event', async () => {
    const input = { action: 'create', type: 'meeting', title: '支部委员会', orgId: 'b01', startAt: at('14:00:00').toISOString(), endAt: at('15:00:00').toISOString(), requestId: 'req-create-0001' };
    const a = expectOk(await call<{ event: EventView; duplicate: boolean }>(SECRETARY_B01, input));
    const b = expectOk(await call<{ event: EventView; duplicate: boolean }>(SECRETARY_B01, input));
    expect([a.duplicate, b.duplicate]).toEqual([false, true]);
    expect(b.event.id).toBe(a.event.id);
    expect(await call(SECRETARY_B01, { ...input, title: '别的会' })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    ['a plain member', 'demo-member-b01', {}, 'FORBIDDEN'],
    ['the secretary of another branch', 'demo-secretary-b02', {}, 'FORBIDDEN'],
    ['a scope outside the organizing org', SECRETARY_B01, { scopeOrgId: 'b02' }, 'INVALID_INPUT'],
    ['an end before the start', SECRETARY_B01, { endAt: at('08:00:00').toISOString() }, 'INVALID_INPUT'],
    ['a rule that is not for check-in', SECRETARY_B01, { ruleCode: 'VANGUARD' }, 'INVALID_INPUT'],
    ['an unknown rule', SECRETARY_B01, { ruleCode: 'NO_SUCH_RULE' }, 'RULE_INACTIVE'],
    ['an hours rule without check-out', SECRETARY_B01, { type: 'volunteer', checkoutRequired: false, hoursRuleCode: 'VOLUNTEER_HOUR' }, 'INVALID_INPUT'],
  ])('refuses %s', async (_n, who, over, code) => {
    const r = await call(who, { action: 'create', type: 'dedication', title: 'x', orgId: 'b01', startAt: at('09:00:00').toISOString(), endAt: at('10:00:00').toISOString(), ...over });
    expect(r).toMatchObject({ ok: false, code });
  });

  it('lets a town admin organize for one branch of the town', async () => {
    const e = await createEvent(
      call,
      { type: 'themeDay', title: '街道主题党日', orgId: 't1', scopeOrgId: 'b01', startAt: at('09:00:00').toISOString(), endAt: at('10:00:00').toISOString() },
      'demo-admin-t1',
    );
    expect(e).toMatchObject({ orgId: 't1', scopeOrgId: 'b01', rule: { code: 'ACTIVITY_DAY' } });
  });
});

describe('events.qr', () => {
  it('gives the organizing staff the current token, the time to the next step and the live count', async () => {
    const q = expectOk(await call<EventsQrResult>(SECRETARY_B01, { action: 'qr', eventId: ev.id }));
    expect(q).toMatchObject({ eventId: ev.id, step: stepOf(NOW), stepSeconds: 15, window: 'open', checkedIn: 0, checkedOut: null, serverTime: NOW.toISOString() });
    expect(q.refreshInMs).toBe(STEP_MS - (+NOW % STEP_MS));
    expect(q.token.length).toBeLessThanOrEqual(40);
    expect(JSON.stringify(q)).not.toContain(eventDoc(cloud, ev.id).secret);
    expectOk(await call<CheckinResult>('t-m0004', { action: 'checkin', token: q.token }));
    expect(expectOk(await call<EventsQrResult>(SECRETARY_B01, { action: 'qr', eventId: ev.id })).checkedIn).toBe(1);
  });

  it('rotates every 15 s', async () => {
    const a = expectOk(await call<EventsQrResult>(SECRETARY_B01, { action: 'qr', eventId: ev.id }));
    clock.advance(STEP_MS);
    try {
      const b = expectOk(await call<EventsQrResult>(SECRETARY_B01, { action: 'qr', eventId: ev.id }));
      expect(b.step).toBe(a.step + 1);
      expect(b.token).not.toBe(a.token);
    } finally {
      clock.set(NOW);
    }
  });

  it.each([
    ['a plain member of the branch', 'demo-member-b01'],
    ['a grid leader of a group (not of the organizing branch)', 'demo-grid-b01g2'],
    ['the secretary of another branch', 'demo-secretary-b02'],
  ])('is refused to %s', async (_n, who) => {
    expect(await call(who, { action: 'qr', eventId: ev.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('events.list and events.get', () => {
  it('lists for a member the events of their scope with their own check-in, and only those', async () => {
    const mine = expectOk(await call<EventsListResult>('t-m0004', { action: 'list', view: 'mine' }));
    const item = mine.items.find((i) => i.id === ev.id);
    expect(item?.my).toMatchObject({ memberId: 'm0004', points: { eval: 5, redeem: 5 } });
    const b02 = expectOk(await call<EventsListResult>('demo-member-b02', { action: 'list', view: 'mine' }));
    expect(b02.items.find((i) => i.id === ev.id)).toBeUndefined();
  });

  it('lists for staff the events they organize, with counts; a plain member may not', async () => {
    const managed = expectOk(await call<EventsListResult>(SECRETARY_B01, { action: 'list', view: 'managed', from: '2026-12-06', to: '2026-12-06' }));
    expect(managed.items.find((i) => i.id === ev.id)?.checkedIn).toBe(1);
    expect(await call('demo-member-b01', { action: 'list', view: 'managed' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('shows an event to its members and staff, NOT_FOUND to others', async () => {
    expect(expectOk(await call<EventsGetResult>('t-m0004', { action: 'get', eventId: ev.id }))).toMatchObject({ canManage: false, checkedIn: null, my: { memberId: 'm0004' } });
    expect(expectOk(await call<EventsGetResult>(SECRETARY_B01, { action: 'get', eventId: ev.id }))).toMatchObject({ canManage: true, checkedIn: 1 });
    expect(await call('demo-member-b02', { action: 'get', eventId: ev.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('events.proxyCheckin', () => {
  // m0005 is in b01g2 (members are spread i % 3 over the groups); demo-grid-b01g2 leads that group
  it('lets a grid leader check in a member of their group with a reason: credited, shown as proxy, audited', async () => {
    const d = await creditDelta(cloud, 'm0005', async () => {
      const r = expectOk(await call<CheckinResult>('demo-grid-b01g2', { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0005', reason: '老党员未带手机' }));
      expect(r).toMatchObject({ proxy: { reason: '老党员未带手机' }, offline: false, points: { eval: 5, redeem: 5 } });
    });
    expect(d).toEqual({ entries: 1, checkins: 1, eval: 5, redeem: 5 });
    const leader = (cloud.store.find('members', { openid: 'demo-grid-b01g2' }, { limit: 1 })[0] as { _id: string })._id;
    expect(cloud.store.getById('ledger', `chk:${ev.id}:m0005`)).toMatchObject({ actorId: leader });
    expect(cloud.store.find('audit', { action: 'events.proxyCheckin', targetId: 'm0005' }, { limit: 5 })).toEqual([
      expect.objectContaining({ actorId: leader, role: 'gridLeader', reason: '老党员未带手机' }),
    ]);
  });

  it('answers the same request repeated with the first result; another staff member gets ALREADY_CHECKED_IN', async () => {
    expect(expectOk(await call<CheckinResult>('demo-grid-b01g2', { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0005', reason: '老党员未带手机' })).already).toBe(true);
    expect(await call(SECRETARY_B01, { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0005', reason: '补签' })).toMatchObject({ ok: false, code: 'ALREADY_CHECKED_IN' });
    expect(await call(SECRETARY_B01, { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0004', reason: '补签' })).toMatchObject({ ok: false, code: 'ALREADY_CHECKED_IN' });
  });

  it('refuses a grid leader for a member of another group, a plain member, a missing reason', async () => {
    // m0006 is in b01g3
    const d = await creditDelta(cloud, 'm0006', async () => {
      expect(await call('demo-grid-b01g2', { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0006', reason: '代签' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await call('demo-member-b01', { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0006', reason: '代签' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await call(SECRETARY_B01, { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0006' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'reason' });
      expect(await call(SECRETARY_B01, { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0006', reason: '   ' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    });
    expect(d).toEqual(NOTHING);
  });

  it('refuses outside the window and for a member outside the scope', async () => {
    clock.set(at('11:31:00'));
    try {
      expect(await call(SECRETARY_B01, { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0006', reason: '补签' })).toMatchObject({ ok: false, code: 'CHECKIN_OUT_OF_WINDOW' });
    } finally {
      clock.set(NOW);
    }
    // m0026 is the first member of b02, outside b01's scope and the b01 secretary's reach
    expect(await call(SECRETARY_B01, { action: 'proxyCheckin', eventId: ev.id, memberId: 'm0026', reason: '补签' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const t1 = await createEvent(call, { type: 'themeDay', title: 'b02 主题党日', orgId: 'b02', startAt: at('09:00:00').toISOString(), endAt: at('10:00:00').toISOString() }, 'demo-secretary-b02');
    expect(await call(SECRETARY_B01, { action: 'proxyCheckin', eventId: t1.id, memberId: 'm0006', reason: '补签' })).toMatchObject({ ok: false, code: 'CHECKIN_NOT_IN_SCOPE' });
  });
});

describe('events.close', () => {
  it('cancels: every later scan is refused, the QR is refused, and it is audited; a plain member may not', async () => {
    const e = await createEvent(call, { type: 'meeting', title: '临时取消的会', startAt: at('09:00:00').toISOString(), endAt: at('10:00:00').toISOString() });
    expect(await call('demo-member-b01', { action: 'close', eventId: e.id, status: 'cancelled' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(expectOk(await call(SECRETARY_B01, { action: 'close', eventId: e.id, status: 'cancelled', reason: '天气原因' }))).toMatchObject({ status: 'cancelled' });
    expect(await call(SECRETARY_B01, { action: 'close', eventId: e.id, status: 'closed' })).toMatchObject({ ok: false, code: 'EVENT_NOT_OPEN' });
    expect(await call(SECRETARY_B01, { action: 'qr', eventId: e.id })).toMatchObject({ ok: false, code: 'EVENT_NOT_OPEN' });
    expect(cloud.store.count('audit', { action: 'events.cancel', targetId: e.id })).toBe(1);
  });
});
