import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CheckinResult, EventView } from '../../../core/contracts/events';
import { STEP_MS } from '../../../core/domain/events/token';
import { chinaTime } from '../../../core/domain/time';
import { events } from '../../../core/functions/events';
import { fixedClock } from '../../../core/runtime/clock';
import type { Main } from '../../../core/runtime/router';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { bindMembers, createEvent, creditsOf, eventDoc, pendingScans, rejections, SECRETARY_B01, tokenAt, type Credits } from './helpers';

// Runs under TZ=UTC and TZ=Asia/Shanghai, clock frozen: the b01 dedication day, 09:00:07 China time.
const NOW = chinaTime('2026-12-06 09:00:07');
const clock = fixedClock(NOW);
let cloud: LocalCloud;
let main: Main;
let call: Call;
let ev: EventView;
let other: EventView;
let fenced: EventView;
const at = (wall: string) => chinaTime(`2026-12-06 ${wall}`);
// other area seeds may have credited demo members already: assert what check-in added
const baseline = new Map<string, Credits>();
const gained = (memberId: string): Credits => {
  const a = baseline.get(memberId) ?? { entries: 0, checkins: 0, eval: 0, redeem: 0 };
  const b = creditsOf(cloud, memberId);
  return { entries: b.entries - a.entries, checkins: b.checkins - a.checkins, eval: b.eval - a.eval, redeem: b.redeem - a.redeem };
};

beforeAll(async () => {
  cloud = await startTestCloud();
  main = events({ clock, log: { error: () => undefined, info: () => undefined } });
  call = caller(cloud, main);
  await bindMembers(cloud, ['m0004', 'm0005', 'm0006', 'm0007', 'm0008', 'm0009', 'm0010', 'm0011', 'm0012', 'm0013', 'm0014', 'm0015', 'm0016', 'm0017', 'm0018', 'm0019', 'm0020']);
  for (const m of cloud.store.find('members', {}, { limit: 100000 }) as unknown as { _id: string }[]) baseline.set(m._id, creditsOf(cloud, m._id));
  ev = await createEvent(call, { startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString(), earlyMinutes: 30, lateMinutes: 15 });
  other = await createEvent(call, { type: 'meeting', title: '支部党员大会', startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString() });
  fenced = await createEvent(call, {
    type: 'themeDay',
    title: '主题党日',
    startAt: at('09:00:00').toISOString(),
    endAt: at('11:00:00').toISOString(),
    place: { name: '青年路社区党群服务中心' },
    geofence: { lat: 34.75, lng: 113.62, radiusM: 200 },
  });
});
afterAll(() => cloud.close());

const scan = (openid: string, token: string, extra: Record<string, unknown> = {}) => call<CheckinResult>(openid, { action: 'checkin', token, ...extra });

