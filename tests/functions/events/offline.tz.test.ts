import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AttendanceEventResult, CheckinResult, EventView, OfflineDecisionResult } from '../../../core/contracts/events';
import { chinaTime } from '../../../core/domain/time';
import { events } from '../../../core/functions/events';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { bindMembers, createEvent, creditDelta, memberIds, NOTHING, pendingScans, SECRETARY_B01, tokenAt } from './helpers';

// Staff review of offline scans (docs/flows/checkin.md, "Offline scans"). Runs under TZ=UTC and
// TZ=Asia/Shanghai, clock frozen on the b01 dedication day.
const at = (wall: string) => chinaTime(`2026-12-06 ${wall}`);
const clock = fixedClock(at('09:20:00'));
const quiet = { error: () => undefined, info: () => undefined };
let cloud: LocalCloud;
let call: Call;
let ev: EventView;
let secretaryId: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, events({ clock, log: quiet }));
  await bindMembers(cloud, memberIds(4, 12));
  secretaryId = (cloud.store.find('members', { openid: SECRETARY_B01 }, { limit: 1 })[0] as { _id: string })._id;
  ev = await createEvent(call, { startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString() });
});
afterAll(() => cloud.close());

/** A scan the member's phone queued at `wall` and sends now. */
const offlineScan = (memberId: string, wall: string, event = ev) =>
  call<CheckinResult>(`t-${memberId}`, { action: 'checkin', token: tokenAt(cloud, event.id, at(wall)), scannedAt: at(wall).toISOString() });
const confirm = (input: Record<string, unknown>, as = SECRETARY_B01) => call<OfflineDecisionResult>(as, { action: 'offline.confirm', eventId: ev.id, ...input });
const refuse = (input: Record<string, unknown>, as = SECRETARY_B01) => call<OfflineDecisionResult>(as, { action: 'offline.refuse', eventId: ev.id, ...input });
const auditOf = (action: string, memberId: string) => cloud.store.find('audit', { action, targetId: memberId }, { limit: 10 }) as unknown as Record<string, unknown>[];

