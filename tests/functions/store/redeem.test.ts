import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FulfilResult, RedeemResult } from '../../../core/contracts/store';
import { store } from '../../../core/functions/store';
import type { LedgerEntry } from '../../../core/domain/points/ledger';
import type { OrderDoc } from '../../../core/domain/store/redemption';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
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

const ordersOf = (itemId: string): OrderDoc[] => cloud.store.find('orders', { itemId }, { limit: 10000 }) as unknown as OrderDoc[];

describe('200 members redeem an item with stock 10 at once', () => {
  it('makes exactly 10 orders; balances, stock and ledger agree', async () => {
    const ids = memberIds(1, 200);
    const openids = await bindMembers(cloud, ids);
    await fund(cloud, ids, 100, NOW, 'crowd');
    const start = new Map(ids.map((id) => [id, balanceRedeem(cloud, id)]));
    const item = await createItem(call, { name: '大米5kg', cost: 30, stock: 10 });

    const results = await Promise.all(openids.map((o) => call<RedeemResult>(o, { action: 'redeem', itemId: item.itemId, requestId: rid('crowd') })));

    const codes = results.map((r) => (r.ok ? 'OK' : r.code));
    const tally = codes.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});
    expect(tally).toEqual({ OK: 10, OUT_OF_STOCK: 190 });
    const orders = ordersOf(item.itemId);
    expect(orders).toHaveLength(10);
    expect(new Set(orders.map((o) => o.pickupCode)).size).toBe(10);
    expect(stockOf(cloud, item.itemId)).toBe(0);

    const winners = new Set(orders.map((o) => o.memberId));
    ids.forEach((id, i) => {
      expect(balanceRedeem(cloud, id)).toBe(start.get(id)! - (winners.has(id) ? 30 : 0));
      expect(results[i].ok).toBe(winners.has(id));
    });
    const debits = cloud.store.find('ledger', { 'source.id': { $in: orders.map((o) => o._id) } }, { limit: 100 }) as unknown as LedgerEntry[];
    expect(debits.map((e) => e._id).sort()).toEqual(orders.map((o) => `ord:${o._id}`).sort());
    expect(debits.every((e) => e.redeem === -30 && e.eval === 0 && e.ruleCode === 'STORE_REDEMPTION' && e.source.type === 'order')).toBe(true);
    expect((await auditLedger('county')).drift).toEqual([]);
  });
});

describe('the rush under network latency', () => {
  it('still ends with exactly the stock in orders and no BUSY when every request takes 3 ms', async () => {
    // every lost commit means another redemption of the item went through: with stock 10 a
    // request loses at most 10 times, within db.transaction's 12 attempts
    const openids = await bindMembers(cloud, memberIds(1, 200));
    const item = await createItem(call, { name: '食用油', cost: 30, stock: 10 });
    const undo = cloud.faults.add({ api: '*', delayMs: 3 });
    const results = await Promise.all(openids.map((o) => call<RedeemResult>(o, { action: 'redeem', itemId: item.itemId, requestId: rid('slow') })));
    undo();
    const codes = results.map((r) => (r.ok ? 'OK' : r.code));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(10);
    expect(codes.filter((c) => c !== 'OK' && c !== 'OUT_OF_STOCK')).toEqual([]);
    expect(ordersOf(item.itemId)).toHaveLength(10);
    expect(stockOf(cloud, item.itemId)).toBe(0);
  });
});

