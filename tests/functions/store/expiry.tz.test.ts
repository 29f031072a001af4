import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RedeemResult } from '../../../core/contracts/store';
import { store } from '../../../core/functions/store';
import type { OrderDoc } from '../../../core/domain/store/redemption';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import { auditLedger } from '../../../core/usecases/points/audit-ledger';
import type { ExpireReport } from '../../../core/usecases/store/expire-orders';
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
