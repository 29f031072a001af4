import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CheckinResult, DedicationConfigResult, DedicationLogResult, DedicationMonthResult, DedicationRemindResult } from '../../../core/contracts/events';
import type { ClaimsListResult } from '../../../core/contracts/points';
import type { OrgDoc } from '../../../core/domain/org/model';
import { chinaTime } from '../../../core/domain/time';
import { events } from '../../../core/functions/events';
import { dedicationRemind } from '../../../core/usecases/events/dedication-remind';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import type { Main } from '../../../core/runtime/router';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, fireTimer, startTestCloud, type Call } from '../../support/cloud';
import { bindMembers, createEvent, creditDelta, SECRETARY_B01, tokenAt } from './helpers';

const quiet = { error: () => undefined, info: () => undefined };
const clock = fixedClock(chinaTime('2026-12-23 10:00:00'));
let cloud: LocalCloud;
let main: Main;
let call: Call;
let callPoints: Call;
let photo: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  main = events({ clock, log: quiet });
  call = caller(cloud, main);
  callPoints = caller(cloud, points({ clock, log: quiet }));
  await bindMembers(cloud, ['m0004', 'm0005', 'm0006', 'm0007']);
  photo = cloud.storage.put('evidence/m0005/service.jpg', Buffer.from('jpeg bytes'));
});
afterAll(() => cloud.close());

const timer = (at: string) => {
  clock.set(chinaTime(at));
  return fireTimer<DedicationRemindResult>(cloud, main, 'dedicationReminder', clock.now()).then((result) => ({ result }));
};

describe('events.dedication.config', () => {
  it('lets the branch secretary set the day (audited) and tells the next date', async () => {
    const r = expectOk(await call<DedicationConfigResult>(SECRETARY_B01, { action: 'dedication.config', branchId: 'b01', day: 25 }));
    expect(r).toEqual({ branchId: 'b01', day: 25, nextDate: '2026-12-25' });
    expect((cloud.store.getById('orgs', 'b01') as unknown as OrgDoc).dedicationDay).toBe(25);
    expect(cloud.store.find('audit', { action: 'events.dedication.config', targetId: 'b01' }, { limit: 5 })).toEqual([
      expect.objectContaining({ before: { dedicationDay: 6 }, after: { dedicationDay: 25 } }),
    ]);
  });

  it.each([
    ['a plain member', 'demo-member-b01', { branchId: 'b01', day: 3 }, 'FORBIDDEN'],
    ['the secretary of another branch', 'demo-secretary-b02', { branchId: 'b01', day: 3 }, 'FORBIDDEN'],
    ['day 29 (not in every month)', SECRETARY_B01, { branchId: 'b01', day: 29 }, 'INVALID_INPUT'],
    ['a party group instead of a branch', SECRETARY_B01, { branchId: 'b01g1', day: 3 }, 'INVALID_INPUT'],
  ])('refuses %s', async (_n, who, input, code) => {
    expect(await call(who, { action: 'dedication.config', ...input })).toMatchObject({ ok: false, code });
  });
});