describe('the same request id', () => {
  it('gives one member firing 20 concurrent redemptions with one request id one order', async () => {
    const [id] = memberIds(210, 1);
    const [openid] = await bindMembers(cloud, [id]);
    await fund(cloud, [id], 50, NOW, 'same');
    const item = await createItem(call, { name: '洗衣液', cost: 20, stock: 5 });
    const requestId = rid('same');

    const results = await Promise.all(Array.from({ length: 20 }, () => call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId })));

    const data = results.map(expectOk);
    expect(new Set(data.map((d) => d.order.orderId)).size).toBe(1);
    expect(data.filter((d) => !d.duplicate)).toHaveLength(1);
    expect(new Set(data.map((d) => d.order.pickupCode)).size).toBe(1);
    expect(ordersOf(item.itemId)).toHaveLength(1);
    expect(stockOf(cloud, item.itemId)).toBe(4);
    expect(balanceRedeem(cloud, id)).toBe(30);
    expect(cloud.store.count('ledger', { memberId: id, 'source.type': 'order' })).toBe(1);
  });

  it('answers a later retry with the first order, even after the item sold out', async () => {
    const [id] = memberIds(211, 1);
    const [openid] = await bindMembers(cloud, [id]);
    await fund(cloud, [id], 50, NOW, 'retry');
    const item = await createItem(call, { name: '毛巾', cost: 5, stock: 1 });
    const requestId = rid('retry');
    const first = expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId }));
    const again = expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId }));
    expect(again).toEqual({ order: first.order, duplicate: true });
    expect(balanceRedeem(cloud, id)).toBe(45);
  });

  it('answers CONFLICT when a request id comes back for another item, and writes nothing', async () => {
    const [id] = memberIds(212, 1);
    const [openid] = await bindMembers(cloud, [id]);
    await fund(cloud, [id], 50, NOW, 'conflict');
    const a = await createItem(call, { name: '香皂', cost: 5, stock: 5 });
    const b = await createItem(call, { name: '牙膏', cost: 5, stock: 5 });
    const requestId = rid('conflict');
    expectOk(await call(openid, { action: 'redeem', itemId: a.itemId, requestId }));
    const before = snapshot(cloud);
    expect(await call(openid, { action: 'redeem', itemId: b.itemId, requestId })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(snapshot(cloud)).toBe(before);
  });
});

describe('refusals write nothing', () => {
  type Case = { name: string; code: string; setup: () => Promise<{ openid: string; itemId: string }> };
  const member = async (n: number, points: number): Promise<string> => {
    const [id] = memberIds(n, 1);
    const [openid] = await bindMembers(cloud, [id]);
    if (points) await fund(cloud, [id], points, NOW, `refuse${n}`);
    return openid;
  };
  const cases: Case[] = [
    {
      name: 'a member with too few points',
      code: 'INSUFFICIENT_POINTS',
      setup: async () => ({ openid: await member(213, 9), itemId: (await createItem(call, { cost: 10 })).itemId }),
    },
    {
      name: 'a member with no points at all',
      code: 'INSUFFICIENT_POINTS',
      setup: async () => ({ openid: await member(214, 0), itemId: (await createItem(call, { cost: 1 })).itemId }),
    },
    {
      name: 'an item out of stock',
      code: 'OUT_OF_STOCK',
      setup: async () => ({ openid: await member(215, 100), itemId: (await createItem(call, { stock: 0 })).itemId }),
    },
    {
      name: 'an item taken off sale',
      code: 'ITEM_INACTIVE',
      setup: async () => ({ openid: await member(216, 100), itemId: (await createItem(call, { status: 'inactive' })).itemId }),
    },
    {
      name: 'an item whose sale has ended',
      code: 'ITEM_INACTIVE',
      setup: async () => ({ openid: await member(217, 100), itemId: (await createItem(call, { activeTo: '2026-11-01T00:00:00+08:00' })).itemId }),
    },
    {
      name: 'an item not on sale yet',
      code: 'ITEM_INACTIVE',
      setup: async () => ({ openid: await member(218, 100), itemId: (await createItem(call, { activeFrom: '2026-12-01T00:00:00+08:00' })).itemId }),
    },
    {
      name: 'a per-member limit reached',
      code: 'LIMIT_REACHED',
      setup: async () => {
        const openid = await member(219, 100);
        const item = await createItem(call, { limit: { count: 2, period: 'month' } });
        for (let i = 0; i < 2; i++) expectOk(await call(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('lim') }));
        return { openid, itemId: item.itemId };
      },
    },
    {
      name: 'a member outside the item scope (another town store)',
      code: 'FORBIDDEN',
      // m0220 is in b09 (town t3); the item is t1's, for t1's members
      setup: async () => ({ openid: await member(220, 100), itemId: (await createItem(call, { storeOrgId: 't1' }, 'demo-keeper-t1')).itemId }),
    },
    {
      name: 'an item that does not exist',
      code: 'NOT_FOUND',
      setup: async () => ({ openid: await member(221, 100), itemId: 'itm-nope' }),
    },
  ];

  it.each(cases)('refuses $name with $code', async ({ code, setup }) => {
    const { openid, itemId } = await setup();
    const before = snapshot(cloud);
    const r = await call(openid, { action: 'redeem', itemId, requestId: rid('refuse') });
    expect(r).toMatchObject({ ok: false, code });
    expect(snapshot(cloud)).toBe(before);
  });

  it('refuses a keeper outside the store org: fulfil, cancel and item edits, writing nothing', async () => {
    const openid = await member(222, 100);
    const item = await createItem(call, { storeOrgId: 't1', scopeOrgIds: ['county'], name: '理发服务' }, 'demo-keeper-t1');
    const { order } = expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('kp') }));
    const before = snapshot(cloud);
    expect(await call('demo-keeper-t2', { action: 'orders.fulfil', pickupCode: order.pickupCode })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('demo-keeper-t2', { action: 'orders.cancel', orderId: order.orderId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('demo-keeper-t2', { action: 'items.save', mode: 'update', itemId: item.itemId, storeOrgId: 't1', name: '理发服务', cost: 1, stockDelta: 100 })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await call('demo-keeper-t2', { action: 'items.save', mode: 'create', requestId: rid('kp'), storeOrgId: 't1', name: '别人的商品', cost: 1, stock: 1 })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(snapshot(cloud)).toBe(before);
    // and the keeper in scope may
    expect(expectOk(await call<FulfilResult>('demo-keeper-t1', { action: 'orders.fulfil', pickupCode: order.pickupCode })).order.status).toBe('fulfilled');
  });

  it('leaves no trace when the commit fails, and a retry with the same request id then succeeds once', async () => {
    const [id] = memberIds(223, 1);
    const [openid] = await bindMembers(cloud, [id]);
    await fund(cloud, [id], 40, NOW, 'fault');
    const item = await createItem(call, { cost: 15, stock: 3 });
    const requestId = rid('fault');
    const before = snapshot(cloud);
    const undo = cloud.faults.add({ api: 'database.commitTransaction', fail: true, nth: 1 });
    const r = await call(openid, { action: 'redeem', itemId: item.itemId, requestId });
    undo();
    expect(r.ok).toBe(false);
    expect(snapshot(cloud)).toBe(before);
    expect(expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId })).duplicate).toBe(false);
    expect(balanceRedeem(cloud, id)).toBe(25);
    expect(stockOf(cloud, item.itemId)).toBe(2);
  });
});

