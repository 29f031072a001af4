import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ItemsListInput, ItemsListResult, ItemView, ManagedItemsListResult } from '../../contracts/store';
import { cmd, db } from '../../db/db';
import { tempFileUrls } from '../../db/temp-url';
import type { BalanceDoc } from '../../domain/points/ledger';
import { itemActive, managedView, type StoreItemDoc } from '../../domain/store/item';
import { blockOf, counterIdFor, decideRedemption, type CounterDoc } from '../../domain/store/redemption';
import type { MemberCtx } from '../../runtime/context';
import { itemsWithStock } from './stock';
import { scopeOf } from '../shared/authorize';

/** Items shown at most (a town's and a branch's stores hold tens, not hundreds). */
const MAX_ITEMS = 200;

/**
 * store.items.list. For a member: the items on sale they may redeem (their org is in the
 * item's scope: by default, stores of their branch, town or county), nearest store first, each
 * with stock, the member's remaining limit this period and why it cannot be redeemed now, plus
 * their redeemable balance. Requests: 3 (the caller; the items with their stock, one
 * aggregation; the balance, read together), 4 when an item on sale has a per-member limit (the
 * caller's counters), and one storage request when items have pictures.
 * With `manage`: every item of the stores under the caller's keeper grants. Requests: 2.
 */
export async function listItems(ctx: MemberCtx, input: ItemsListInput): Promise<Result<ItemsListResult | ManagedItemsListResult>> {
  if (input.manage) return listManaged(ctx, input.storeOrgId);
  const m = ctx.member;
  const now = ctx.clock.now();
  const [rows, balance] = await Promise.all([
    itemsWithStock({ scopeOrgIds: cmd().in(m.ancestors), status: 'active', ...(input.storeOrgId ? { storeOrgId: input.storeOrgId } : {}) }, MAX_ITEMS),
    db.get<BalanceDoc>('balances', m._id),
  ]);
  const stock = new Map(rows.map((r) => [r.item._id, r.stock]));
  const onSale = rows.map((r) => r.item).filter((i) => itemActive(i, now));
  const counterIds = onSale.map((i) => counterIdFor(i, m._id, now)).filter((x): x is string => x !== null);
  const [counters, urls] = await Promise.all([counterIds.length ? db.find<CounterDoc>('redemptionCounts', { _id: cmd().in(counterIds) }, { limit: counterIds.length }) : [], pictureUrls(onSale)]);
  const used = new Map(counters.map((c) => [c._id, c.count]));
  const redeemable = balance?.redeem ?? 0;
  // nearest store first (the member's own branch before the town before the county), then cheapest
  const depth = (i: StoreItemDoc) => -m.ancestors.indexOf(i.storeOrgId);
  const views: ItemView[] = onSale
    .sort((a, b) => depth(a) - depth(b) || a.cost - b.cost || a.name.localeCompare(b.name))
    .map((i) => {
      const cid = counterIdFor(i, m._id, now);
      const n = cid ? (used.get(cid) ?? 0) : 0;
      const left = stock.get(i._id) ?? 0;
      const d = decideRedemption({ item: i, stock: left, memberId: m._id, memberAncestors: m.ancestors, used: n, balance: redeemable, at: now });
      return {
        itemId: i._id,
        storeOrgId: i.storeOrgId,
        storeName: i.storeName,
        name: i.name,
        description: i.description,
        picture: i.picture,
        pictureUrl: i.picture ? (urls.get(i.picture) ?? '') : null,
        cost: i.cost,
        stock: left,
        limit: i.limit,
        remaining: i.limit ? Math.max(0, i.limit.count - n) : null,
        activeTo: i.activeTo ? new Date(i.activeTo).toISOString() : null,
        blockedBy: blockOf(d),
      };
    });
  return ok({ balance: redeemable, items: views });
}

async function listManaged(ctx: MemberCtx, storeOrgId: string | undefined): Promise<Result<ManagedItemsListResult>> {
  const roots = scopeOf(ctx, 'keeper');
  if (roots.length === 0) return fail('FORBIDDEN');
  const where: Record<string, unknown> = { ancestors: cmd().in(roots) };
  if (storeOrgId) where.storeOrgId = storeOrgId;
  const rows = await itemsWithStock(where, MAX_ITEMS);
  const stock = new Map(rows.map((r) => [r.item._id, r.stock]));
  const items = rows.map((r) => r.item);
  const urls = await pictureUrls(items);
  items.sort((a, b) => (a.status === b.status ? 0 : a.status === 'active' ? -1 : 1) || a.storeOrgId.localeCompare(b.storeOrgId) || a.name.localeCompare(b.name));
  return ok({ items: items.map((i) => ({ ...managedView(i, stock.get(i._id) ?? 0), pictureUrl: i.picture ? (urls.get(i.picture) ?? '') : null })) });
}

/** Temp URLs for the items' pictures: one storage request, none when no item has a picture. */
async function pictureUrls(items: StoreItemDoc[]): Promise<Map<string, string>> {
  const ids = items.map((i) => i.picture).filter((p): p is string => !!p);
  return ids.length ? tempFileUrls(ids) : new Map();
}