describe('rotating tokens', () => {
  it('accepts the token of the current step and credits the rule once', async () => {
    const r = expectOk(await scan('t-m0004', tokenAt(cloud, ev.id, NOW)));
    expect(r).toMatchObject({ eventId: ev.id, already: false, offline: false, proxy: null, points: { eval: 5, redeem: 5 }, capped: false, at: NOW.toISOString() });
    expect(gained('m0004')).toEqual({ entries: 1, checkins: 1, eval: 5, redeem: 5 });
    const entry = cloud.store.getById('ledger', `chk:${ev.id}:m0004`) as Record<string, unknown>;
    expect(entry).toMatchObject({ ruleCode: 'DEDICATION_DAY', ruleVersion: 1, source: { type: 'checkin', id: ev.id }, actorId: 'm0004' });
  });

  it('accepts the token of the previous step (read just before it rotated)', async () => {
    expectOk(await scan('t-m0005', tokenAt(cloud, ev.id, +NOW - STEP_MS)));
    expect(gained('m0005').entries).toBe(1);
  });

  it.each<[string, () => { openid: string; token: string; extra?: Record<string, unknown> }, string]>([
    ['a token from two steps ago', () => ({ openid: 't-m0006', token: tokenAt(cloud, ev.id, +NOW - 2 * STEP_MS) }), 'CHECKIN_TOKEN_EXPIRED'],
    [
      'a forged signature',
      () => {
        const t = tokenAt(cloud, ev.id, NOW);
        return { openid: 't-m0007', token: `${t.slice(0, -10)}${t.endsWith('0000000000') ? '1111111111' : '0000000000'}` };
      },
      'CHECKIN_TOKEN_INVALID',
    ],
    ["another event's signature under this event's id", () => ({ openid: 't-m0008', token: tokenAt(cloud, other.id, NOW).replace(other.id, ev.id) }), 'CHECKIN_TOKEN_INVALID'],
    ["another event's token scanned from this event's page", () => ({ openid: 't-m0009', token: tokenAt(cloud, other.id, NOW), extra: { eventId: ev.id } }), 'CHECKIN_TOKEN_INVALID'],
    ['a text that is not a check-in code', () => ({ openid: 't-m0010', token: 'https://mp.weixin.qq.com/a/abc' }), 'CHECKIN_TOKEN_INVALID'],
  ])('refuses %s, credits nothing and records the rejection', async (_name, make, code) => {
    const { openid, token, extra } = make();
    const memberId = openid.slice(2);
    expect(await scan(openid, token, extra)).toMatchObject({ ok: false, code });
    expect(gained(memberId)).toEqual({ entries: 0, checkins: 0, eval: 0, redeem: 0 });
    expect(rejections(cloud, memberId).map((r) => r.code)).toEqual([code]);
  });

  it('refuses a token of a closed event with EVENT_NOT_OPEN, after accepting it before the close', async () => {
    const closing = await createEvent(call, { type: 'meeting', title: '党小组会', startAt: at('09:00:00').toISOString(), endAt: at('10:00:00').toISOString() });
    const token = tokenAt(cloud, closing.id, NOW);
    expectOk(await scan('t-m0011', token));
    expectOk(await call(SECRETARY_B01, { action: 'close', eventId: closing.id, status: 'closed', reason: '提前结束' }));
    expect(await scan('t-m0012', token)).toMatchObject({ ok: false, code: 'EVENT_NOT_OPEN' });
    expect(gained('m0012')).toEqual({ entries: 0, checkins: 0, eval: 0, redeem: 0 });
    expect(rejections(cloud, 'm0012')).toEqual([{ code: 'EVENT_NOT_OPEN', eventId: closing.id }]);
    // the QR page stops showing tokens too
    expect(await call(SECRETARY_B01, { action: 'qr', eventId: closing.id })).toMatchObject({ ok: false, code: 'EVENT_NOT_OPEN' });
  });
});

