import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RedeemResult } from '../../../core/contracts/store';
import { store } from '../../../core/functions/store';
import type { OrderDoc } from '../../../core/domain/store/redemption';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import { consoleLogger } from '../../../core/runtime/logger';
import { auditLedger } from '../../../core/usecases/points/ledger-audit';
import { EXPIRE_BUDGET_MS, EXPIRE_JOB_ID, expireOrders, type ExpireReport } from '../../../core/usecases/store/expire-orders';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, fireTimer, startTestCloud, type Call } from '../../support/cloud';
import { balanceRedeem, bindMembers, createItem, fund, memberIds, rid, stockOf } from './helpers';

let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-01 09:00:00'));
const main = store({ clock });

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, main);
});
afterAll(() => cloud.close());

const runTimer = async (): Promise<ExpireReport> => {
  return expectOk(await fireTimer<ExpireReport>(cloud, main, 'expireOrders', clock.now()));
};
const orderDoc = (id: string): OrderDoc => cloud.store.getById('orders', id) as unknown as OrderDoc;

let next = 260;
async function member(points = 100): Promise<{ id: string; openid: string }> {
  const [id] = memberIds(next++, 1);
  const [openid] = await bindMembers(cloud, [id]);
  await fund(cloud, [id], points, clock.now(), `exp${id}`);
  return { id, openid };
}

describe('unclaimed orders expire and are refunded', () => {
  it('refunds an order left unclaimed past its item’s days, once, and tells the member', async () => {
    clock.set(chinaTime('2026-11-01 09:00:00'));
    const { id, openid } = await member();
    const item = await createItem(call, { cost: 25, stock: 3, expireDays: 14, limit: { count: 1, period: 'month' } });
    const { order } = expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('e') }));
    expect(order.expiresAt).toBe(chinaTime('2026-11-15 09:00:00').toISOString());

    clock.set(chinaTime('2026-11-15 08:59:59'));
    expect((await runTimer()).expired).toBe(0);
    expect(orderDoc(order.orderId).status).toBe('pending');

    clock.set(chinaTime('2026-11-15 09:05:00'));
    const report = await runTimer();
    expect(report.expired).toBeGreaterThanOrEqual(1);
    expect(orderDoc(order.orderId)).toMatchObject({ status: 'expired', cancelledBy: 'system', refundEntryId: `rev:ord:${order.orderId}` });
    expect(balanceRedeem(cloud, id)).toBe(100);
    expect(stockOf(cloud, item.itemId)).toBe(3);
    expect(cloud.store.getById('outbox', `ntf:orderExpired:${order.orderId}`)).toMatchObject({ memberId: id, template: 'orderExpired', status: 'pending' });
    // the month's use is given back
    expectOk(await call(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('e2') }));

    // a second run refunds nothing more
    const ledgerBefore = cloud.store.count('ledger', {});
    expect((await runTimer()).expired).toBe(0);
    expect(cloud.store.count('ledger', {})).toBe(ledgerBefore);
    expect(await call(openid, { action: 'orders.cancel', orderId: order.orderId })).toMatchObject({ ok: false, code: 'ORDER_NOT_CANCELLABLE' });
    expect(await call('demo-admin-county', { action: 'orders.fulfil', pickupCode: order.pickupCode })).toMatchObject({ ok: false, code: 'ORDER_NOT_FULFILLABLE' });
  });

  it('leaves fulfilled and cancelled orders alone and keeps a pending order within its days', async () => {
    clock.set(chinaTime('2026-11-01 09:00:00'));
    const { openid } = await member();
    const item = await createItem(call, { cost: 5, stock: 10, expireDays: 3 });
    const redeemOne = async () => expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('k') })).order;
    const fulfilled = await redeemOne();
    const cancelled = await redeemOne();
    expectOk(await call('demo-admin-county', { action: 'orders.fulfil', pickupCode: fulfilled.pickupCode }));
    expectOk(await call(openid, { action: 'orders.cancel', orderId: cancelled.orderId }));
    clock.set(chinaTime('2026-11-03 09:00:00'));
    const young = await redeemOne();
    clock.set(chinaTime('2026-11-04 10:00:00'));
    await runTimer();
    expect(orderDoc(fulfilled.orderId).status).toBe('fulfilled');
    expect(orderDoc(cancelled.orderId).status).toBe('cancelled');
    expect(orderDoc(young.orderId).status).toBe('pending');
    expect(cloud.store.count('ledger', { _id: `rev:ord:${cancelled.orderId}` })).toBe(1);
  });

  it('is not reachable by a client: a timer event with an openid is UNKNOWN_ACTION', async () => {
    const r = await cloud.invoke(main as never, { Type: 'Timer', TriggerName: 'expireOrders' }, { openid: 'demo-member-b01' });
    expect(r.result).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });
});

