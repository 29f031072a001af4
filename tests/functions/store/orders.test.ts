import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CancelResult, FulfilResult, OrdersMineResult, RedeemResult } from '../../../core/contracts/store';
import { store } from '../../../core/functions/store';
import type { LedgerEntry } from '../../../core/domain/points/ledger';
import type { OrderDoc } from '../../../core/domain/store/redemption';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import type { AuditDoc } from '../../../core/domain/audit';
import { auditLedger } from '../../../core/usecases/points/ledger-audit';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { balanceRedeem, bindMembers, createItem, fund, memberIds, rid, snapshot, stockOf } from './helpers';

let cloud: LocalCloud;
let call: Call;
const NOW = chinaTime('2026-11-23 10:00:00');
const clock = fixedClock(NOW);

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, store({ clock }));
});
afterAll(() => cloud.close());

let next = 230;
/** A fresh member of b10 (town t3) with 100 points, and an item of the county store they redeemed once. */
async function redeemed(over: Parameters<typeof createItem>[1] = {}, keeper = 'demo-admin-county') {
  const [id] = memberIds(next++, 1);
  const [openid] = await bindMembers(cloud, [id]);
  await fund(cloud, [id], 100, NOW, `ord${id}`);
  const item = await createItem(call, { cost: 30, stock: 5, limit: { count: 1, period: 'month' }, ...over }, keeper);
  const { order } = expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('o') }));
  return { id, openid, item, order };
}
const refunds = (orderId: string): number => cloud.store.count('ledger', { _id: `rev:ord:${orderId}` });
const orderDoc = (orderId: string): OrderDoc => cloud.store.getById('orders', orderId) as unknown as OrderDoc;