describe('scope, geofence and window', () => {
  it('refuses a member of another branch: nothing credited, rejection recorded', async () => {
    expect(await scan('demo-member-b02', tokenAt(cloud, ev.id, NOW))).toMatchObject({ ok: false, code: 'CHECKIN_NOT_IN_SCOPE' });
    const m = (cloud.store.find('members', { openid: 'demo-member-b02' }, { limit: 1 })[0] as { _id: string })._id;
    expect(gained(m)).toEqual({ entries: 0, checkins: 0, eval: 0, redeem: 0 });
    expect(rejections(cloud, m)).toEqual([{ code: 'CHECKIN_NOT_IN_SCOPE', eventId: ev.id }]);
  });

  it('asks for a location at a geofenced event, refuses one outside the radius, keeps only the distance inside it', async () => {
    const token = tokenAt(cloud, fenced.id, NOW);
    expect(await scan('t-m0013', token)).toMatchObject({ ok: false, code: 'LOCATION_REQUIRED' });
    expect(await scan('t-m0013', token, { location: { lat: 34.76, lng: 113.62, accuracy: 20 } })).toMatchObject({ ok: false, code: 'CHECKIN_OUT_OF_RANGE' });
    expect(gained('m0013')).toEqual({ entries: 0, checkins: 0, eval: 0, redeem: 0 });
    expect(
      rejections(cloud, 'm0013')
        .map((r) => r.code)
        .sort(),
    ).toEqual(['CHECKIN_OUT_OF_RANGE', 'LOCATION_REQUIRED']);
    const inside = expectOk(await scan('t-m0013', token, { location: { lat: 34.7505, lng: 113.62, accuracy: 20 } }));
    expect(inside.distanceM).toBe(56);
    // the check-in rides on its ledger entry (one document written per credited scan)
    const stored = cloud.store.getById('ledger', `chk:${fenced.id}:m0013`) as unknown as { checkin: Record<string, unknown> };
    expect(stored.checkin.distanceM).toBe(56);
    expect(cloud.store.getById('checkins', `chk:${fenced.id}:m0013`)).toBeFalsy();
    expect(JSON.stringify(stored)).not.toMatch(/34\.75|113\.62|lat|lng/);
    expect(JSON.stringify(cloud.store.find('scanRejections', { memberId: 'm0013' }, { limit: 10 }))).not.toMatch(/34\.76|lat|lng/);
  });

  it.each([
    ['before the window opens (start − 30 min)', '08:29:59'],
    ['after the window closes (end + 15 min)', '11:15:01'],
  ])('refuses a scan %s: nothing credited, rejection recorded', async (_name, wall) => {
    const c = fixedClock(at(wall));
    const callAt = caller(cloud, events({ clock: c, log: { error: () => undefined, info: () => undefined } }));
    const r = await callAt<CheckinResult>('t-m0014', { action: 'checkin', token: tokenAt(cloud, ev.id, at(wall)) });
    expect(r).toMatchObject({ ok: false, code: 'CHECKIN_OUT_OF_WINDOW' });
    expect(gained('m0014')).toEqual({ entries: 0, checkins: 0, eval: 0, redeem: 0 });
    expect(rejections(cloud, 'm0014').filter((x) => x.code === 'CHECKIN_OUT_OF_WINDOW').length).toBeGreaterThan(0);
  });

  it('keeps one rejection per member, event, code and 15 s step however often a refused scan is repeated', async () => {
    const stale = tokenAt(cloud, ev.id, +NOW - 5 * STEP_MS);
    for (let i = 0; i < 20; i++) expect(await scan('t-m0015', stale)).toMatchObject({ ok: false, code: 'CHECKIN_TOKEN_EXPIRED' });
    expect(rejections(cloud, 'm0015')).toEqual([{ code: 'CHECKIN_TOKEN_EXPIRED', eventId: ev.id }]);
  });
});

