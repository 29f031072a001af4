import type { ItemCreateInput, ItemSaveResult, ManagedItemView } from '../../../core/contracts/store';
import type { MemberDoc } from '../../../core/domain/org/model';
import type { StoreItemDoc } from '../../../core/domain/store/item';
import type { StockShardDoc } from '../../../core/domain/store/stock';
import { postOnce } from '../../../core/usecases/points/post-entry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { expectOk, type Call } from '../../support/cloud';
import { draft, rule } from '../../support/ledger';

/** Collections a store action may write: a refusal must leave every one as it was. */
export const STORE_WRITES = ['orders', 'ledger', 'balances', 'redemptionCounts', 'storeItems', 'stockShards', 'audit', 'outbox'] as const;

export function snapshot(cloud: LocalCloud): string {
  return JSON.stringify(STORE_WRITES.map((c) => cloud.store.find(c, {}, { limit: 1_000_000, order: { _id: 1 } })));
}

/** Binds roster members to test openids (`t-<memberId>`) so they can call. */
export async function bindMembers(cloud: LocalCloud, ids: string[]): Promise<string[]> {
  for (const id of ids) {
    const m = cloud.store.getById('members', id) as unknown as MemberDoc;
    if (m.openid.startsWith('unbound:')) await cloud.store.updateById('members', id, { $set: { openid: `t-${id}` } }).durable;
  }
  return ids.map((id) => (cloud.store.getById('members', id) as unknown as MemberDoc).openid);
}

/** Gives members redeemable points through the ledger (an award entry each, so the audit stays at zero drift). */
export async function fund(cloud: LocalCloud, ids: string[], points: number, at: Date, tag = 'fund'): Promise<void> {
  const r = rule(cloud, 'HONOUR_COUNTY');
  await Promise.all(
    ids.map((id) => {
      const m = cloud.store.getById('members', id) as unknown as MemberDoc;
      return postOnce(draft(m, r, { key: `test:${tag}:${id}`, at, eval: 0, redeem: points, units: 0 }));
    }),
  );
}

export const memberIds = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `m${String(from + i).padStart(4, '0')}`);

let seq = 0;
export const rid = (tag = 'r'): string => `${tag}-${Date.now().toString(36)}-${(++seq).toString(36)}`;

/** Creates an item as `openid` (default: the county admin, in the county's store: everyone may redeem). */
export async function createItem(call: Call, over: Partial<ItemCreateInput> = {}, openid = 'demo-admin-county'): Promise<ManagedItemView> {
  const r = await call<ItemSaveResult>(openid, { action: 'items.save', mode: 'create', requestId: rid('item'), storeOrgId: 'county', name: '测试商品', cost: 10, stock: 10, ...over });
  return expectOk(r).item;
}

export function balanceRedeem(cloud: LocalCloud, memberId: string): number {
  return ((cloud.store.getById('balances', memberId) as { redeem?: number } | null)?.redeem ?? 0) as number;
}

/** An item's stock: the sum of its shards (read straight from the store). */
export function stockOf(cloud: LocalCloud, itemId: string): number {
  return shardsOf(cloud, itemId).reduce((s, x) => s + x.stock, 0);
}

export function shardsOf(cloud: LocalCloud, itemId: string): StockShardDoc[] {
  return cloud.store.find('stockShards', { itemId }, { limit: 1000, order: { n: 1 } }) as unknown as StockShardDoc[];
}

/** stockIn = stock + orders pending or fulfilled, and no shard below zero. */
export function stockDrift(cloud: LocalCloud, itemId: string): number {
  const item = cloud.store.getById('storeItems', itemId) as unknown as StoreItemDoc;
  const open = cloud.store.count('orders', { itemId, status: { $in: ['pending', 'fulfilled'] } });
  return Math.abs(item.stockIn - stockOf(cloud, itemId) - open) + shardsOf(cloud, itemId).filter((s) => s.stock < 0).length;
}
