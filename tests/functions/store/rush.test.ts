import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CancelResult, ItemSaveResult, RedeemResult } from '../../../core/contracts/store';
import type { Result } from '../../../core/contracts/envelope';
import { store } from '../../../core/functions/store';
import type { OrderDoc } from '../../../core/domain/store/redemption';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import { auditLedger } from '../../../core/usecases/points/ledger-audit';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { balanceRedeem, bindMembers, createItem, fund, memberIds, rid, shardsOf, stockDrift, stockOf } from './helpers';

/**
 * Rushes on one item through the real SDK. Every database request is made a few milliseconds
 * slower, as a request to CloudBase's database is: without it the in-process local cloud
 * answers so fast that the redemptions' transactions hardly overlap and a rush proves nothing
 * (with it, the design before stock shards ended a 300-member rush on stock 150 with 59 orders
 * and 241 BUSY).
 */
const DB_LATENCY_MS = 3;

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
const tally = (rs: Result<unknown>[]): Record<string, number> => rs.reduce<Record<string, number>>((t, r) => ({ ...t, [r.ok ? 'OK' : r.code]: (t[r.ok ? 'OK' : r.code] ?? 0) + 1 }), {});

async function withLatency<T>(run: () => Promise<T>): Promise<T> {
  const undo = cloud.faults.add({ api: '*', delayMs: DB_LATENCY_MS });
  try {
    return await run();
  } finally {
    undo();
  }
}

describe('300 members rush an item with stock 150 at once', () => {
  it('makes exactly 150 orders, refuses everyone else with OUT_OF_STOCK (no BUSY), with stock and ledger drift 0', async () => {
    const ids = memberIds(1, 300);
    const openids = await bindMembers(cloud, ids);
    await fund(cloud, ids, 100, NOW, 'rush');
    const start = new Map(ids.map((id) => [id, balanceRedeem(cloud, id)]));
    const item = await createItem(call, { name: '大米5kg（限量）', cost: 30, stock: 150 });
    expect(shardsOf(cloud, item.itemId).length).toBeGreaterThan(1);

    const results = await withLatency(() => Promise.all(openids.map((o) => call<RedeemResult>(o, { action: 'redeem', itemId: item.itemId, requestId: rid('rush') }))));

    expect(tally(results)).toEqual({ OK: 150, OUT_OF_STOCK: 150 });
    const orders = ordersOf(item.itemId);
    expect(orders).toHaveLength(150);
    expect(new Set(orders.map((o) => o.pickupCode)).size).toBe(150);
    expect(stockOf(cloud, item.itemId)).toBe(0);
    expect(stockDrift(cloud, item.itemId)).toBe(0);
    // every order names the shard its unit came from, and no shard gave more than it held
    const perShard = new Map<string, number>();
    for (const o of orders) perShard.set(o.shardId, (perShard.get(o.shardId) ?? 0) + 1);
    expect([...perShard.keys()].every((id) => id.startsWith(`${item.itemId}#`))).toBe(true);
    const winners = new Set(orders.map((o) => o.memberId));
    ids.forEach((id, i) => {
      expect(results[i].ok).toBe(winners.has(id));
      expect(balanceRedeem(cloud, id)).toBe(start.get(id)! - (winners.has(id) ? 30 : 0));
    });
    expect((await auditLedger('county')).drift).toEqual([]);
  });
});