describe('exactly once', () => {
  it('credits once for 30 concurrent scans by the same member, and all 30 answer with the same check-in', async () => {
    const token = tokenAt(cloud, ev.id, NOW);
    const results = await Promise.all(Array.from({ length: 30 }, () => scan('t-m0016', token)));
    const data = results.map(expectOk);
    expect(data.filter((d) => !d.already)).toHaveLength(1);
    expect(new Set(data.map((d) => JSON.stringify({ ...d, already: false })))).toEqual(new Set([JSON.stringify({ ...data[0], already: false })]));
    expect(gained('m0016')).toEqual({ entries: 1, checkins: 1, eval: 5, redeem: 5 });
    expect(rejections(cloud, 'm0016')).toEqual([]);
  });

  it('answers a repeated scan later with the first result and credits nothing more', async () => {
    const first = expectOk(await scan('t-m0017', tokenAt(cloud, ev.id, NOW)));
    clock.advance(40_000);
    try {
      const again = expectOk(await scan('t-m0017', tokenAt(cloud, ev.id, clock.now())));
      expect(again).toMatchObject({ already: true, at: first.at, points: first.points });
    } finally {
      clock.set(NOW);
    }
    expect(gained('m0017')).toEqual({ entries: 1, checkins: 1, eval: 5, redeem: 5 });
  });

  it('leaves no trace when the commit fails, and a retry then credits once', async () => {
    const token = tokenAt(cloud, ev.id, NOW);
    cloud.faults.add({ api: 'database.commitTransaction', fail: true, nth: 1 });
    const r = await scan('t-m0018', token);
    expect(r.ok).toBe(false);
    expect(gained('m0018')).toEqual({ entries: 0, checkins: 0, eval: 0, redeem: 0 });
    expect(expectOk(await scan('t-m0018', token)).already).toBe(false);
    expect(gained('m0018')).toEqual({ entries: 1, checkins: 1, eval: 5, redeem: 5 });
  });

  it('records attendance without points when the rule month cap is already used: an entry of 0 that uses no cap', async () => {
    // m0004 was credited DEDICATION_DAY (cap 1 a month) above; a second dedication event the same month
    const second = await createEvent(call, { title: '奉献日加场', startAt: at('09:00:00').toISOString(), endAt: at('10:00:00').toISOString() });
    const r = expectOk(await scan('t-m0004', tokenAt(cloud, second.id, NOW)));
    expect(r).toMatchObject({ already: false, capped: true, points: { eval: 0, redeem: 0 } });
    expect(gained('m0004')).toEqual({ entries: 2, checkins: 2, eval: 5, redeem: 5 });
    expect(cloud.store.getById('ledger', `chk:${second.id}:m0004`)).toMatchObject({ eval: 0, redeem: 0, units: 0, capKeys: [], checkin: { capped: true } });
    expect(expectOk(await scan('t-m0004', tokenAt(cloud, second.id, NOW)))).toMatchObject({ already: true, capped: true });
    expect(gained('m0004')).toEqual({ entries: 2, checkins: 2, eval: 5, redeem: 5 });
  });

  it('records attendance at an event with no points rule', async () => {
    const duty = await createEvent(call, { type: 'gridDuty', title: '网格值守', startAt: at('09:00:00').toISOString(), endAt: at('10:00:00').toISOString() });
    expect(eventDoc(cloud, duty.id).rule).toBeNull();
    expect(expectOk(await scan('t-m0019', tokenAt(cloud, duty.id, NOW)))).toMatchObject({ points: { eval: 0, redeem: 0 }, capped: false });
    expect(gained('m0019')).toEqual({ entries: 0, checkins: 1, eval: 0, redeem: 0 });
  });
});