describe('the day-before reminder (timer)', () => {
  it('queues one reminder per bound member of each branch whose day is tomorrow, once per month', async () => {
    // b01's day is now the 25th; at 20:00 on the 24th, tomorrow is the 25th
    const branches = (cloud.store.find('orgs', { type: 'branch', dedicationDay: 25 }, { limit: 100 }) as unknown as OrgDoc[]).map((b) => b._id);
    expect(branches).toContain('b01');
    const bound = cloud.store.find('members', { branchId: { $in: branches }, status: 'active', openid: { $not: /^unbound:/ } }, { limit: 1000 }).length;
    const first = await timer('2026-12-24 20:00:00');
    expect(first.result).toEqual({ ok: true, data: { date: '2026-12-25', branches: branches.length, queued: bound, already: 0, done: true } });
    const mine = cloud.store.getById('outbox', 'ntf:ded:b01:2026-12:m0004') as Record<string, unknown>;
    expect(mine).toMatchObject({ memberId: 'm0004', template: 'dedicationReminder', status: 'pending', page: 'pages/checkin/index' });
    expect(JSON.stringify(mine.data)).toContain('12月25日');
    // the next firing that evening finds the job done: nothing read again, nothing queued twice
    const again = await timer('2026-12-24 20:10:00');
    expect(again.result).toEqual({ ok: true, data: { date: '2026-12-25', branches: 0, queued: 0, already: 0, done: true } });
    expect(cloud.store.count('outbox', { template: 'dedicationReminder' })).toBe(bound);
  });

  it('works through a county in chunks: a run stopped by its time budget saves its cursor, the next firing resumes past it', async () => {
    // 120 branches whose day is the 12th, 3 bound members each (more than one page of 50 branches)
    const t1 = cloud.store.getById('orgs', 't1') as unknown as OrgDoc;
    const when = new Date('2026-01-01T00:00:00Z');
    const orgs = Array.from({ length: 120 }, (_, i) => ({
      ...t1,
      _id: `zb${String(i).padStart(3, '0')}`,
      name: `测试支部${i}`,
      type: 'branch',
      parentId: 't1',
      ancestors: [...t1.ancestors, `zb${String(i).padStart(3, '0')}`],
      dedicationDay: 12,
    }));
    await cloud.store.insert('orgs', orgs as unknown as Record<string, unknown>[]).durable;
    const members = orgs.flatMap((o) =>
      [0, 1, 2].map((k) => ({
        _id: `z${o._id}m${k}`,
        openid: `oz-${o._id}-${k}`,
        name: `测试党员${o._id}${k}`,
        phone: `1990000${o._id.slice(2)}${k}`,
        branchId: o._id,
        groupId: null,
        ancestors: o.ancestors,
        partyStatus: 'full',
        status: 'active',
        joinedAt: null,
        flow: false,
        roles: [],
        createdAt: when,
        updatedAt: when,
      })),
    );
    await cloud.store.insert('members', members).durable;
    const total = cloud.store.count('orgs', { type: 'branch', dedicationDay: 12 });
    clock.set(chinaTime('2026-12-11 20:00:00'));
    // a firing whose time is already up does one branch (every run makes progress) and keeps its place
    const ctx = { requestId: 'test-run-1', openid: undefined, clock, log: quiet };
    const short = await cloud.invoke<Awaited<ReturnType<typeof dedicationRemind>>>(async () => dedicationRemind(ctx, Date.now() - 1), {}, {});
    expect(short.result).toMatchObject({ ok: true, data: { date: '2026-12-12', branches: 1, done: false } });
    const job = cloud.store.getById('eventJobs', 'dedicationReminder:2026-12-12') as Record<string, unknown>;
    expect(job).toMatchObject({ done: false, branches: 1, runs: 1 });
    expect(typeof job.cursor).toBe('string');
    // the next firing (20:10) picks up after the cursor and finishes
    const next = await timer('2026-12-11 20:10:00');
    expect(next.result).toMatchObject({ ok: true, data: { date: '2026-12-12', branches: total - 1, done: true } });
    expect(cloud.store.getById('eventJobs', 'dedicationReminder:2026-12-12')).toMatchObject({ done: true, branches: total, runs: 2 });
    // every bound member of those branches has exactly one reminder
    expect(cloud.store.count('outbox', { template: 'dedicationReminder', _id: { $regex: '^ntf:ded:zb' } })).toBe(360);
    expect(cloud.store.find('outbox', { _id: { $regex: '^ntf:ded:zb' } }, { limit: 1000 }).length).toBe(360);
  });

  it('queues nothing for unbound members and nothing on a day no branch has', async () => {
    expect(cloud.store.getById('outbox', 'ntf:ded:b01:2026-12:m0010')).toBeFalsy();
    const r = await timer('2026-12-28 20:00:00'); // the 29th: days are 1–28
    expect(r.result).toMatchObject({ ok: true, data: { date: '2026-12-29', branches: 0, queued: 0 } });
  });

  it('cannot be reached by a client', async () => {
    const r = await cloud.invoke(main as never, { Type: 'Timer', TriggerName: 'dedicationReminder' }, { openid: 'demo-member-b01' });
    expect(r.result).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });
});

