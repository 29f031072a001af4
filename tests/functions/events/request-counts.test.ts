import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventView } from '../../../core/contracts/events';
import { chinaTime } from '../../../core/domain/time';
import { events } from '../../../core/functions/events';
import { fixedClock } from '../../../core/runtime/clock';
import type { Main } from '../../../core/runtime/router';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, startTestCloud } from '../../support/cloud';
import { bindMembers, createEvent, SECRETARY_B01, tokenAt } from './helpers';

/**
 * Database requests per events action, as each use case's header comment states them, counted
 * by the local cloud for one invocation through the real SDK (every request the SDK sends,
 * transaction start and commit included). The clock is frozen on the b01 dedication day.
 */
const at = (wall: string) => chinaTime(`2026-12-06 ${wall}`);
const clock = fixedClock(at('09:05:00'));
let cloud: LocalCloud;
let main: Main;
let ev: EventView;
let duty: EventView;
let service: EventView;
let photo: string;

beforeAll(async () => {
  // the event cache on (its default), so "warm" means what it does on CloudBase
  cloud = await startTestCloud();
  main = events({ clock, log: { error: () => undefined, info: () => undefined } });
  await bindMembers(cloud, ['m0004', 'm0005', 'm0006', 'm0007', 'm0008', 'm0009', 'm0010', 'm0011']);
  const call = caller(cloud, main);
  ev = await createEvent(call, { startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString() });
  duty = await createEvent(call, { type: 'gridDuty', title: '网格值守', startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString() });
  photo = cloud.storage.put('evidence/m0004/service.jpg', Buffer.from('jpeg bytes'));
  service = await createEvent(call, { type: 'volunteer', title: '志愿服务', startAt: at('08:00:00').toISOString(), endAt: at('12:00:00').toISOString() });
});
afterAll(() => cloud.close());

async function requests(openid: string, event: Record<string, unknown>): Promise<number> {
  const r = await cloud.invoke<{ ok: boolean; code?: string; message?: string }>(main as never, event, { openid });
  if (!r.result.ok && !String(event.token ?? '').startsWith('NOT')) throw new Error(`${String(event.action)}: ${r.result.code} ${r.result.message}`);
  return r.dbRequests;
}
const scan = (memberId: string, event: EventView, extra: Record<string, unknown> = {}) => requests(`t-${memberId}`, { action: 'checkin', token: tokenAt(cloud, event.id, clock.now()), ...extra });

describe('events.checkin', () => {
  it('costs 7 for the first credited scan of an event on an instance (the event read), 6 once the event is cached: the caller and one transaction of 5', async () => {
    expect(await scan('m0004', ev)).toBe(7);
    expect(await scan('m0005', ev)).toBe(6);
  });

  it('costs 7 for a repeated scan: the caller, the transaction that finds the key taken (start, balance, add, abort), the check-in read back (entry and document)', async () => {
    expect(await scan('m0005', ev)).toBe(7);
  });

  it('costs 2 at an event without a rule (the caller, the check-in add) once the event is cached', async () => {
    await scan('m0004', duty);
    expect(await scan('m0005', duty)).toBe(2);
  });

  it('costs 3 for an offline scan kept for review at an event with a rule (the caller, the entry read, the add), 2 for a refused scan', async () => {
    expect(await scan('m0006', ev, { token: tokenAt(cloud, ev.id, at('09:01:00')), scannedAt: at('09:01:00').toISOString() })).toBe(3);
    expect(await requests('t-m0006', { action: 'checkin', token: 'NOT-A-CODE' })).toBe(2);
  });
});

