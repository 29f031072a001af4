import type { ItemLimit, ItemSaveInput, ItemStatus, ManagedItemView } from '../../contracts/store';
import { shardCountFor } from './stock';

/** Days an unclaimed order waits before it expires and is refunded, unless the item says otherwise. */
export const DEFAULT_EXPIRE_DAYS = 14;

/** A points-store item as stored (`storeItems`). */
export type StoreItemDoc = {
  _id: string;
  /** The store is an org (a town's or a branch's 积分超市). */
  storeOrgId: string;
  storeName: string;
  /** The store org's ancestors (self last): keepers and admins above it manage it. */
  ancestors: string[];
  /** Orgs whose members may redeem: a member is eligible when one of these is among their ancestors. */
  scopeOrgIds: string[];
  name: string;
  description: string;
  picture: string | null;
  cost: number;
  /**
   * How many stock shards the item has (`stockShards` `<itemId>#0..shards-1`); the units left are
   * the sum of their `stock` (core/domain/store/stock.ts), never a field here.
   */
  shards: number;
  /** Units ever put in (initial + restocks − write-offs): stockIn = stock + open or fulfilled orders. */
  stockIn: number;
  limit: ItemLimit | null;
  activeFrom: Date | null;
  activeTo: Date | null;
  status: ItemStatus;
  expireDays: number;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
};

/** Is the item on sale at `at` (status and active window)? */
export function itemActive(item: Pick<StoreItemDoc, 'status' | 'activeFrom' | 'activeTo'>, at: Date): boolean {
  if (item.status !== 'active') return false;
  if (item.activeFrom && at.getTime() < item.activeFrom.getTime()) return false;
  if (item.activeTo && at.getTime() >= item.activeTo.getTime()) return false;
  return true;
}

/** May a member (by their org ancestors) redeem this item? */
export function inScope(item: Pick<StoreItemDoc, 'scopeOrgIds'>, memberAncestors: readonly string[]): boolean {
  return item.scopeOrgIds.some((o) => memberAncestors.includes(o));
}

export type StoreOrg = { _id: string; name: string; ancestors: string[] };

export type ItemSaveDecision = { ok: true; doc: StoreItemDoc; created: boolean; delta: number } | { ok: false; code: 'INVALID_INPUT'; field: string; message: string };

const invalid = (field: string, message: string): ItemSaveDecision => ({ ok: false, code: 'INVALID_INPUT', field, message });

/**
 * Decides the item document a save produces and the stock change to apply to its shards
 * (`delta`). Create: `stock` is the initial stock, spread over shardCountFor(stock) shards.
 * Update: the store never changes, `stockDelta` adjusts the stock (`stock` is what the shards
 * hold now; never below zero) and every other field given replaces the stored one.
 */
export function decideItemSave(existing: StoreItemDoc | null, input: ItemSaveInput, ctx: { itemId: string; store: StoreOrg; actorId: string; now: Date; stock: number }): ItemSaveDecision {
  const date = (s: string | null | undefined): Date | null | undefined => (s === undefined ? undefined : s === null ? null : new Date(s));
  const activeFrom = date(input.activeFrom);
  const activeTo = date(input.activeTo);

  if (input.mode === 'update') {
    if (!existing) return invalid('itemId', '要修改的商品不存在');
    if (existing.storeOrgId !== input.storeOrgId) return invalid('storeOrgId', '商品所属的积分超市不能更改');
    const delta = input.stockDelta ?? 0;
    if (ctx.stock + delta < 0) return invalid('stockDelta', `库存不能小于 0（当前库存 ${ctx.stock}）`);
    const doc: StoreItemDoc = {
      ...existing,
      name: input.name,
      description: input.description ?? existing.description,
      picture: input.picture === undefined ? existing.picture : input.picture,
      cost: input.cost,
      stockIn: existing.stockIn + delta,
      limit: input.limit === undefined ? existing.limit : input.limit,
      activeFrom: activeFrom === undefined ? existing.activeFrom : activeFrom,
      activeTo: activeTo === undefined ? existing.activeTo : activeTo,
      status: input.status ?? existing.status,
      scopeOrgIds: input.scopeOrgIds ? [...new Set(input.scopeOrgIds)] : existing.scopeOrgIds,
      expireDays: input.expireDays ?? existing.expireDays,
      updatedAt: ctx.now,
      updatedBy: ctx.actorId,
    };
    return windowOk(doc) ?? { ok: true, doc, created: false, delta };
  }

  const stock = input.stock ?? 0;
  const doc: StoreItemDoc = {
    _id: ctx.itemId,
    storeOrgId: ctx.store._id,
    storeName: ctx.store.name,
    ancestors: ctx.store.ancestors,
    scopeOrgIds: input.scopeOrgIds ? [...new Set(input.scopeOrgIds)] : [ctx.store._id],
    name: input.name,
    description: input.description ?? '',
    picture: input.picture ?? null,
    cost: input.cost,
    shards: shardCountFor(stock),
    stockIn: stock,
    limit: input.limit ?? null,
    activeFrom: activeFrom ?? null,
    activeTo: activeTo ?? null,
    status: input.status ?? 'active',
    expireDays: input.expireDays ?? DEFAULT_EXPIRE_DAYS,
    createdAt: ctx.now,
    createdBy: ctx.actorId,
    updatedAt: ctx.now,
    updatedBy: ctx.actorId,
  };
  return windowOk(doc) ?? { ok: true, doc, created: true, delta: stock };
}

function windowOk(doc: StoreItemDoc): ItemSaveDecision | null {
  if (doc.activeFrom && doc.activeTo && doc.activeTo.getTime() <= doc.activeFrom.getTime()) return invalid('activeTo', '下架时间必须晚于上架时间');
  return null;
}

/** The fields an audit record keeps of an item (no timestamps: they change on every save), with its stock as read. */
export function auditView(doc: StoreItemDoc | null, stock: number): Record<string, unknown> | null {
  if (!doc) return null;
  return {
    name: doc.name,
    description: doc.description,
    picture: doc.picture,
    cost: doc.cost,
    stock,
    stockIn: doc.stockIn,
    limit: doc.limit,
    activeFrom: doc.activeFrom ? doc.activeFrom.toISOString() : null,
    activeTo: doc.activeTo ? doc.activeTo.toISOString() : null,
    status: doc.status,
    scopeOrgIds: doc.scopeOrgIds,
    expireDays: doc.expireDays,
  };
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The keeper's view of an item; `stock` is the sum of its shards as read. */
export function managedView(doc: StoreItemDoc, stock: number): ManagedItemView {
  return {
    itemId: doc._id,
    storeOrgId: doc.storeOrgId,
    storeName: doc.storeName,
    name: doc.name,
    description: doc.description,
    picture: doc.picture,
    pictureUrl: null,
    cost: doc.cost,
    stock,
    limit: doc.limit,
    remaining: null,
    activeTo: iso(doc.activeTo),
    blockedBy: null,
    status: doc.status,
    activeFrom: iso(doc.activeFrom),
    scopeOrgIds: doc.scopeOrgIds,
    expireDays: doc.expireDays,
    stockIn: doc.stockIn,
    updatedAt: new Date(doc.updatedAt).toISOString(),
  };
}
