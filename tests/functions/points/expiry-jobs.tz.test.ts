// Runs under TZ=UTC and TZ=Asia/Shanghai: the expiry instant is China time either way.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ReminderRunResult } from '../../../core/contracts/points';
import type { JobDoc } from '../../../core/domain/points/job';
import { applyDecision, decideEntry, type BalanceDoc, type LedgerEntry } from '../../../core/domain/points/ledger';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import type { Ctx } from '../../../core/runtime/context';
import { runAnnualExpiry, runExpiryReminder, type Budget } from '../../../core/usecases/points/expiry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { expectOk, startTestCloud } from '../../support/cloud';
import { rule } from '../../support/ledger';

// The expiry and its reminder are chunked jobs with a cursor in `pointsJobs`: a run that stops
// (its time budget, or killed) is resumed by the next where it stopped. Here the budget is a
// count of members instead of a time, so a run stops at a known point.
let cloud: LocalCloud;
const clock = fixedClock(chinaTime('2030-12-31 23:59:00'));
const ctx: Ctx = { requestId: 'test-jobs', openid: undefined, clock, log: { error: () => undefined, info: () => undefined } };
const IDS = Array.from({ length: 260 }, (_, i) => `xj${String(i).padStart(4, '0')}`);

beforeAll(async () => {
  cloud = await startTestCloud();
  // 260 members with 3 redeemable points each, posted through the ledger's own decision
  const r = rule(cloud, 'DUTY_FULFILLED');
  const entries: LedgerEntry[] = [];
  const balances: Record<string, unknown>[] = [];
  for (const id of IDS) {
    const d = decideEntry(null, {
      key: `seed:${id}`,
      memberId: id,
      ancestors: ['county', 't3', 'b12'],
      eval: 1,
      redeem: 3,
      rule: r,
      source: { type: 'award', id },
      units: 0,
      actorId: 'test',
      at: chinaTime('2030-06-01 10:00:00'),
    });
    if (!d.ok) throw new Error(d.code);
    entries.push(d.entry);
    const { _id, ...b } = applyDecision(null, d);
    balances.push({ _id, ...b });
  }
  await cloud.store.insert('ledger', entries as unknown as Record<string, unknown>[]).durable;
  await cloud.store.insert('balances', balances).durable;
});
afterAll(() => cloud.close());

const expiries = () => cloud.store.find('ledger', { 'source.type': 'expiry', 'source.id': '2030' }, { limit: 100000 }) as unknown as LedgerEntry[];
const job = (id: string) => cloud.store.getById('pointsJobs', id) as unknown as JobDoc | null;
/** Stops the run once `n` expiry entries exist (members in flight then still finish). */
const afterExpiries =
  (n: number): Budget =>
  () =>
    expiries().length >= n;

