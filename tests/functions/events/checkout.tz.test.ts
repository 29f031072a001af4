import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CheckinResult, EventView } from '../../../core/contracts/events';
import { capKey } from '../../../core/domain/points/ledger';
import { chinaTime } from '../../../core/domain/time';
import { events } from '../../../core/functions/events';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { bindMembers, createEvent, creditDelta, NOTHING, rejections, tokenAt } from './helpers';

// A volunteer service morning, 09:00–12:00 China time: VOLUNTEER_HOUR (1 eval + 2 redeem per hour, caps 8/day, 40/month).
const at = (wall: string) => chinaTime(`2026-11-07 ${wall}`);
const clock = fixedClock(at('08:50:00'));
let cloud: LocalCloud;
let call: Call;
let ev: EventView;
const quiet = { error: () => undefined, info: () => undefined };

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, events({ clock, log: quiet }));
  await bindMembers(cloud, ['m0004', 'm0005', 'm0006', 'm0007', 'm0008', 'm0009']);
  ev = await createEvent(call, { type: 'volunteer', title: '社区志愿服务', startAt: at('09:00:00').toISOString(), endAt: at('12:00:00').toISOString(), lateMinutes: 30 });
});
afterAll(() => cloud.close());

async function checkinAt(openid: string, wall: string): Promise<CheckinResult> {
  clock.set(at(wall));
  return expectOk(await call<CheckinResult>(openid, { action: 'checkin', token: tokenAt(cloud, ev.id, at(wall)) }));
}
function checkoutAt(openid: string, wall: string, extra: Record<string, unknown> = {}) {
  clock.set(at(wall));
  return call<CheckinResult>(openid, { action: 'checkout', token: tokenAt(cloud, ev.id, at(wall)), ...extra });
}

describe('volunteer hours at check-out', () => {
  it('takes the type defaults: attendance at check-in, the hours rule at check-out', () => {
    expect(ev).toMatchObject({ checkoutRequired: true, rule: null, hoursRule: { code: 'VOLUNTEER_HOUR', evalPoints: 1, redeemPoints: 2 } });
  });

  it('credits whole hours served inside the window once: in 08:50, out 11:40 is 2 h 40 min → 2 hours', async () => {
    const d = await creditDelta(cloud, 'm0004', async () => {
      const i = await checkinAt('t-m0004', '08:50:00');
      expect(i.points).toEqual({ eval: 0, redeem: 0 });
      const o = expectOk(await checkoutAt('t-m0004', '11:40:00'));
      expect(o).toMatchObject({ already: false, minutes: 160, hours: 2, creditedHours: 2, hoursPoints: { eval: 2, redeem: 4 }, checkoutAt: at('11:40:00').toISOString() });
    });
    expect(d).toEqual({ entries: 1, checkins: 1, eval: 2, redeem: 4 });
    expect(cloud.store.getById('ledger', `hrs:${ev.id}:m0004`)).toMatchObject({ ruleCode: 'VOLUNTEER_HOUR', units: 2, source: { type: 'checkout', id: ev.id }, eval: 2, redeem: 4 });
  });

  it('answers a second check-out with the first and credits nothing more', async () => {
    const d = await creditDelta(cloud, 'm0004', async () => {
      const again = expectOk(await checkoutAt('t-m0004', '12:10:00'));
      expect(again).toMatchObject({ already: true, hours: 2, checkoutAt: at('11:40:00').toISOString() });
    });
    expect(d).toEqual(NOTHING);
  });

  it('credits once for 10 concurrent check-outs', async () => {
    await checkinAt('t-m0005', '09:00:00');
    clock.set(at('12:00:00'));
    const token = tokenAt(cloud, ev.id, at('12:00:00'));
    const d = await creditDelta(cloud, 'm0005', async () => {
      const rs = (await Promise.all(Array.from({ length: 10 }, () => call<CheckinResult>('t-m0005', { action: 'checkout', token })))).map(expectOk);
      expect(rs.filter((r) => !r.already)).toHaveLength(1);
      expect(new Set(rs.map((r) => r.hours))).toEqual(new Set([3]));
    });
    expect(d).toMatchObject({ entries: 1, eval: 3, redeem: 6 });
  });

  it('caps hours by the window: out after the end counts up to the end', async () => {
    await checkinAt('t-m0006', '10:00:00');
    expect(expectOk(await checkoutAt('t-m0006', '12:25:00'))).toMatchObject({ minutes: 120, hours: 2 });
  });

  it('trims the credit to what the day cap still allows', async () => {
    // 7 of the 8 daily VOLUNTEER_HOUR units already used today
    const key = capKey('VOLUNTEER_HOUR', 'day', at('09:00:00'));
    const bal = cloud.store.getById('balances', 'm0007');
    if (bal) await cloud.store.updateById('balances', 'm0007', { $set: { [`caps.${key}`]: 7 } }).durable;
    else await cloud.store.insert('balances', [{ _id: 'm0007', memberId: 'm0007', ancestors: [], eval: 0, redeem: 0, entries: 0, caps: { [key]: 7 }, updatedAt: at('00:00:00') }]).durable;
    await checkinAt('t-m0007', '09:00:00');
    expect(expectOk(await checkoutAt('t-m0007', '12:00:00'))).toMatchObject({ hours: 3, creditedHours: 1, hoursPoints: { eval: 1, redeem: 2 } });
  });

  it('refuses a check-out without a check-in (NOT_CHECKED_IN, recorded) and credits nothing', async () => {
    const d = await creditDelta(cloud, 'm0008', async () => {
      expect(await checkoutAt('t-m0008', '11:00:00')).toMatchObject({ ok: false, code: 'NOT_CHECKED_IN' });
    });
    expect(d).toEqual(NOTHING);
    expect(rejections(cloud, 'm0008')).toEqual([{ code: 'NOT_CHECKED_IN', eventId: ev.id }]);
  });

  it('gives no hours for less than one hour', async () => {
    await checkinAt('t-m0009', '11:05:00');
    const d = await creditDelta(cloud, 'm0009', async () => {
      expect(expectOk(await checkoutAt('t-m0009', '12:00:00'))).toMatchObject({ minutes: 55, hours: 0, creditedHours: 0, hoursPoints: null });
    });
    expect(d).toEqual(NOTHING);
  });

  it('refuses a check-out at an event without check-out', async () => {
    clock.set(at('09:00:00'));
    const meeting = await createEvent(call, { type: 'meeting', title: '支委会', startAt: at('09:00:00').toISOString(), endAt: at('10:00:00').toISOString() });
    expect(await call('t-m0009', { action: 'checkout', token: tokenAt(cloud, meeting.id, at('09:00:00')) })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});