describe('offline scans', () => {
  // scanned at 09:01:02 with no signal, sent from the queue at 11:40 when the network came back:
  // check-in closed at 11:15 (end + 15 min), the default grace is 30 minutes, so until 11:45
  const scanned = at('09:01:02');
  const sentAt = (wall: string, run: () => Promise<unknown>) => async () => {
    clock.set(at(wall));
    try {
      await run();
    } finally {
      clock.set(NOW);
    }
  };

  it(
    'keeps a queued scan whose token step matches its scan time for review: offline, at the scan time, nothing credited, not attendance',
    sentAt('11:40:00', async () => {
      const r = expectOk(await scan('t-m0010', tokenAt(cloud, ev.id, scanned), { scannedAt: scanned.toISOString() }));
      expect(r).toMatchObject({ offline: true, review: 'pending', at: scanned.toISOString(), points: { eval: 0, redeem: 0 }, already: false });
      expect(gained('m0010')).toEqual({ entries: 0, checkins: 0, eval: 0, redeem: 0 });
      expect(pendingScans(cloud, 'm0010')).toBe(1);
      expect(cloud.store.getById('checkins', `chk:${ev.id}:m0010`)).toMatchObject({ offline: true, checkinReview: 'pending', at: scanned, receivedAt: at('11:40:00'), entryId: null });
      // sent again from another queue: the same scan, nothing more
      expect(expectOk(await scan('t-m0010', tokenAt(cloud, ev.id, scanned), { scannedAt: scanned.toISOString() }))).toMatchObject({ already: true, review: 'pending' });
      expect(pendingScans(cloud, 'm0010')).toBe(1);
    }),
  );

  it.each<[string, () => Record<string, unknown>, string]>([
    ['a scan time moved 20 minutes later than the token (an old code)', () => ({ token: tokenAt(cloud, ev.id, scanned), scannedAt: at('09:21:02').toISOString() }), 'CHECKIN_TOKEN_EXPIRED'],
    ['a scan time moved earlier than the token', () => ({ token: tokenAt(cloud, ev.id, scanned), scannedAt: at('09:00:30').toISOString() }), 'CHECKIN_TOKEN_INVALID'],
    ['a scan time in the future', () => ({ token: tokenAt(cloud, ev.id, at('11:40:00')), scannedAt: at('11:50:00').toISOString() }), 'CHECKIN_TOKEN_INVALID'],
    ['a scan time after the window with a token of that time', () => ({ token: tokenAt(cloud, ev.id, at('11:20:00')), scannedAt: at('11:20:00').toISOString() }), 'CHECKIN_OUT_OF_WINDOW'],
  ])('refuses %s: nothing kept, rejection recorded', async (_n, make, code) => {
    await sentAt('11:40:00', async () => {
      const input = make();
      expect(await scan('t-m0012', input.token as string, { scannedAt: input.scannedAt })).toMatchObject({ ok: false, code });
      expect(gained('m0012')).toEqual({ entries: 0, checkins: 0, eval: 0, redeem: 0 });
      expect(pendingScans(cloud, 'm0012')).toBe(0);
      expect(rejections(cloud, 'm0012').map((r) => r.code)).toContain(code);
    })();
  });

  it(
    'refuses a queued scan arriving after check-in closed plus the grace with its own code, keeping nothing',
    sentAt('11:45:01', async () => {
      expect(await scan('t-m0013', tokenAt(cloud, ev.id, scanned), { scannedAt: scanned.toISOString() })).toMatchObject({ ok: false, code: 'CHECKIN_OFFLINE_TOO_LATE' });
      expect(pendingScans(cloud, 'm0013')).toBe(0);
      expect(rejections(cloud, 'm0013').map((r) => r.code)).toContain('CHECKIN_OFFLINE_TOO_LATE');
    }),
  );

  it('takes the grace from the event: none at all refuses a scan sent one second after check-in closed', async () => {
    const strict = await createEvent(call, {
      type: 'meeting',
      title: '支部委员会',
      startAt: at('09:00:00').toISOString(),
      endAt: at('10:00:00').toISOString(),
      lateMinutes: 0,
      offlineGraceMinutes: 0,
    });
    expect(strict).toMatchObject({ offlineGraceMinutes: 0, offlineUntil: at('10:00:00').toISOString() });
    const token = tokenAt(cloud, strict.id, at('09:30:00'));
    await sentAt('10:00:01', async () => {
      expect(await scan('t-m0014', token, { scannedAt: at('09:30:00').toISOString() })).toMatchObject({ ok: false, code: 'CHECKIN_OFFLINE_TOO_LATE' });
    })();
    await sentAt('10:00:00', async () => {
      expect(expectOk(await scan('t-m0014', token, { scannedAt: at('09:30:00').toISOString() }))).toMatchObject({ review: 'pending' });
    })();
  });

  it('counts an earlier close by staff: the grace runs from the close', async () => {
    const closing = await createEvent(call, { type: 'meeting', title: '党小组会', startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString() });
    const token = tokenAt(cloud, closing.id, at('09:02:00'));
    await sentAt('09:30:00', async () => {
      expectOk(await call(SECRETARY_B01, { action: 'close', eventId: closing.id, status: 'closed' }));
    })();
    await sentAt('10:00:01', async () => {
      expect(await scan('t-m0015', token, { scannedAt: at('09:02:00').toISOString() })).toMatchObject({ ok: false, code: 'CHECKIN_OFFLINE_TOO_LATE' });
    })();
  });
});
