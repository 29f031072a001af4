import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import type { ManagedItemView, RedeemResult } from '../../../core/contracts/store';
import { chinaTime } from '../../../core/domain/time';
import { store } from '../../../core/functions/store';
import { fixedClock } from '../../../core/runtime/clock';
import type { Main } from '../../../core/runtime/router';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud } from '../../support/cloud';
import { bindMembers, createItem, fund, memberIds, rid } from './helpers';

/**
 * Database requests per store action, as each use case's header comment states them, counted by
 * the local cloud for one invocation through the real SDK (transaction start and commit included).
 */
const NOW = chinaTime('2026-11-23 10:00:00');
let cloud: LocalCloud;
let main: Main;
let item: ManagedItemView;
const members: string[] = [];

beforeAll(async () => {
  cloud = await startTestCloud();
  main = store({ clock: fixedClock(NOW) });
  const ids = memberIds(260, 3);
  members.push(...(await bindMembers(cloud, ids)));
  await fund(cloud, ids, 100, NOW, 'counts');
  item = await createItem(caller(cloud, main), { cost: 10, stock: 20 });
});
afterAll(() => cloud.close());

async function requests(openid: string, event: Record<string, unknown>): Promise<{ n: number; data: unknown }> {
  const r = await cloud.invoke<Result<unknown>>(main as never, event, { openid });
  if (!r.result.ok) throw new Error(`${String(event.action)}: ${r.result.code} ${r.result.message}`);
  return { n: r.dbRequests, data: r.result.data };
}

describe('store actions cost what their header comments say', () => {
  it('items.list: 3 for a member (the caller, the items with their stock, the balance), 4 once an item on sale has a per-member limit (the counters)', async () => {
    expect((await requests(members[0], { action: 'items.list' })).n).toBe(3);
    await createItem(caller(cloud, main), { cost: 10, stock: 5, limit: { count: 1, period: 'month' } });
    expect((await requests(members[0], { action: 'items.list' })).n).toBe(4);
  });

  it('items.list for a keeper: 2 (the caller, the items of their stores with their stock)', async () => {
    expect((await requests('demo-admin-county', { action: 'items.list', manage: true })).n).toBe(2);
  });

  it('orders.mine: 2 (the caller, one indexed page)', async () => {
    expect((await requests(members[0], { action: 'orders.mine' })).n).toBe(2);
  });

  it('orders.fulfil: 7 (the caller, the order by code, the transaction: start, order, update, audit, commit)', async () => {
    const { data } = await requests(members[1], { action: 'redeem', itemId: item.itemId, requestId: rid('f') });
    const { order } = data as RedeemResult;
    expect((await requests('demo-admin-county', { action: 'orders.fulfil', pickupCode: order.pickupCode })).n).toBe(7);
  });

  it('orders.cancel by the member: 11 (the caller, the order, the transaction: start, order, debit, balance, refund entry, balance, order, shard, commit)', async () => {
    const { data } = await requests(members[2], { action: 'redeem', itemId: item.itemId, requestId: rid('c') });
    const { order } = data as RedeemResult;
    expect((await requests(members[2], { action: 'orders.cancel', orderId: order.orderId })).n).toBe(11);
  });

  it('makes the order it was asked for', async () => {
    expect(expectOk(await caller(cloud, main)<RedeemResult>(members[0], { action: 'redeem', itemId: item.itemId, requestId: rid('x') })).order.status).toBe('pending');
  });
});
