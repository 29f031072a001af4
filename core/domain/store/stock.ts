/**
 * An item's stock is split over counter documents, its shards (`stockShards`, `_id`
 * `<itemId>#<n>`), instead of one field on the item. A redemption takes one unit from one shard
 * drawn at random, so concurrent redemptions of one item write different documents and rarely
 * conflict; the item document itself is only read by them. The stock of an item is the sum of
 * its shards. Pure: the I/O is in core/usecases/store/stock.ts.
 */

export type StockShardDoc = {
  _id: string;
  itemId: string;
  /** 0-based; the item's `shards` says how many exist. */
  n: number;
  /** Units left in this shard; never below zero. */
  stock: number;
  updatedAt: Date;
};

/** A shard is sized for about this many units, so a rush finds several shards to spread over. */
export const UNITS_PER_SHARD = 5;
/** Upper bound of shards per item: what a write-off or the list reads at most. */
export const MAX_SHARDS = 32;

export const shardIdOf = (itemId: string, n: number): string => `${itemId}#${n}`;

/** How many shards `units` should be spread over: one per UNITS_PER_SHARD, 1 to MAX_SHARDS. */
export function shardCountFor(units: number): number {
  return Math.min(MAX_SHARDS, Math.max(1, Math.ceil(units / UNITS_PER_SHARD)));
}

/** `units` over `parts` as evenly as possible (the first ones take the remainder). */
export function spread(units: number, parts: number): number[] {
  const base = Math.floor(units / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < units % parts ? 1 : 0));
}

export const totalStock = (shards: readonly Pick<StockShardDoc, 'stock'>[]): number => shards.reduce((s, x) => s + Math.max(0, x.stock), 0);

function newShard(itemId: string, n: number, stock: number, at: Date): StockShardDoc {
  return { _id: shardIdOf(itemId, n), itemId, n, stock, updatedAt: at };
}

/** The shards a new item starts with (one, empty, when the stock is 0). */
export function initialShards(itemId: string, units: number, at: Date): StockShardDoc[] {
  return spread(units, shardCountFor(units)).map((u, n) => newShard(itemId, n, u, at));
}

/** What a stock change writes: increments (or decrements) of existing shards, shards to create, the new shard count. */
export type StockPlan = { ok: true; inc: { id: string; units: number }[]; create: StockShardDoc[]; shards: number } | { ok: false; stock: number };

/**
 * Where a restock of `units` goes. Empty shards first: no redemption writes a shard it has seen
 * empty, so they take the units without contending with a rush; then new shards (up to
 * MAX_SHARDS); only when neither exists, the shard with the least stock. At most
 * shardCountFor(units) shards are written.
 */
export function planRestock(item: { _id: string; shards: number }, shards: readonly StockShardDoc[], units: number, at: Date): StockPlan {
  const want = shardCountFor(units);
  const empty = shards.filter((s) => s.stock <= 0).sort((a, b) => a.n - b.n);
  const reuse = empty.slice(0, want).map((s) => s._id);
  const fresh = Math.min(want - reuse.length, MAX_SHARDS - item.shards);
  const created = Array.from({ length: Math.max(0, fresh) }, (_, i) => item.shards + i);
  if (reuse.length + created.length === 0) {
    const least = [...shards].sort((a, b) => a.stock - b.stock || a.n - b.n)[0];
    reuse.push(least ? least._id : shardIdOf(item._id, 0));
  }
  const parts = spread(units, reuse.length + created.length);
  return {
    ok: true,
    inc: reuse.map((id, i) => ({ id, units: parts[i] })),
    create: created.map((n, i) => newShard(item._id, n, parts[reuse.length + i], at)),
    shards: item.shards + created.length,
  };
}

/**
 * Takes `units` out of stock (a write-off), fullest shards first, on shards read in the same
 * transaction. Refused (with the stock there is) when the shards hold fewer units.
 */
export function planWriteOff(item: { shards: number }, shards: readonly StockShardDoc[], units: number): StockPlan {
  const have = totalStock(shards);
  if (have < units) return { ok: false, stock: have };
  const inc: { id: string; units: number }[] = [];
  let left = units;
  for (const s of [...shards].sort((a, b) => b.stock - a.stock || a.n - b.n)) {
    if (left === 0) break;
    const take = Math.min(left, s.stock);
    if (take > 0) inc.push({ id: s._id, units: -take });
    left -= take;
  }
  return { ok: true, inc, create: [], shards: item.shards };
}

/**
 * Draws the shard to take a unit from: at random among those with stock not yet seen empty,
 * preferring shards not in `avoid` (where an earlier attempt of the same request collided).
 * Null when no candidate is left. `random` returns [0, 1).
 */
export function pickShard<S extends Pick<StockShardDoc, '_id' | 'stock'>>(shards: readonly S[], seenEmpty: ReadonlySet<string>, avoid: ReadonlySet<string>, random: () => number): S | null {
  const open = shards.filter((s) => s.stock > 0 && !seenEmpty.has(s._id));
  const calm = open.filter((s) => !avoid.has(s._id));
  const from = calm.length ? calm : open;
  return from.length ? from[Math.min(from.length - 1, Math.floor(random() * from.length))] : null;
}

/** The stock change of an item save: a new item's first shards, a restock, a write-off, or nothing. */
export function planStockChange(item: { _id: string; shards: number } | null, itemId: string, shards: readonly StockShardDoc[], delta: number, at: Date): StockPlan {
  if (!item) {
    const create = initialShards(itemId, delta, at);
    return { ok: true, inc: [], create, shards: create.length };
  }
  if (delta > 0) return planRestock(item, shards, delta, at);
  if (delta < 0) return planWriteOff(item, shards, -delta);
  return { ok: true, inc: [], create: [], shards: item.shards };
}
