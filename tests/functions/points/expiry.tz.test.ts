// Runs under TZ=UTC and TZ=Asia/Shanghai: the expiry instant is 23:59:00 China time on 31 Dec either way.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutboxRunResult } from '../../../core/contracts/points';
import type { BalanceDoc, LedgerEntry } from '../../../core/domain/points/ledger';
import { chinaTime } from '../../../core/domain/time';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import { auditLedger } from '../../../core/usecases/points/ledger-audit';
import { postOnce } from '../../../core/usecases/points/post-entry';
import type { OutboxDoc } from '../../../core/domain/notifications';
import type { TickResult } from '../../../core/usecases/points/tick';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { fireTimer, startTestCloud } from '../../support/cloud';
import { balanceOf, draft, freshMember, member, rule } from '../../support/ledger';

let cloud: LocalCloud;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));
const fn = points({ clock, log: { error: () => undefined, info: () => undefined } });

/** Fires a timer trigger as the platform does: no user, {Type: 'Timer', TriggerName}. */
async function timer<T>(name: string, wall: string): Promise<T> {
  clock.set(chinaTime(wall));
  const r = await fireTimer<T>(cloud, fn, name, clock.now());
  if (!r.ok) throw new Error(`${name}: ${r.code}`);
  return r.data;
}

const sumOfExpiry = (year: string) => (cloud.store.find('ledger', { 'source.type': 'expiry', 'source.id': year }, {}) as unknown as LedgerEntry[]).reduce((n, e) => n - e.redeem, 0);

const credit = (memberId: string, code: string, key: string, wall: string, over: Record<string, unknown> = {}) =>
  postOnce(draft(member(cloud, memberId), rule(cloud, code), { key, at: chinaTime(wall), ...over }));

beforeAll(async () => {
  cloud = await startTestCloud();
  for (const id of ['r0130', 'r0131', 'r0132', 'r0134']) await freshMember(cloud, id, { branchId: 'b06' });
  await freshMember(cloud, 'r0133', { branchId: 'b06' }, 't-r0133');
  // b06 (t2): m0128.. ; r0130 has 10 redeemable, r0131 spent all, r0132 only evaluation points
  await credit('r0130', 'VANGUARD', 'e:1', '2026-03-01 10:00:00');
  await credit('r0130', 'HONOUR_MONTH_STAR', 'e:2', '2026-12-31 23:58:59');
  await credit('r0131', 'VANGUARD', 'e:3', '2026-05-01 10:00:00');
  await credit('r0131', 'STORE_REDEMPTION', 'e:4', '2026-06-01 10:00:00', { eval: 0, redeem: -5, units: 0, source: { type: 'order', id: 'o-4' } });
  await credit('r0132', 'DUTY_FULFILLED', 'e:5', '2026-05-01 10:00:00');
});
afterAll(() => cloud.close());

describe('annual expiry of redeemable points', () => {
  it('does nothing at 23:58:59 on 31 December (the tick is not yet in the window)', async () => {
    const r = await timer<TickResult>('tick', '2026-12-31 23:58:59');
    expect(r.expiry).toBeUndefined();
    expect(cloud.store.count('ledger', { 'source.type': 'expiry' })).toBe(0);
  });

  it('at 23:59:00 China time zeroes every positive redeemable balance with exp:<year>:<member>, evaluation untouched', async () => {
    const evalBefore = balanceOf(cloud, 'r0130').eval;
    const r = await timer<TickResult>('tick', '2026-12-31 23:59:00');
    // the demo county's seeded balances expire too; r0130's 10 points are among them
    expect(r.expiry).toMatchObject({ year: 2026, failed: 0 });
    expect(r.expiry!.points).toBe(sumOfExpiry('2026'));
    const e = cloud.store.getById('ledger', 'exp:2026:r0130') as unknown as LedgerEntry;
    expect(e).toMatchObject({ redeem: -10, eval: 0, ruleId: 'ANNUAL_EXPIRY@1', source: { type: 'expiry', id: '2026' }, units: 0 });
    expect(e.createdAt).toEqual(chinaTime('2026-12-31 23:59:00'));
    expect(balanceOf(cloud, 'r0130')).toMatchObject({ redeem: 0, eval: evalBefore, expiredYear: 2026 });
    expect(cloud.store.getById('ledger', 'exp:2026:r0131')).toBeNull();
    expect(cloud.store.getById('ledger', 'exp:2026:r0132')).toBeNull();
  });

  it('is idempotent: a repeated or late run expires nothing more, and points earned after the expiry stay', async () => {
    await credit('r0130', 'PIONEER_POST', 'e:6', '2026-12-31 23:59:30');
    const again = (await timer<TickResult>('tick', '2027-01-01 00:10:00')).expiry;
    expect(again).toMatchObject({ year: 2026, expired: 0, failed: 0 });
    expect(balanceOf(cloud, 'r0130').redeem).toBe(2);
    expect(cloud.store.count('ledger', { 'source.type': 'expiry', memberId: 'r0130' })).toBe(1);
  });

  it('stops resuming three hours after the instant', async () => {
    expect((await timer<TickResult>('tick', '2027-01-01 02:58:00')).expiry).toMatchObject({ year: 2026 });
    expect((await timer<TickResult>('tick', '2027-01-01 02:59:00')).expiry).toBeUndefined();
  });

  it('pages over more than 1,000 balances, survives a failure mid-way, and the next run finishes', async () => {
    // 1,200 synthetic members with 3 redeemable points each, entries and balances consistent
    const r = rule(cloud, 'DUTY_FULFILLED');
    const at = chinaTime('2027-06-01 10:00:00');
    const ids = Array.from({ length: 1200 }, (_, i) => `x${String(i).padStart(4, '0')}`);
    const anc = ['county', 't3', 'b12'];
    await cloud.store.insert(
      'ledger',
      ids.map((id) => ({
        _id: `seed:${id}`,
        memberId: id,
        ancestors: anc,
        eval: 1,
        redeem: 3,
        ruleId: r._id,
        ruleCode: r.code,
        ruleVersion: 1,
        source: { type: 'award', id },
        units: 0,
        capKeys: [],
        reversalOf: null,
        actorId: 'test',
        note: '',
        fingerprint: id,
        createdAt: at,
      })),
    ).durable;
    await cloud.store.insert(
      'balances',
      ids.map((id) => ({ _id: id, memberId: id, ancestors: anc, eval: 1, redeem: 3, entries: 1, caps: {}, updatedAt: at })),
    ).durable;

    const undo = cloud.faults.add({ api: 'database.commitTransaction', fail: true, nth: 500 });
    const first = (await timer<TickResult>('tick', '2027-12-31 23:59:00')).expiry!;
    undo();
    expect(first).toMatchObject({ year: 2027, failed: 1 });
    expect(first.expired).toBe(first.members - 1);
    const second = (await timer<TickResult>('tick', '2027-12-31 23:59:30')).expiry;
    expect(second).toMatchObject({ year: 2027, members: 1, expired: 1, failed: 0 });
    expect(cloud.store.count('ledger', { 'source.type': 'expiry', 'source.id': '2027' })).toBe(first.members);
    const left = cloud.store.find('balances', { redeem: { $gt: 0 } }, {}) as unknown as BalanceDoc[];
    expect(left).toEqual([]);
    expect((await auditLedger('county')).drift).toEqual([]);
  });
});

