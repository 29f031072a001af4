import { cmd, db, type Tx, type Where } from '../../db/db';
import type { StoreItemDoc } from '../../domain/store/item';
import { MAX_SHARDS, pickShard, shardIdOf, type StockPlan, type StockShardDoc } from '../../domain/store/stock';

/**
 * Reading and writing an item's stock shards (core/domain/store/stock.ts says why they exist).
 * Reads by `itemId` happen outside any transaction (CloudBase allows no query in one): they are
 * hints for which shard to try; what is taken or checked is always re-read inside the transaction.
 */

/** Every shard of one item (one indexed read). */
export function readShards(itemId: string): Promise<StockShardDoc[]> {
  return db.find<StockShardDoc>('stockShards', { itemId }, { limit: MAX_SHARDS * 2 });
}

/**
 * Items matching `where` with the units left in each (the sum of its shards), in ONE request: an
 * aggregation joining every item to its shards (CloudBase `lookup`).
 */
export async function itemsWithStock(where: Where, limit: number): Promise<{ item: StoreItemDoc; stock: number }[]> {
  const rows = await db.aggregate<StoreItemDoc & { stock: number }>('storeItems', [
    { match: where },
    // CloudBase returns 20 rows of an aggregation without a limit
    { limit },
    { lookup: { from: 'stockShards', localField: '_id', foreignField: 'itemId', as: 'stockShards' } },
    { addFields: { stock: { $sum: '$stockShards.stock' } } },
    { project: { stockShards: 0 } },
  ]);
  return rows.map(({ stock, ...item }) => ({ item, stock }));
}

/**
 * Takes one unit for a redemption, across the re-runs of its transaction. Each run draws a
 * shard at random among those the hints show with stock, reads it in the transaction and moves
 * on to another when it is empty after all; `null` only once every shard is known empty (the
 * hints re-read to be sure). A re-run means the previous run collided (most likely on its
 * shard, the only document other redemptions write), so it reads fresh hints and avoids the
 * shards it collided on.
 */
export class UnitDraw {
  private runs = 0;
  private hints: StockShardDoc[];
  private drawn: string | null = null;
  private readonly avoid = new Set<string>();

  constructor(
    private readonly itemId: string,
    hints: StockShardDoc[],
    private readonly random: () => number = Math.random,
  ) {
    this.hints = hints;
  }

  /** Starts a run: the hints to decide on (fresh ones on a re-run: one request). */
  async begin(): Promise<readonly StockShardDoc[]> {
    if (this.runs++ > 0) {
      if (this.drawn) this.avoid.add(this.drawn);
      this.drawn = null;
      this.hints = await readShards(this.itemId);
    }
    return this.hints;
  }

  /** The shard to take a unit from, read in `tx` with stock left, or null when every shard is empty. */
  async take(tx: Tx): Promise<StockShardDoc | null> {
    const seenEmpty = new Set<string>();
    let refreshed = this.runs > 1;
    for (;;) {
      const pick = pickShard(this.hints, seenEmpty, this.avoid, this.random);
      if (!pick) {
        if (refreshed) return null;
        this.hints = await readShards(this.itemId);
        refreshed = true;
        continue;
      }
      const cur = await tx.get<StockShardDoc>('stockShards', pick._id);
      if (cur && cur.stock > 0) {
        this.drawn = cur._id;
        return cur;
      }
      seenEmpty.add(pick._id);
    }
  }
}

/**
 * Where a refund puts its unit back: the order's own shard on the first run (no read needed);
 * on a re-run (it collided there, a rush may be on) a shard drawn from fresh hints, empty ones
 * first, since no redemption writes a shard it has seen empty.
 */
export class UnitReturn {
  private runs = 0;
  private last: string | null = null;
  private readonly avoid = new Set<string>();

  constructor(private readonly random: () => number = Math.random) {}

  async target(order: { itemId: string; shardId: string }): Promise<string> {
    if (this.runs++ > 0) {
      if (this.last) this.avoid.add(this.last);
      const shards = await readShards(order.itemId);
      const calm = shards.filter((s) => !this.avoid.has(s._id));
      const empty = calm.filter((s) => s.stock <= 0);
      const from = empty.length ? empty : calm.length ? calm : shards;
      const pick = from[Math.floor(this.random() * from.length)];
      if (pick) return (this.last = pick._id);
    }
    return (this.last = order.shardId);
  }
}

/** Applies a planned stock change inside the caller's transaction. */
export async function applyStockPlan(tx: Tx, plan: Extract<StockPlan, { ok: true }>, at: Date): Promise<void> {
  for (const s of plan.create) await tx.add('stockShards', s);
  for (const c of plan.inc) await tx.update('stockShards', c.id, { stock: cmd().inc(c.units), updatedAt: at });
}

/** Every shard of an item read inside the transaction (for a write-off, which must see real stock). */
export async function readShardsIn(tx: Tx, item: { _id: string; shards: number }): Promise<StockShardDoc[]> {
  const out: StockShardDoc[] = [];
  for (let n = 0; n < item.shards; n++) {
    const s = await tx.get<StockShardDoc>('stockShards', shardIdOf(item._id, n));
    if (s) out.push(s);
  }
  return out;
}
