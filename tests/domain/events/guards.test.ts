import { describe, expect, it } from '@jest/globals';
import type { EventDoc } from '../../../core/domain/events/event';
import { distanceM } from '../../../core/domain/events/geo';
import { offlineDeadline } from '../../../core/domain/events/event';
import { checkScan, type ScanEvent, type ScanRequest } from '../../../core/domain/events/guards';
import { issueToken, parseToken, STEP_MS, stepOf } from '../../../core/domain/events/token';
import { chinaTime } from '../../../core/domain/time';

const SECRET = 's3cret';
const now = chinaTime('2026-11-06 09:00:07');
const event: ScanEvent = {
  _id: 'EVT0000001',
  secret: SECRET,
  status: 'open',
  closedAt: null,
  startAt: chinaTime('2026-11-06 09:00:00'),
  endAt: chinaTime('2026-11-06 11:00:00'),
  earlyMinutes: 30,
  lateMinutes: 15,
  scopeOrgId: 'b01',
  geofence: null,
};
const member = { ancestors: ['county', 't1', 'b01', 'b01g1'], status: 'active' };
const tokenAt = (at: Date | number, e: Pick<EventDoc, '_id' | 'secret'> = event) => parseToken(issueToken(e.secret, e._id, stepOf(at)));
const req = (over: Partial<ScanRequest> = {}): ScanRequest => ({ token: tokenAt(now), scannedAt: null, location: null, kind: 'checkin', ...over });
const code = (r: ReturnType<typeof checkScan>) => (r.ok ? 'OK' : r.code);

describe('check-in guards, in order', () => {
  it('accepts a fresh token of an open event in scope and window', () => {
    expect(checkScan(req(), event, member, now)).toEqual({ ok: true, at: now, offline: false, distanceM: null });
  });

  it.each<[string, () => ReturnType<typeof checkScan>, string]>([
    ['an unreadable code', () => checkScan(req({ token: null }), event, member, now), 'CHECKIN_TOKEN_INVALID'],
    ['an unknown event', () => checkScan(req(), null, member, now), 'CHECKIN_TOKEN_INVALID'],
    ['a code scanned from another event page', () => checkScan(req({ expectedEventId: 'EVT0000002' }), event, member, now), 'CHECKIN_TOKEN_INVALID'],
    ['a cancelled event', () => checkScan(req(), { ...event, status: 'cancelled' }, member, now), 'EVENT_NOT_OPEN'],
    ['an event closed before the scan', () => checkScan(req(), { ...event, status: 'closed', closedAt: new Date(+now - 1000) }, member, now), 'EVENT_NOT_OPEN'],
    ['a forged signature', () => checkScan(req({ token: { ...tokenAt(now)!, sig: '0000000000' } }), event, member, now), 'CHECKIN_TOKEN_INVALID'],
    ['a token two steps old', () => checkScan(req({ token: tokenAt(+now - 2 * STEP_MS) }), event, member, now), 'CHECKIN_TOKEN_EXPIRED'],
    ['a token from the next step', () => checkScan(req({ token: tokenAt(+now + STEP_MS) }), event, member, now), 'CHECKIN_TOKEN_INVALID'],
    ['a scan before the window', () => checkScan(req({ token: tokenAt(chinaTime('2026-11-06 08:29:00')) }), event, member, chinaTime('2026-11-06 08:29:00')), 'CHECKIN_OUT_OF_WINDOW'],
    ['a scan after the window', () => checkScan(req({ token: tokenAt(chinaTime('2026-11-06 11:15:01')) }), event, member, chinaTime('2026-11-06 11:15:01')), 'CHECKIN_OUT_OF_WINDOW'],
    ['a member of another branch', () => checkScan(req(), event, { ...member, ancestors: ['county', 't1', 'b02'] }, now), 'CHECKIN_NOT_IN_SCOPE'],
    ['a transferred member', () => checkScan(req(), event, { ...member, status: 'transferred' }, now), 'CHECKIN_NOT_IN_SCOPE'],
    ['no location for a geofenced event', () => checkScan(req(), { ...event, geofence: { lat: 34.75, lng: 113.62, radiusM: 200 } }, member, now), 'LOCATION_REQUIRED'],
    [
      'a location outside the radius',
      () => checkScan(req({ location: { lat: 34.76, lng: 113.62 } }), { ...event, geofence: { lat: 34.75, lng: 113.62, radiusM: 200 } }, member, now),
      'CHECKIN_OUT_OF_RANGE',
    ],
  ])('refuses %s', (_name, run, expected) => {
    expect(code(run())).toBe(expected);
  });

  it('accepts the window edges: start − early and end + late', () => {
    for (const wall of ['2026-11-06 08:30:00', '2026-11-06 11:15:00']) {
      const at = chinaTime(wall);
      expect(code(checkScan(req({ token: tokenAt(at) }), event, member, at))).toBe('OK');
    }
  });

  it('keeps only the rounded distance of a geofenced scan inside the radius', () => {
    const fenced = { ...event, geofence: { lat: 34.75, lng: 113.62, radiusM: 200 } };
    const r = checkScan(req({ location: { lat: 34.751, lng: 113.62 } }), fenced, member, now);
    expect(r).toEqual({ ok: true, at: now, offline: false, distanceM: 111 });
  });

  it('checks the earlier guard first: a cancelled event with a forged token is EVENT_NOT_OPEN', () => {
    expect(code(checkScan(req({ token: { ...tokenAt(now)!, sig: '0000000000' } }), { ...event, status: 'cancelled' }, member, now))).toBe('EVENT_NOT_OPEN');
  });

  it('skips the scope guard on check-out (the check-in did it)', () => {
    expect(code(checkScan(req({ kind: 'checkout' }), event, { ...member, ancestors: ['county'] }, now))).toBe('OK');
  });
});