describe('cancellation by the member', () => {
  it('refunds through a reversal entry, restores the stock and the limit', async () => {
    const { id, openid, item, order } = await redeemed();
    expect(balanceRedeem(cloud, id)).toBe(70);
    expect(stockOf(cloud, item.itemId)).toBe(4);
    const r = expectOk(await call<CancelResult>(openid, { action: 'orders.cancel', orderId: order.orderId }));
    expect(r.refunded).toBe(30);
    expect(r.order).toMatchObject({ status: 'cancelled', pickupCode: null });
    expect(balanceRedeem(cloud, id)).toBe(100);
    expect(stockOf(cloud, item.itemId)).toBe(5);
    const rev = cloud.store.getById('ledger', `rev:ord:${order.orderId}`) as unknown as LedgerEntry;
    expect(rev).toMatchObject({ redeem: 30, eval: 0, reversalOf: `ord:${order.orderId}`, ruleCode: 'STORE_REDEMPTION', memberId: id });
    // the month's one use is given back: the member may redeem again
    expectOk(await call(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('again') }));
    expect(balanceRedeem(cloud, id)).toBe(70);
  });

  it('refuses a second cancel with ORDER_NOT_CANCELLABLE and refunds once', async () => {
    const { id, openid, order } = await redeemed();
    expectOk(await call(openid, { action: 'orders.cancel', orderId: order.orderId }));
    const before = snapshot(cloud);
    expect(await call(openid, { action: 'orders.cancel', orderId: order.orderId })).toMatchObject({ ok: false, code: 'ORDER_NOT_CANCELLABLE' });
    expect(snapshot(cloud)).toBe(before);
    expect(refunds(order.orderId)).toBe(1);
    expect(balanceRedeem(cloud, id)).toBe(100);
  });

  it('refunds once when 10 cancels of one order arrive together', async () => {
    const { id, openid, item, order } = await redeemed();
    const rs = await Promise.all(Array.from({ length: 10 }, () => call(openid, { action: 'orders.cancel', orderId: order.orderId })));
    expect(rs.filter((r) => r.ok)).toHaveLength(1);
    expect(rs.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(Array(9).fill('ORDER_NOT_CANCELLABLE'));
    expect(refunds(order.orderId)).toBe(1);
    expect(balanceRedeem(cloud, id)).toBe(100);
    expect(stockOf(cloud, item.itemId)).toBe(5);
  });

  it('refuses fulfilment after cancellation with ORDER_NOT_FULFILLABLE', async () => {
    const { openid, order } = await redeemed();
    expectOk(await call(openid, { action: 'orders.cancel', orderId: order.orderId }));
    const before = snapshot(cloud);
    expect(await call('demo-admin-county', { action: 'orders.fulfil', pickupCode: order.pickupCode })).toMatchObject({ ok: false, code: 'ORDER_NOT_FULFILLABLE' });
    expect(snapshot(cloud)).toBe(before);
  });

  it("answers another member's cancel as if the order did not exist (NOT_FOUND), writing nothing", async () => {
    const { order } = await redeemed();
    const before = snapshot(cloud);
    expect(await call('demo-member-b02', { action: 'orders.cancel', orderId: order.orderId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(snapshot(cloud)).toBe(before);
  });

  it('refuses a store keeper of another town FORBIDDEN on an order of this store, writing nothing', async () => {
    const { order } = await redeemed();
    const before = snapshot(cloud);
    expect(await call('demo-keeper-t2', { action: 'orders.cancel', orderId: order.orderId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(snapshot(cloud)).toBe(before);
  });

  it('answers NOT_FOUND for an unknown order', async () => {
    expect(await call('demo-member-b01', { action: 'orders.cancel', orderId: 'o-nope' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('fulfilment by a keeper scanning the pickup QR', () => {
  it('hands over a pending order in scope, audited', async () => {
    const { order } = await redeemed({ storeOrgId: 't3' }, 'demo-keeper-t3');
    const r = expectOk(await call<FulfilResult>('demo-keeper-t3', { action: 'orders.fulfil', pickupCode: `HGJPICK:${order.pickupCode}` }));
    expect(r.order).toMatchObject({ orderId: order.orderId, status: 'fulfilled', pickupCode: null });
    expect(r.memberName).toBe(orderDoc(order.orderId).memberName);
    const audits = cloud.store.find('audit', { action: 'store.orders.fulfil', targetId: order.orderId }, { limit: 10 }) as unknown as AuditDoc[];
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ role: 'storeKeeper', before: { status: 'pending' }, after: { status: 'fulfilled' }, ancestors: ['county', 't3'] });
  });

  it('reads a typed code with spaces, dashes and lower case', async () => {
    const { order } = await redeemed();
    const c = order.pickupCode!;
    const typed = `${c.slice(0, 4).toLowerCase()} - ${c.slice(4)}`;
    expect(expectOk(await call<FulfilResult>('demo-admin-county', { action: 'orders.fulfil', pickupCode: typed })).order.status).toBe('fulfilled');
  });

  it('refuses a second scan of the same code with ORDER_NOT_FULFILLABLE', async () => {
    const { order } = await redeemed();
    expectOk(await call('demo-admin-county', { action: 'orders.fulfil', pickupCode: order.pickupCode }));
    const before = snapshot(cloud);
    const r = await call('demo-admin-county', { action: 'orders.fulfil', pickupCode: order.pickupCode });
    expect(r).toMatchObject({ ok: false, code: 'ORDER_NOT_FULFILLABLE', message: '该订单已核销，请勿重复发放' });
    expect(snapshot(cloud)).toBe(before);
  });

  it('refuses cancellation after fulfilment, by the member and by the keeper, with no refund', async () => {
    const { id, openid, item, order } = await redeemed();
    expectOk(await call('demo-admin-county', { action: 'orders.fulfil', pickupCode: order.pickupCode }));
    const before = snapshot(cloud);
    expect(await call(openid, { action: 'orders.cancel', orderId: order.orderId })).toMatchObject({ ok: false, code: 'ORDER_NOT_CANCELLABLE' });
    expect(await call('demo-admin-county', { action: 'orders.cancel', orderId: order.orderId })).toMatchObject({ ok: false, code: 'ORDER_NOT_CANCELLABLE' });
    expect(snapshot(cloud)).toBe(before);
    expect(refunds(order.orderId)).toBe(0);
    expect(balanceRedeem(cloud, id)).toBe(70);
    expect(stockOf(cloud, item.itemId)).toBe(4);
  });

  it('lets exactly one of a concurrent fulfil and cancel through', async () => {
    for (let i = 0; i < 5; i++) {
      const { id, openid, order } = await redeemed();
      const [f, c] = await Promise.all([call('demo-admin-county', { action: 'orders.fulfil', pickupCode: order.pickupCode }), call(openid, { action: 'orders.cancel', orderId: order.orderId })]);
      expect([f.ok, c.ok].filter(Boolean)).toHaveLength(1);
      const status = orderDoc(order.orderId).status;
      expect(status).toBe(f.ok ? 'fulfilled' : 'cancelled');
      expect(refunds(order.orderId)).toBe(c.ok ? 1 : 0);
      expect(balanceRedeem(cloud, id)).toBe(c.ok ? 100 : 70);
    }
  });

  it.each([
    ['an unknown code', '23456789'],
    ['a code with letters outside the alphabet', 'O0I1O0I1'],
    ['a code of the wrong length', 'ABC'],
    ['some other QR', 'HGJBIND:ABC123'],
  ])('refuses %s with PICKUP_CODE_INVALID', async (_name, code) => {
    expect(await call('demo-keeper-t1', { action: 'orders.fulfil', pickupCode: code })).toMatchObject({ ok: false, code: 'PICKUP_CODE_INVALID' });
  });

  it('refuses a member without a keeper role with FORBIDDEN, even with a valid code', async () => {
    const { order } = await redeemed();
    expect(await call('demo-member-b01', { action: 'orders.fulfil', pickupCode: order.pickupCode })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(orderDoc(order.orderId).status).toBe('pending');
  });
});

describe('cancellation by a keeper', () => {
  it('refunds and records who did it and why', async () => {
    const { id, order } = await redeemed({ storeOrgId: 't3' }, 'demo-keeper-t3');
    const r = expectOk(await call<CancelResult>('demo-keeper-t3', { action: 'orders.cancel', orderId: order.orderId, reason: '商品破损' }));
    expect(r.refunded).toBe(30);
    expect(balanceRedeem(cloud, id)).toBe(100);
    const [a] = cloud.store.find('audit', { action: 'store.orders.cancel', targetId: order.orderId }, { limit: 10 }) as unknown as AuditDoc[];
    expect(a).toMatchObject({ role: 'storeKeeper', reason: '商品破损', after: { status: 'cancelled', refunded: 30 } });
    expect(orderDoc(order.orderId)).toMatchObject({ status: 'cancelled', cancelReason: '商品破损' });
  });

  it('leaves the order pending and the points spent when the cancel commit fails', async () => {
    const { id, openid, order } = await redeemed();
    const before = snapshot(cloud);
    const undo = cloud.faults.add({ api: 'database.commitTransaction', fail: true, nth: 1 });
    const r = await call(openid, { action: 'orders.cancel', orderId: order.orderId });
    undo();
    expect(r.ok).toBe(false);
    expect(snapshot(cloud)).toBe(before);
    expectOk(await call(openid, { action: 'orders.cancel', orderId: order.orderId }));
    expect(balanceRedeem(cloud, id)).toBe(100);
  });
});

describe('store.orders.mine', () => {
  it('lists the caller’s orders newest first, pickup codes only while pending', async () => {
    const { openid, item, order } = await redeemed({ limit: null });
    clock.advance(60_000);
    const second = expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('mine') })).order;
    expectOk(await call(openid, { action: 'orders.cancel', orderId: order.orderId }));
    clock.set(NOW);
    const { orders } = expectOk(await call<OrdersMineResult>(openid, { action: 'orders.mine' }));
    expect(orders.map((o) => [o.orderId, o.status, o.pickupCode])).toEqual([
      [second.orderId, 'pending', second.pickupCode],
      [order.orderId, 'cancelled', null],
    ]);
    const pending = expectOk(await call<OrdersMineResult>(openid, { action: 'orders.mine', status: 'pending' }));
    expect(pending.orders.map((o) => o.orderId)).toEqual([second.orderId]);
  });
});

describe('the ledger after all of the above', () => {
  it('audits to zero drift', async () => {
    expect((await auditLedger('county')).drift).toEqual([]);
  });
});