describe('cost of a redemption', () => {
  // the counts written in core/usecases/store/redeem.ts's header
  it('takes 15 database requests with a per-member limit, 13 without (the ready-for-pickup notice included), and a sold-out refusal 5', async () => {
    const [id] = memberIds(224, 1);
    const [openid] = await bindMembers(cloud, [id]);
    await fund(cloud, [id], 100, NOW, 'cost');
    const limited = await createItem(call, { cost: 10, stock: 1, limit: { count: 5, period: 'week' } });
    const plain = await createItem(call, { cost: 10, stock: 5 });
    const main = store({ clock }) as never;
    const withLimit = await cloud.invoke(main, { action: 'redeem', itemId: limited.itemId, requestId: rid('cost') }, { openid });
    expect((withLimit.result as { ok: boolean }).ok).toBe(true);
    expect(withLimit.dbRequests).toBe(15);
    const withoutLimit = await cloud.invoke(main, { action: 'redeem', itemId: plain.itemId, requestId: rid('cost') }, { openid });
    expect((withoutLimit.result as { ok: boolean }).ok).toBe(true);
    expect(withoutLimit.dbRequests).toBe(13);
    const soldOut = await cloud.invoke(main, { action: 'redeem', itemId: limited.itemId, requestId: rid('cost') }, { openid });
    expect(soldOut.result).toMatchObject({ ok: false, code: 'OUT_OF_STOCK' });
    expect(soldOut.dbRequests).toBe(5);
  });

  it('audits to zero drift after all of the above', async () => {
    expect((await auditLedger('county')).drift).toEqual([]);
  });
});