describe('an offline scan waits for staff', () => {
  it('credits nothing until confirmed; confirming credits the rule once through the ledger, marked offline and audited', async () => {
    const kept = await creditDelta(cloud, 'm0004', async () => {
      expect(expectOk(await offlineScan('m0004', '09:03:00'))).toMatchObject({ review: 'pending', points: { eval: 0, redeem: 0 } });
    });
    expect(kept).toEqual(NOTHING);
    expect(pendingScans(cloud, 'm0004')).toBe(1);

    const credited = await creditDelta(cloud, 'm0004', async () => {
      expect(expectOk(await confirm({ memberIds: ['m0004'], reason: '现场名单核对无误' }))).toEqual({
        eventId: ev.id,
        decision: 'confirmed',
        decided: ['m0004'],
        credited: { eval: 5, redeem: 5 },
        skipped: [],
        remaining: 0,
      });
    });
    expect(credited).toEqual({ entries: 1, checkins: 1, eval: 5, redeem: 5 });
    expect(pendingScans(cloud, 'm0004')).toBe(0);
    expect(cloud.store.getById('ledger', `chk:${ev.id}:m0004`)).toMatchObject({
      eval: 5,
      actorId: secretaryId,
      createdAt: at('09:03:00'),
      checkin: { offline: true, checkinReview: 'confirmed', reviewedBy: { id: secretaryId } },
    });
    expect(auditOf('events.offline.confirm', 'm0004')).toEqual([
      expect.objectContaining({
        actorId: secretaryId,
        reason: '现场名单核对无误',
        before: expect.objectContaining({ checkinReview: 'pending' }),
        after: expect.objectContaining({ checkinReview: 'confirmed', credited: { eval: 5, redeem: 5 } }),
      }),
    ]);
    // the member now sees it as confirmed
    expect(expectOk(await call<{ my: CheckinResult }>('t-m0004', { action: 'get', eventId: ev.id })).my).toMatchObject({ offline: true, review: 'confirmed', points: { eval: 5, redeem: 5 } });
  });

  it('credits once when confirmed twice, one after the other or at the same time', async () => {
    expect(expectOk(await confirm({ memberIds: ['m0004'] }))).toMatchObject({ decided: [], skipped: ['m0004'], credited: { eval: 0, redeem: 0 } });
    expectOk(await offlineScan('m0005', '09:04:00'));
    const d = await creditDelta(cloud, 'm0005', async () => {
      const both = (await Promise.all([confirm({ memberIds: ['m0005'] }), confirm({ memberIds: ['m0005'] })])).map(expectOk);
      expect(both.flatMap((r) => r.decided)).toEqual(['m0005']);
    });
    expect(d).toEqual({ entries: 1, checkins: 1, eval: 5, redeem: 5 });
    expect(auditOf('events.offline.confirm', 'm0005')).toHaveLength(1);
  });

  it('credits nothing when refused: the scan is not attendance, stays refused, and is audited with the reason', async () => {
    expectOk(await offlineScan('m0006', '09:05:00'));
    const d = await creditDelta(cloud, 'm0006', async () => {
      expect(expectOk(await refuse({ memberIds: ['m0006'], reason: '本人未到场' }))).toMatchObject({ decision: 'refused', decided: ['m0006'], credited: { eval: 0, redeem: 0 } });
      // a confirmation afterwards finds nothing to confirm
      expect(expectOk(await confirm({ memberIds: ['m0006'] }))).toMatchObject({ decided: [], skipped: ['m0006'] });
    });
    expect(d).toEqual(NOTHING);
    expect(cloud.store.getById('checkins', `chk:${ev.id}:m0006`)).toMatchObject({ checkinReview: 'refused', reviewedBy: { id: secretaryId } });
    expect(auditOf('events.offline.refuse', 'm0006')).toEqual([expect.objectContaining({ reason: '本人未到场' })]);
    const a = expectOk(await call<AttendanceEventResult>(SECRETARY_B01, { action: 'attendance', kind: 'event', eventId: ev.id }));
    expect(a.attendedRows.map((r) => r.memberId)).not.toContain('m0006');
    expect(a.pendingRows.map((r) => r.memberId)).not.toContain('m0006');
    expect(a.absentRows.map((r) => r.memberId)).toContain('m0006');
    // sending the same screenshot again changes nothing
    expect(expectOk(await offlineScan('m0006', '09:05:00'))).toMatchObject({ already: true, review: 'refused' });
  });

  it('cannot be confirmed by a member, their own scan or anyone else’s, nor by staff of another branch', async () => {
    expectOk(await offlineScan('m0007', '09:06:00'));
    const d = await creditDelta(cloud, 'm0007', async () => {
      expect(await confirm({ memberIds: ['m0007'] }, 't-m0007')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await confirm({ all: true }, 't-m0008')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await confirm({ memberIds: ['m0007'] }, 'demo-secretary-b02')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await refuse({ memberIds: ['m0007'] }, 't-m0007')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });
    expect(d).toEqual(NOTHING);
    expect(pendingScans(cloud, 'm0007')).toBe(1);
  });

  it('confirms every pending scan of the event at once, and lists none afterwards', async () => {
    expectOk(await offlineScan('m0008', '09:07:00'));
    expectOk(await offlineScan('m0009', '09:08:00'));
    const before = expectOk(await call<AttendanceEventResult>(SECRETARY_B01, { action: 'attendance', kind: 'event', eventId: ev.id }));
    expect(before.pendingRows.map((r) => r.memberId)).toEqual(['m0007', 'm0008', 'm0009']);
    const r = expectOk(await confirm({ all: true }));
    expect(r).toMatchObject({ decided: ['m0007', 'm0008', 'm0009'], credited: { eval: 15, redeem: 15 }, remaining: 0 });
    const after = expectOk(await call<AttendanceEventResult>(SECRETARY_B01, { action: 'attendance', kind: 'event', eventId: ev.id }));
    expect(after.pendingRows).toEqual([]);
    expect(after.attendedRows.filter((x) => x.offline).map((x) => x.memberId)).toEqual(['m0004', 'm0005', 'm0007', 'm0008', 'm0009']);
    expect(expectOk(await refuse({ all: true }))).toMatchObject({ decided: [], remaining: 0 });
  });

  it('counts a member once who scanned offline and then in person: the in-person scan credits, confirming adds nothing', async () => {
    expectOk(await offlineScan('m0010', '09:09:00'));
    const d = await creditDelta(cloud, 'm0010', async () => {
      expect(expectOk(await call<CheckinResult>('t-m0010', { action: 'checkin', token: tokenAt(cloud, ev.id, clock.now()) }))).toMatchObject({ already: false, offline: false, review: 'none' });
      const a = expectOk(await call<AttendanceEventResult>(SECRETARY_B01, { action: 'attendance', kind: 'event', eventId: ev.id }));
      expect(a.pendingRows.map((r) => r.memberId)).not.toContain('m0010');
      expect(a.attendedRows.filter((r) => r.memberId === 'm0010')).toHaveLength(1);
      expect(expectOk(await confirm({ memberIds: ['m0010'] }))).toMatchObject({ decided: ['m0010'], credited: { eval: 0, redeem: 0 } });
    });
    expect(d).toEqual({ entries: 1, checkins: 1, eval: 5, redeem: 5 });
  });

  it('refuses a decision without members or `all`', async () => {
    expect(await call(SECRETARY_B01, { action: 'offline.confirm', eventId: ev.id })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await call(SECRETARY_B01, { action: 'offline.confirm', eventId: ev.id, all: true, memberIds: ['m0004'] })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});

describe('offline scans at an event without a check-in rule, and offline check-outs', () => {
  it('counts an offline check-in as attendance only once confirmed', async () => {
    const duty = await createEvent(call, { type: 'gridDuty', title: '网格值守', startAt: at('09:00:00').toISOString(), endAt: at('10:00:00').toISOString() });
    expectOk(await offlineScan('m0011', '09:10:00', duty));
    const count = async () => expectOk(await call<{ checkedIn: number }>(SECRETARY_B01, { action: 'get', eventId: duty.id })).checkedIn;
    expect(await count()).toBe(0);
    expectOk(await call(SECRETARY_B01, { action: 'offline.confirm', eventId: duty.id, memberIds: ['m0011'] }));
    expect(await count()).toBe(1);
    expect(cloud.store.count('ledger', { memberId: 'm0011', 'source.id': duty.id })).toBe(0);
  });

  it("holds an offline check-out's volunteer hours until confirmed, then credits them once", async () => {
    const service = await createEvent(call, { type: 'volunteer', title: '社区志愿服务', startAt: at('09:00:00').toISOString(), endAt: at('12:00:00').toISOString(), lateMinutes: 30 });
    expectOk(await call<CheckinResult>('t-m0012', { action: 'checkin', token: tokenAt(cloud, service.id, clock.now()) }));
    clock.set(at('12:10:00'));
    try {
      const held = await creditDelta(cloud, 'm0012', async () => {
        const out = expectOk(await call<CheckinResult>('t-m0012', { action: 'checkout', token: tokenAt(cloud, service.id, at('11:21:00')), scannedAt: at('11:21:00').toISOString() }));
        expect(out).toMatchObject({ checkoutReview: 'pending', hours: 2, creditedHours: null, hoursPoints: null });
      });
      expect(held).toEqual(NOTHING);
      const a = expectOk(await call<AttendanceEventResult>(SECRETARY_B01, { action: 'attendance', kind: 'event', eventId: service.id }));
      expect(a.pendingRows).toEqual([expect.objectContaining({ memberId: 'm0012', kind: 'checkout', hours: 2 })]);
      const credited = await creditDelta(cloud, 'm0012', async () => {
        expect(expectOk(await call<OfflineDecisionResult>(SECRETARY_B01, { action: 'offline.confirm', eventId: service.id, all: true }))).toMatchObject({
          decided: ['m0012'],
          credited: { eval: 2, redeem: 4 },
        });
        expect(expectOk(await call<OfflineDecisionResult>(SECRETARY_B01, { action: 'offline.confirm', eventId: service.id, memberIds: ['m0012'] }))).toMatchObject({ decided: [] });
      });
      expect(credited).toEqual({ entries: 1, checkins: 0, eval: 2, redeem: 4 });
      expect(cloud.store.getById('checkins', `chk:${service.id}:m0012`)).toMatchObject({ checkoutReview: 'confirmed', creditedHours: 2 });
    } finally {
      clock.set(at('09:20:00'));
    }
  });
});