describe('dedication log, claim and monthly view', () => {
  let logClaimId = '';

  it("refuses a log citing another member's photo, writing nothing", async () => {
    clock.set(chinaTime('2026-12-23 10:00:00'));
    const theirs = cloud.storage.put('evidence/m0006/theirs.jpg', Buffer.from('jpeg bytes'));
    const before = [cloud.store.count('claims', {}), cloud.store.count('dedicationLogs', {})];
    const r = await call('t-m0005', { action: 'dedication.log', date: '2026-12-22', place: '青年路小游园', content: '清理绿地垃圾', hours: 1, photos: [theirs] });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'photos' });
    expect([cloud.store.count('claims', {}), cloud.store.count('dedicationLogs', {})]).toEqual(before);
  });

  it('turns a member log into a pending DEDICATION_LOG claim in the secretary queue', async () => {
    clock.set(chinaTime('2026-12-23 10:00:00'));
    const r = expectOk(
      await call<DedicationLogResult>('t-m0005', {
        action: 'dedication.log',
        date: '2026-12-22',
        place: '青年路小游园',
        content: '清理绿地垃圾',
        hours: 1.5,
        photos: [photo],
        requestId: 'ded-log-00001',
      }),
    );
    expect(r).toMatchObject({ duplicate: false, log: { date: '2026-12-22', hours: 1.5, status: 'pending' } });
    logClaimId = r.log.claimId;
    expect(cloud.store.getById('claims', logClaimId)).toMatchObject({
      memberId: 'm0005',
      branchId: 'b01',
      status: 'pending',
      rule: { code: 'DEDICATION_LOG' },
      onBehalf: false,
      photos: [photo],
      source: { type: 'dedication', id: r.log.id },
    });
    const again = expectOk(
      await call<DedicationLogResult>('t-m0005', {
        action: 'dedication.log',
        date: '2026-12-22',
        place: '青年路小游园',
        content: '清理绿地垃圾',
        hours: 1.5,
        photos: [photo],
        requestId: 'ded-log-00001',
      }),
    );
    expect(again).toMatchObject({ duplicate: true, log: { id: r.log.id } });
    const mine = expectOk(await callPoints<ClaimsListResult>('t-m0005', { action: 'claims.list', box: 'mine' }));
    expect(mine.items.find((c) => c.id === logClaimId)).toMatchObject({ status: 'pending', rule: { code: 'DEDICATION_LOG' } });
    // and it is in the secretary's review queue (oldest first, paged)
    const queued: string[] = [];
    for (let offset: number | null = 0; offset !== null && queued.length < 1000;) {
      const page: ClaimsListResult = expectOk(await callPoints<ClaimsListResult>(SECRETARY_B01, { action: 'claims.list', box: 'review', offset, limit: 50 }));
      queued.push(...page.items.map((c) => c.id));
      offset = page.nextOffset;
    }
    expect(queued).toContain(logClaimId);
  });

  it.each([
    ['without photos', { photos: [] }],
    ['a future date', { date: '2026-12-24' }],
    ['a date two months back', { date: '2026-10-31' }],
    ['a quarter hour', { hours: 1.25 }],
  ])('refuses a log %s', async (_n, over) => {
    const r = await call('t-m0006', { action: 'dedication.log', date: '2026-12-20', place: '小区', content: '帮扶', hours: 1, photos: [photo], ...over });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('shows who served this month: a check-in at the dedication event or an approved log; who did not', async () => {
    // the dedication event on the 25th; m0004 checks in
    clock.set(chinaTime('2026-12-25 09:00:00'));
    const ev = await createEvent(call, { title: '12月奉献日', startAt: chinaTime('2026-12-25 09:00:00').toISOString(), endAt: chinaTime('2026-12-25 11:00:00').toISOString() });
    expectOk(await call<CheckinResult>('t-m0004', { action: 'checkin', token: tokenAt(cloud, ev.id, clock.now()) }));
    let month = expectOk(await call<DedicationMonthResult>(SECRETARY_B01, { action: 'dedication.month', branchId: 'b01', month: '2026-12' }));
    expect(month).toMatchObject({ branchId: 'b01', date: '2026-12-25', served: 1 });
    expect(month.events).toEqual(expect.arrayContaining([expect.objectContaining({ id: ev.id, attended: 1 })]));
    expect(month.rows.find((r) => r.memberId === 'm0005')).toMatchObject({ served: false, pendingLogs: 1 });
    // the secretary approves the log through points: credited, and now it counts
    const d = await creditDelta(cloud, 'm0005', async () => expectOk(await callPoints(SECRETARY_B01, { action: 'claims.approve', claimId: logClaimId })));
    expect(d).toMatchObject({ eval: 3, redeem: 3 });
    month = expectOk(await call<DedicationMonthResult>(SECRETARY_B01, { action: 'dedication.month', branchId: 'b01', month: '2026-12' }));
    expect(month.served).toBe(2);
    expect(month.rows.slice(0, 2).map((r) => [r.memberId, r.viaEvent, r.viaLog, r.hours])).toEqual(
      expect.arrayContaining([
        ['m0004', true, false, 2],
        ['m0005', false, true, 1.5],
      ]),
    );
    expect(month.rows.find((r) => r.memberId === 'm0005')?.photoUrls[0]).toMatch(/\/storage\/evidence\//);
    expect(month.rows.filter((r) => !r.served)).toHaveLength(month.members - 2);
  });

  it('shows a plain member only their own row, and another branch not at all', async () => {
    const mine = expectOk(await call<DedicationMonthResult>('t-m0004', { action: 'dedication.month', month: '2026-12' }));
    expect(mine.rows.map((r) => r.memberId)).toEqual(['m0004']);
    expect(await call('t-m0004', { action: 'dedication.month', branchId: 'b02', month: '2026-12' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('refuses a second log once the month cap of DEDICATION_LOG is used', async () => {
    clock.set(chinaTime('2026-12-26 10:00:00'));
    const r = await call('t-m0005', { action: 'dedication.log', date: '2026-12-26', place: '青年路小游园', content: '再次服务', hours: 1, photos: [photo] });
    expect(r).toMatchObject({ ok: false, code: 'CAP_EXCEEDED' });
  });
});