describe('per-member limits count per China-time period', () => {
  it('counts a monthly limit by the Shanghai calendar, whatever the server time zone', async () => {
    const { openid } = await member();
    const item = await createItem(call, { cost: 1, stock: 10, limit: { count: 1, period: 'month' }, activeFrom: '2026-01-01T00:00:00+08:00' });
    const redeemAt = (t: string) => {
      clock.set(chinaTime(t));
      return call(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('m') });
    };
    expect((await redeemAt('2026-11-30 23:59:59')).ok).toBe(true);
    expect(await redeemAt('2026-11-30 23:59:59')).toMatchObject({ ok: false, code: 'LIMIT_REACHED' });
    // 2026-12-01 00:00 in China is 2026-11-30 16:00 UTC: still November by UTC, December here
    expect((await redeemAt('2026-12-01 00:00:00')).ok).toBe(true);
    expect(await redeemAt('2026-12-31 23:59:59')).toMatchObject({ ok: false, code: 'LIMIT_REACHED' });
  });

  it('counts a daily limit from Shanghai midnight', async () => {
    const { openid } = await member();
    const item = await createItem(call, { cost: 1, stock: 10, limit: { count: 2, period: 'day' } });
    const at = async (t: string) => {
      clock.set(chinaTime(t));
      const r = await call(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('d') });
      return r.ok ? 'OK' : r.code;
    };
    expect([await at('2026-11-23 07:59:00'), await at('2026-11-23 08:01:00'), await at('2026-11-23 23:59:59'), await at('2026-11-24 00:00:00')]).toEqual(['OK', 'OK', 'LIMIT_REACHED', 'OK']);
  });

  it('ends a sale at the instant given, in any server time zone', async () => {
    const item = await createItem(call, { cost: 1, stock: 10, activeTo: '2026-12-01T00:00:00+08:00' });
    const { openid } = await member();
    clock.set(chinaTime('2026-11-30 23:59:59'));
    expect((await call(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('w') })).ok).toBe(true);
    clock.set(chinaTime('2026-12-01 00:00:00'));
    expect(await call(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('w') })).toMatchObject({ ok: false, code: 'ITEM_INACTIVE' });
  });

  it('audits to zero drift', async () => {
    expect((await auditLedger('county')).drift).toEqual([]);
  });
});

describe('the expiry job works in chunks within the function timeout', () => {
  const config = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../cloudfunctions/store/config.json'), 'utf8')) as { timeout: number };
  const ctx = () => ({ requestId: rid('job'), openid: undefined, clock, log: consoleLogger });
  const cursor = () => (cloud.store.getById('storeJobs', EXPIRE_JOB_ID) as { after: string } | null)?.after;

  it('stops starting chunks well before the function times out', () => {
    // the run's budget, plus a chunk in flight (5 refunds at once) and the cursor write, within config.json's timeout
    expect(EXPIRE_BUDGET_MS).toBeLessThanOrEqual(config.timeout * 1000 * 0.6);
  });

  it('resumes on the next firing after the last order a run went through, refunding each order once', async () => {
    clock.set(chinaTime('2026-11-01 09:00:00'));
    const { id, openid } = await member(200);
    const item = await createItem(call, { cost: 2, stock: 30, expireDays: 1 });
    const made = [];
    for (let i = 0; i < 30; i++) made.push(expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('chunk') })).order.orderId);
    expect(balanceRedeem(cloud, id)).toBe(140);
    clock.set(chinaTime('2026-11-03 09:00:00'));

    // each run has spent its (tiny) budget after one chunk: it stops there and leaves a cursor
    const undo = cloud.faults.add({ api: '*', delayMs: 2 });
    const runs: ExpireReport[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const r = expectOk(await expireOrders(ctx(), { budgetMs: 1 }));
        runs.push(r);
        if (!r.more) break;
        expect(cursor()).toBe(r.cursor);
      }
    } finally {
      undo();
    }
    expect(runs.map((r) => r.expired)).toEqual([5, 5, 5, 5, 5, 5]);
    expect(runs.map((r) => r.more)).toEqual([true, true, true, true, true, false]);
    const sorted = [...made].sort();
    expect(runs.slice(0, 5).map((r) => r.cursor)).toEqual([4, 9, 14, 19, 24].map((i) => sorted[i]));
    // the last run reached the end: the next firing starts over
    expect(cursor()).toBe('');
    expect(made.every((o) => orderDoc(o).status === 'expired')).toBe(true);
    expect(cloud.store.count('ledger', { _id: { $in: made.map((o) => `rev:ord:${o}`) } })).toBe(30);
    expect(balanceRedeem(cloud, id)).toBe(200);
    expect(stockOf(cloud, item.itemId)).toBe(30);
    expect((await runTimer()).expired).toBe(0);
    expect((await auditLedger('county')).drift).toEqual([]);
  });

  it('passes over an order it cannot refund and comes back to it when it starts over', async () => {
    clock.set(chinaTime('2026-11-20 09:00:00'));
    await runTimer(); // nothing else left to expire
    const { openid } = await member();
    const item = await createItem(call, { cost: 1, stock: 5, expireDays: 1 });
    const { order } = expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('fail') }));
    clock.set(chinaTime('2026-11-22 09:00:00'));
    const undo = cloud.faults.add({ api: 'database.commitTransaction', fail: true, times: 1 });
    const failed = await runTimer();
    undo();
    expect(failed).toMatchObject({ failed: 1, more: false, cursor: '' });
    expect(orderDoc(order.orderId).status).toBe('pending');
    expect(await runTimer()).toMatchObject({ expired: 1, failed: 0 });
    expect(orderDoc(order.orderId).status).toBe('expired');
  });
});