describe('restocking during a rush', () => {
  it('lands at once, and every unit put in is sold exactly once', async () => {
    const ids = memberIds(1, 120);
    const openids = await bindMembers(cloud, ids);
    await fund(cloud, ids, 100, NOW, 'restock');
    const item = await createItem(call, { name: '洗衣液', cost: 10, stock: 40 });

    const [restock, ...results] = await withLatency(() =>
      Promise.all([
        // sent with the rush, it contends with nothing the redemptions write: it fills empty or new shards
        new Promise<Result<ItemSaveResult>>((resolve) =>
          setTimeout(
            () => resolve(call<ItemSaveResult>('demo-admin-county', { action: 'items.save', mode: 'update', itemId: item.itemId, storeOrgId: 'county', name: '洗衣液', cost: 10, stockDelta: 40 })),
            20,
          ),
        ),
        ...openids.map((o) => call<RedeemResult>(o, { action: 'redeem', itemId: item.itemId, requestId: rid('rs') })),
      ]),
    );

    expect(expectOk(restock).item.stockIn).toBe(80);
    expect(results.every((r) => r.ok || r.code === 'OUT_OF_STOCK')).toBe(true);
    expect(stockDrift(cloud, item.itemId)).toBe(0);
    // whatever the rush left is still for sale: the members refused come back until it is gone
    const refused = openids.filter((_, i) => !results[i].ok);
    for (const o of refused) {
      if (stockOf(cloud, item.itemId) === 0) break;
      expectOk(await call(o, { action: 'redeem', itemId: item.itemId, requestId: rid('rs2') }));
    }
    expect(ordersOf(item.itemId)).toHaveLength(80);
    expect(stockOf(cloud, item.itemId)).toBe(0);
    expect(stockDrift(cloud, item.itemId)).toBe(0);
  });

  it('writes off units during a rush without taking one a member was given', async () => {
    // 20 members and a write-off of 10 on stock 30: every one of them fits, in whatever order they land
    const ids = memberIds(121, 20);
    const openids = await bindMembers(cloud, ids);
    await fund(cloud, ids, 100, NOW, 'writeoff');
    const item = await createItem(call, { name: '香皂', cost: 5, stock: 30 });
    const save = (stockDelta: number) =>
      call<ItemSaveResult>('demo-admin-county', { action: 'items.save', mode: 'update', itemId: item.itemId, storeOrgId: 'county', name: '香皂', cost: 5, stockDelta });

    const [writeOff, ...results] = await withLatency(() => Promise.all([save(-10), ...openids.map((o) => call<RedeemResult>(o, { action: 'redeem', itemId: item.itemId, requestId: rid('wo') }))]));

    expect(expectOk(writeOff).item.stockIn).toBe(20);
    expect(tally(results)).toEqual({ OK: 20 });
    expect(stockOf(cloud, item.itemId)).toBe(0);
    expect(stockDrift(cloud, item.itemId)).toBe(0);
    expect(await save(-1)).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'stockDelta', message: '填写的内容有误：库存不能小于 0（当前库存 0）' });
  });
});

describe('cancelling returns the unit to the shards', () => {
  it('sells a cancelled unit again, in the middle of a rush', async () => {
    const ids = memberIds(141, 41);
    const [buyer, ...others] = await bindMembers(cloud, ids);
    await fund(cloud, ids, 100, NOW, 'cancel');
    const before = balanceRedeem(cloud, ids[0]);
    const item = await createItem(call, { name: '毛巾', cost: 8, stock: 10 });
    const mine = await Promise.all(Array.from({ length: 5 }, () => call<RedeemResult>(buyer, { action: 'redeem', itemId: item.itemId, requestId: rid('mine') }).then(expectOk)));
    expect(stockOf(cloud, item.itemId)).toBe(5);

    const results = await withLatency(() =>
      Promise.all([
        ...mine.map((m) => call<CancelResult>(buyer, { action: 'orders.cancel', orderId: m.order.orderId })),
        ...others.map((o) => call<RedeemResult>(o, { action: 'redeem', itemId: item.itemId, requestId: rid('c') })),
      ]),
    );

    const cancels = results.slice(0, 5);
    expect(cancels.map((r) => r.ok)).toEqual([true, true, true, true, true]);
    expect(results.slice(5).every((r) => r.ok || r.code === 'OUT_OF_STOCK')).toBe(true);
    expect(balanceRedeem(cloud, ids[0])).toBe(before);
    expect(stockDrift(cloud, item.itemId)).toBe(0);
    // 5 units never left, 5 came back: the 40 others took between 5 and 10, and what is left is still on sale
    const sold = results.slice(5).filter((r) => r.ok).length;
    expect(sold).toBeGreaterThanOrEqual(5);
    expect(stockOf(cloud, item.itemId)).toBe(10 - sold);
    expect((await auditLedger('county')).drift).toEqual([]);
  });
});
