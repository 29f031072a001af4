import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DedicationLogResult, DedicationMineResult } from '../../../core/contracts/events';
import type { Result } from '../../../core/contracts/envelope';
import { chinaTime } from '../../../core/domain/time';
import { events } from '../../../core/functions/events';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { bindMembers } from './helpers';

// A member's own 奉献日 page: their service logs with review status, and volunteer hours this year and ever.
let cloud: LocalCloud;
let call: Call;
let callPoints: Call;
const clock = fixedClock(chinaTime('2027-01-20 10:00:00'));
const quiet = { error: () => undefined, info: () => undefined };
const main = events({ clock, log: quiet });

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, main);
  callPoints = caller(cloud, points({ clock, log: quiet }));
  await bindMembers(cloud, ['m0005']);
});
afterAll(() => cloud.close());

const mine = () => call<DedicationMineResult>('t-m0005', { action: 'dedication.mine' });

describe('events.dedication.mine', () => {
  it('is empty for a member who has served nothing yet: 3 requests (no claims to read)', async () => {
    const r = await cloud.invoke<Result<DedicationMineResult>>(main as never, { action: 'dedication.mine' }, { openid: 't-m0005' });
    expect(expectOk(r.result)).toEqual({ logs: [], hours: { year: 0, total: 0 }, year: 2027 });
    expect(r.dbRequests).toBe(3);
  });

  it('lists the member’s logs newest first and counts approved hours and event hours, this year and ever', async () => {
    const photo = cloud.storage.put('evidence/m0005/mine.jpg', Buffer.from('jpeg bytes'));
    const log = (date: string, hours: number, requestId: string) =>
      call<DedicationLogResult>('t-m0005', { action: 'dedication.log', date, place: '青年路小游园', content: '清理绿地垃圾', hours, photos: [photo], requestId });
    // last month (last year) and this month; only the first gets approved before we look
    clock.set(chinaTime('2026-12-30 10:00:00'));
    const old = expectOk(await log('2026-12-28', 2, 'ded-mine-0001'));
    clock.set(chinaTime('2027-01-20 10:00:00'));
    const now = expectOk(await log('2027-01-18', 1.5, 'ded-mine-0002'));
    expectOk(await callPoints('demo-secretary-b01', { action: 'claims.approve', claimId: old.log.claimId }));
    // an event's check-out this year (3 h) and one awaiting confirmation (not counted)
    const m = cloud.store.getById('members', 'm0005') as unknown as { name: string; branchId: string; ancestors: string[] };
    const doc = (id: string, at: string, hours: number, checkoutReview: string) => ({
      _id: id,
      eventId: id,
      memberId: 'm0005',
      memberName: m.name,
      branchId: m.branchId,
      ancestors: m.ancestors,
      at: chinaTime(at),
      hours,
      checkoutReview,
    });
    await cloud.store.insert('checkins', [doc('ev-mine-1:m0005', '2027-01-10 09:00:00', 3, 'none'), doc('ev-mine-2:m0005', '2027-01-12 09:00:00', 4, 'pending')]).durable;

    const r = expectOk(await mine());
    expect(r.logs.map((l) => [l.date, l.status])).toEqual([
      ['2027-01-18', 'pending'],
      ['2026-12-28', 'approved'],
    ]);
    expect(r.hours).toEqual({ year: 3, total: 5 });
    // another member sees none of it
    await bindMembers(cloud, ['m0006']);
    expect(expectOk(await call<DedicationMineResult>('t-m0006', { action: 'dedication.mine' })).logs).toEqual([]);
    expect(now.log.status).toBe('pending');
  });

  it('refuses any input', async () => {
    expect(await call('t-m0005', { action: 'dedication.mine', memberId: 'm0006' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});