describe('the other actions', () => {
  it.each<[string, string, () => Record<string, unknown>, number]>([
    [
      'create (caller, orgs, rules, transaction of 4) = 7',
      SECRETARY_B01,
      () => ({ action: 'create', type: 'meeting', title: '支委会', orgId: 'b01', startAt: at('09:00:00').toISOString(), endAt: at('10:00:00').toISOString() }),
      7,
    ],
    ['qr (caller, event, count) = 3', SECRETARY_B01, () => ({ action: 'qr', eventId: ev.id }), 3],
    ['get by staff in the scope (caller, event, own check-in: entry and document, count) = 5', SECRETARY_B01, () => ({ action: 'get', eventId: ev.id }), 5],
    ['get by a member (caller, event, own check-in: entry and document) = 4', 't-m0004', () => ({ action: 'get', eventId: ev.id }), 4],
    ['list mine (caller, events, own check-ins: entries and documents) = 4', 't-m0004', () => ({ action: 'list' }), 4],
    ['list managed (caller, events, one count per store) = 4', SECRETARY_B01, () => ({ action: 'list', view: 'managed' }), 4],
    [
      'proxyCheckin (caller, member target, event and member, transaction of 6 with the audit) = 9',
      SECRETARY_B01,
      () => ({ action: 'proxyCheckin', eventId: ev.id, memberId: 'm0007', reason: '未带手机' }),
      9,
    ],
    ['attendance of an event (caller, event, entries, documents, members, branch names) = 6', SECRETARY_B01, () => ({ action: 'attendance', kind: 'event', eventId: ev.id }), 6],
    ['offline.confirm of one check-in (caller, event, transaction of 9) = 11', SECRETARY_B01, () => ({ action: 'offline.confirm', eventId: ev.id, memberIds: ['m0006'] }), 11],
    ['offline.confirm with nothing pending (caller, event, the two pending reads) = 4', SECRETARY_B01, () => ({ action: 'offline.confirm', eventId: ev.id, all: true }), 4],
    ['dedication.config (caller, branch target, branch, transaction of 4) = 6', SECRETARY_B01, () => ({ action: 'dedication.config', branchId: 'b01', day: 7 }), 6],
    ['dedication.month (caller, branch, members, events, logs, entries and documents) = 7', SECRETARY_B01, () => ({ action: 'dedication.month', branchId: 'b01', month: '2026-12' }), 7],
    [
      'dedication.log (caller, rule, balance, transaction of 4) = 7',
      't-m0004',
      () => ({ action: 'dedication.log', date: '2026-12-05', place: '青年路小游园', content: '清理绿地垃圾', hours: 1, photos: [photo] }),
      7,
    ],
  ])('%s', async (_name, who, input, count) => {
    expect(await requests(who, input())).toBe(count);
  });

  it('offline.refuse of one scan: caller, event, transaction of 5 (start, document, update, audit, commit) = 7', async () => {
    await scan('m0008', ev, { token: tokenAt(cloud, ev.id, at('09:02:00')), scannedAt: at('09:02:00').toISOString() });
    expect(await requests(SECRETARY_B01, { action: 'offline.refuse', eventId: ev.id, memberIds: ['m0008'] })).toBe(7);
  });

  it('checkout crediting hours at an event without a check-in rule: caller 1 + transaction of 8 (check-in, balance, the entry’s 3, check-in write) = 9 warm', async () => {
    await scan('m0009', service);
    clock.set(at('11:30:00'));
    try {
      expect(await requests('t-m0009', { action: 'checkout', token: tokenAt(cloud, service.id, clock.now()) })).toBe(9);
    } finally {
      clock.set(at('09:05:00'));
    }
  });

  it('close (caller, event, transaction of 4) = 6', async () => {
    expect(await requests(SECRETARY_B01, { action: 'close', eventId: duty.id, status: 'closed' })).toBe(6);
  });

  it('dedicationReminder: the job, one page of branches, 3 per branch of up to 100 bound members, the job written; later firings 1', async () => {
    // b01's day is now the 7th (above): at 20:00 on the 6th, tomorrow is the 7th
    const branches = cloud.store.count('orgs', { type: 'branch', dedicationDay: 7 });
    clock.set(chinaTime('2026-12-06 20:00:00'));
    try {
      const r = await cloud.fireTimer<{ ok: boolean }>(main as never, 'dedicationReminder', clock.now());
      expect(r.result.ok).toBe(true);
      expect(r.dbRequests).toBe(1 + 1 + 3 * branches + 1);
      // a later firing the same evening: the job read only
      expect((await cloud.fireTimer(main as never, 'dedicationReminder', clock.now())).dbRequests).toBe(1);
    } finally {
      clock.set(at('09:05:00'));
    }
  });
});