describe('offline scans', () => {
  const scanned = chinaTime('2026-11-06 09:10:03');
  // check-in closes at 11:15 (end + 15 min); with the default 30-minute grace a queued scan may arrive until 11:45
  const later = chinaTime('2026-11-06 11:40:00');

  it('accepts a scan whose token step is its scan time step, sent later, and marks it offline at the scan time', () => {
    expect(checkScan(req({ token: tokenAt(scanned), scannedAt: scanned }), event, member, later)).toEqual({ ok: true, at: scanned, offline: true, distanceM: null });
  });

  it('accepts the previous step too', () => {
    expect(code(checkScan(req({ token: tokenAt(+scanned - STEP_MS), scannedAt: scanned }), event, member, later))).toBe('OK');
  });

  it('refuses a scan time moved later than the token (an old code passed off as fresh)', () => {
    expect(code(checkScan(req({ token: tokenAt(scanned), scannedAt: new Date(+scanned + 10 * 60_000) }), event, member, later))).toBe('CHECKIN_TOKEN_EXPIRED');
  });

  it('refuses a scan time moved earlier than the token', () => {
    expect(code(checkScan(req({ token: tokenAt(scanned), scannedAt: new Date(+scanned - 60_000) }), event, member, later))).toBe('CHECKIN_TOKEN_INVALID');
  });

  it('refuses a scan time in the future', () => {
    const future = new Date(+later + 5 * 60_000);
    expect(code(checkScan(req({ token: tokenAt(later), scannedAt: future }), event, member, later))).toBe('CHECKIN_TOKEN_INVALID');
  });

  it('refuses a scan arriving after check-in closed plus the grace, however well its time matches its token', () => {
    expect(offlineDeadline(event)).toEqual(chinaTime('2026-11-06 11:45:00'));
    expect(code(checkScan(req({ token: tokenAt(scanned), scannedAt: scanned }), event, member, chinaTime('2026-11-06 11:45:00')))).toBe('OK');
    expect(code(checkScan(req({ token: tokenAt(scanned), scannedAt: scanned }), event, member, chinaTime('2026-11-06 11:45:01')))).toBe('CHECKIN_OFFLINE_TOO_LATE');
    expect(code(checkScan(req({ token: tokenAt(scanned), scannedAt: scanned }), event, member, chinaTime('2026-11-09 09:10:03')))).toBe('CHECKIN_OFFLINE_TOO_LATE');
  });

  it("takes the event's own grace, and counts it from an earlier close by staff", () => {
    expect(offlineDeadline({ ...event, offlineGraceMinutes: 5 })).toEqual(chinaTime('2026-11-06 11:20:00'));
    expect(code(checkScan(req({ token: tokenAt(scanned), scannedAt: scanned }), { ...event, offlineGraceMinutes: 5 }, member, chinaTime('2026-11-06 11:20:01')))).toBe('CHECKIN_OFFLINE_TOO_LATE');
    const closed = { ...event, status: 'closed' as const, closedAt: chinaTime('2026-11-06 10:00:00') };
    expect(offlineDeadline(closed)).toEqual(chinaTime('2026-11-06 10:30:00'));
    expect(code(checkScan(req({ token: tokenAt(scanned), scannedAt: scanned }), closed, member, chinaTime('2026-11-06 10:30:01')))).toBe('CHECKIN_OFFLINE_TOO_LATE');
  });

  it('does not apply the grace to a scan sent online', () => {
    expect(code(checkScan(req({ token: tokenAt(later) }), event, member, later))).toBe('CHECKIN_OUT_OF_WINDOW');
  });

  it('refuses a scan made outside the window even with a matching token', () => {
    const after = chinaTime('2026-11-06 11:20:00');
    expect(code(checkScan(req({ token: tokenAt(after), scannedAt: after }), event, member, later))).toBe('CHECKIN_OUT_OF_WINDOW');
  });

  it('accepts a scan made before the event was closed, sent after', () => {
    const closed = { ...event, status: 'closed' as const, closedAt: chinaTime('2026-11-06 10:00:00') };
    expect(code(checkScan(req({ token: tokenAt(scanned), scannedAt: scanned }), closed, member, chinaTime('2026-11-06 10:20:00')))).toBe('OK');
  });
});

describe('haversine distance', () => {
  it('is about 111 m per 0.001° of latitude and 0 for the same point', () => {
    expect(Math.round(distanceM({ lat: 34.75, lng: 113.62 }, { lat: 34.751, lng: 113.62 }))).toBe(111);
    expect(distanceM({ lat: 34.75, lng: 113.62 }, { lat: 34.75, lng: 113.62 })).toBe(0);
    // Zhengzhou to Beijing, about 620 km
    expect(Math.round(distanceM({ lat: 34.7466, lng: 113.6254 }, { lat: 39.9042, lng: 116.4074 }) / 1000)).toBeGreaterThan(600);
  });
});
