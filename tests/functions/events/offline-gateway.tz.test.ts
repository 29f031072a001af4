import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventView } from '../../../core/contracts/events';
import { chinaTime } from '../../../core/domain/time';
import { events } from '../../../core/functions/events';
import { fixedClock } from '../../../core/runtime/clock';
import { startGateway, type Gateway } from '../../../emulator/gateway/server';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { devIdentities } from '../../../scripts/seed/identities';
import { startTestCloud } from '../../support/cloud';
import { bindMembers, creditsOf, SECRETARY_B01, tokenAt } from './helpers';

/**
 * A forwarded screenshot of the check-in QR, through the gateway as a phone sends it: an
 * "offline" scan with the screenshot's token and a scan time the phone claims. It used to be
 * accepted for 72 hours and credited at once; now it is refused after check-in closes plus the
 * event's grace, and within it waits for staff and credits nothing until confirmed.
 */
const at = (wall: string) => chinaTime(`2026-12-06 ${wall}`);
const clock = fixedClock(at('09:05:00'));
let cloud: LocalCloud;
let gw: Gateway;
let ev: EventView;
let late: string;
let pending: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  gw = await startGateway({ cloud, functions: { events: events({ clock, log: { error: () => undefined, info: () => undefined } }) as never }, identities: () => devIdentities(cloud.store) });
  [late, pending] = await bindMembers(cloud, ['m0016', 'm0017']);
  // 09:00–11:00 with the defaults: check-in closes 11:30, queued scans are taken until 12:00
  const r = await post(SECRETARY_B01, { action: 'create', type: 'meeting', title: '党员大会', orgId: 'b01', startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString() });
  ev = (r as { data: { event: EventView } }).data.event;
});
afterAll(async () => {
  await gw.close();
  await cloud.close();
});

async function post(openid: string, body: Record<string, unknown>): Promise<{ ok: boolean; code?: string; data?: unknown }> {
  const r = await fetch(`${gw.url}/fn/events`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-openid': openid } });
  return (await r.json()) as { ok: boolean; code?: string; data?: unknown };
}

describe('a check-in QR screenshot forwarded to a chat, sent through the gateway', () => {
  it('is refused once check-in has closed plus the grace, crediting and recording no attendance', async () => {
    clock.set(at('12:00:01'));
    const r = await post(late, { action: 'checkin', token: tokenAt(cloud, ev.id, at('09:10:00')), scannedAt: at('09:10:00').toISOString() });
    expect(r).toMatchObject({ ok: false, code: 'CHECKIN_OFFLINE_TOO_LATE' });
    expect(creditsOf(cloud, 'm0016')).toMatchObject({ entries: 0, checkins: 0, eval: 0 });
  });

  it('within the grace waits for staff: no points until the secretary confirms it, then exactly once', async () => {
    clock.set(at('11:50:00'));
    const r = await post(pending, { action: 'checkin', token: tokenAt(cloud, ev.id, at('09:20:00')), scannedAt: at('09:20:00').toISOString() });
    expect(r).toMatchObject({ ok: true, data: { review: 'pending' } });
    expect(creditsOf(cloud, 'm0017')).toMatchObject({ entries: 0, eval: 0 });
    expect(await post(pending, { action: 'offline.confirm', eventId: ev.id, all: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await post(SECRETARY_B01, { action: 'offline.confirm', eventId: ev.id, memberIds: ['m0017'] })).toMatchObject({ ok: true });
    expect(await post(SECRETARY_B01, { action: 'offline.confirm', eventId: ev.id, memberIds: ['m0017'] })).toMatchObject({ ok: true });
    expect(creditsOf(cloud, 'm0017').entries).toBe(1);
  });
});