describe('the reminder 30 days before', () => {
  it('queues one pointsExpiring notice per member with redeemable points at 10:00 on 1 December, once', async () => {
    await credit('r0133', 'VANGUARD', 'e:7', '2028-11-20 10:00:00');
    const before = await timer<TickResult>('tick', '2028-12-01 09:58:00');
    expect(before.reminder).toBeUndefined();
    const r = await timer<TickResult>('tick', '2028-12-01 10:00:00');
    expect(r.reminder).toMatchObject({ year: 2028 });
    expect(r.reminder!.queued).toBeGreaterThanOrEqual(1);
    const doc = cloud.store.getById('outbox', 'ntf:expiring:2028:r0133') as unknown as OutboxDoc;
    expect(doc).toMatchObject({ template: 'pointsExpiring', data: { points: '5', date: '2028-12-31' } });
    // the same tick ran the sender: it called subscribeMessage.send, which the local cloud answered
    expect(doc).toMatchObject({ status: 'sent' });
    expect(cloud.openApiCalls).toContainEqual(
      expect.objectContaining({
        api: 'subscribeMessage.send',
        fn: 'points',
        source: 'wx_trigger',
        errCode: 0,
        params: expect.objectContaining({ touser: 't-r0133', template_id: 'local-pointsExpiring' }),
      }),
    );
    const again = await timer<TickResult>('tick', '2028-12-01 10:02:00');
    expect(again.reminder).toEqual({ year: 2028, queued: 0, done: true });
  });
});

describe('the notification sender under the local cloud', () => {
  it('sends through subscribeMessage.send (answered by the local cloud), skips members nobody has bound', async () => {
    // one for a member on no roster, one for a member nobody has bound
    const queued = (memberId: string) => ({
      _id: `ntf:test:${memberId}`,
      memberId,
      template: 'claimApproved',
      data: { rule: '测试' },
      page: 'pages/points/index',
      status: 'pending',
      attempts: 0,
      createdAt: clock.now(),
      sentAt: null,
      error: null,
    });
    await cloud.store.insert('outbox', [queued('x0001'), queued('r0134')]).durable;
    const callsBefore = cloud.openApiCalls.length;
    let total: OutboxRunResult = { picked: 0, sent: 0, skipped: 0, failed: 0 };
    for (let i = 0; i < 20; i++) {
      const r = (await timer<TickResult>('tick', '2028-12-01 10:05:00')).outbox!;
      if (!r.picked) break;
      total = { picked: total.picked + r.picked, sent: total.sent + r.sent, skipped: total.skipped + r.skipped, failed: total.failed + r.failed };
    }
    expect(cloud.store.getById('outbox', 'ntf:expiring:2028:r0133')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(cloud.store.getById('outbox', 'ntf:test:x0001')).toMatchObject({ status: 'skipped', error: 'NOT_BOUND' });
    expect(cloud.store.getById('outbox', 'ntf:test:r0134')).toMatchObject({ status: 'skipped', error: 'NOT_BOUND' });
    expect(cloud.openApiCalls.length - callsBefore).toBe(total.sent);
    expect(cloud.store.count('outbox', { status: 'pending' })).toBe(0);
  });

  it('refuses a timer name from a client call', async () => {
    const r = await cloud.invoke(fn as never, { Type: 'Timer', TriggerName: 'annualExpiry' }, { openid: 'demo-admin-county' });
    expect(r.result).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });
});