describe('the annual expiry as a resumable job', () => {
  it('resumes where a stopped run left off and expires every member exactly once', async () => {
    const due = (cloud.store.find('balances', { redeem: { $gt: 0 } }, { limit: 100000 }) as unknown as BalanceDoc[]).length;
    expect(due).toBeGreaterThan(IDS.length);

    const first = expectOk(await runAnnualExpiry(ctx, afterExpiries(130)));
    expect(first).toMatchObject({ year: 2030, failed: 0, done: false });
    expect(first.expired).toBeGreaterThanOrEqual(130);
    expect(first.expired).toBeLessThan(due);
    // the cursor is past every member finished, in _id order, and not past the first one left
    const cursor = job('annualExpiry:2030')!.cursor!;
    const done = new Set(expiries().map((e) => e.memberId));
    const ordered = [...(cloud.store.find('balances', {}, { limit: 100000 }) as unknown as BalanceDoc[])].map((b) => b._id).sort();
    expect(ordered.filter((id) => id <= cursor).every((id) => done.has(id) || (cloud.store.getById('balances', id) as unknown as BalanceDoc).redeem <= 0)).toBe(true);

    const second = expectOk(await runAnnualExpiry(ctx));
    expect(second).toMatchObject({ year: 2030, failed: 0, already: 0, done: true });
    // the second run touched only the members the first did not finish
    expect(first.expired + second.expired).toBe(due);
    expect(second.members).toBe(due - first.expired);

    const all = expiries();
    expect(all).toHaveLength(due);
    expect(new Set(all.map((e) => e.memberId)).size).toBe(due);
    expect(all.find((e) => e.memberId === 'xj0000')).toMatchObject({ redeem: -3 });
    expect(cloud.store.count('balances', { redeem: { $gt: 0 } })).toBe(0);
    expect(job('annualExpiry:2030')).toMatchObject({ done: true, totals: { expired: due, failed: 0 } });

    // a later tick finds the job finished and does nothing
    expect(expectOk(await runAnnualExpiry(ctx))).toEqual({ year: 2030, members: 0, expired: 0, already: 0, points: 0, failed: 0, done: true });
  });

  it('survives a run killed after its first chunk (its cursor write fails) without expiring anyone twice', async () => {
    clock.set(chinaTime('2031-12-31 23:59:00'));
    // credit everyone again for 2031
    for (const id of IDS) {
      const bal = cloud.store.getById('balances', id) as unknown as BalanceDoc;
      const d = decideEntry(bal, {
        key: `seed2:${id}`,
        memberId: id,
        ancestors: bal.ancestors,
        eval: 0,
        redeem: 2,
        rule: rule(cloud, 'DUTY_FULFILLED'),
        source: { type: 'award', id: `2-${id}` },
        units: 0,
        actorId: 'test',
        at: chinaTime('2031-06-01 10:00:00'),
      });
      if (!d.ok) throw new Error(d.code);
      const { _id, ...next } = applyDecision(bal, d);
      await cloud.store.insert('ledger', [d.entry as unknown as Record<string, unknown>]).durable;
      await cloud.store.setById('balances', _id, next).durable;
    }
    const undo = cloud.faults.add({ api: 'database.modifyDocument', collection: 'pointsJobs', fail: true, nth: 2 });
    await expect(runAnnualExpiry(ctx)).rejects.toBeDefined();
    undo();
    const killedAfter = cloud.store.count('ledger', { 'source.type': 'expiry', 'source.id': '2031' });
    expect(killedAfter).toBeGreaterThanOrEqual(200);
    expect(job('annualExpiry:2031')!.done).toBe(false);

    const resumed = expectOk(await runAnnualExpiry(ctx));
    expect(resumed).toMatchObject({ done: true, failed: 0, already: 0, expired: IDS.length - killedAfter });
    const all = cloud.store.find('ledger', { 'source.type': 'expiry', 'source.id': '2031' }, { limit: 100000 }) as unknown as LedgerEntry[];
    expect(all).toHaveLength(IDS.length);
    expect(new Set(all.map((e) => e.memberId)).size).toBe(IDS.length);
  });
});

describe('the expiry reminder as a resumable job', () => {
  it('queues one notice per member, a chunk at a time, resuming after a stop', async () => {
    clock.set(chinaTime('2032-12-01 10:00:00'));
    for (const id of IDS.slice(0, 150)) await cloud.store.updateById('balances', id, { $inc: { redeem: 4 } }).durable;
    const due = cloud.store.count('balances', { redeem: { $gt: 0 } });
    const notices = () => cloud.store.count('outbox', { template: 'pointsExpiring' });
    const first: ReminderRunResult = expectOk(await runExpiryReminder(ctx, () => notices() >= 1));
    expect(first).toMatchObject({ year: 2032, done: false });
    expect(first.queued).toBeGreaterThan(0);
    expect(first.queued).toBeLessThan(due);
    const second = expectOk(await runExpiryReminder(ctx));
    expect(second).toEqual({ year: 2032, queued: due - first.queued, done: true });
    expect(notices()).toBe(due);
    expect(expectOk(await runExpiryReminder(ctx))).toEqual({ year: 2032, queued: 0, done: true });
  });
});
