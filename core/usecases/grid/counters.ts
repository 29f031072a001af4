import { cmd, db, type Tx } from '../../db/db';
import { counterIncrements, isEmptyDelta, SHARDS, shardId, townOf, type CounterDelta } from '../../domain/grid/kpi';
import type { IssueDoc } from '../../domain/grid/issue';

/**
 * The KPI shards of a town and month exist before a transition increments one (CloudBase has no
 * upsert in a transaction): made once per function instance per town and month, with one request
 * that skips the shards already there.
 */
const made = new Set<string>();

export async function ensureShards(gridAncestors: readonly string[], month: string): Promise<void> {
  const county = gridAncestors[0];
  const town = townOf(gridAncestors);
  const key = `${county}:${month}:${town}`;
  if (made.has(key)) return;
  const docs = Array.from({ length: SHARDS }, (_, n) => ({ _id: shardId(county, month, town, n), root: county, town, month, shard: n, n: {} }));
  await db.addManyIgnoringDuplicates('gridStats', docs);
  made.add(key);
}

/** Forgets which shards were made (tests that start a fresh local cloud in the same process). */
export const forgetShards = (): void => made.clear();

/**
 * Adds a transition's counts in the caller's transaction: one update of one shard (picked at
 * random, so concurrent transitions seldom meet on a document; a meeting re-runs the
 * transaction). A caller running several transitions at once (the timer) gives each its own
 * `shard`, so they never meet.
 */
export async function bumpCounters(tx: Tx, issue: Pick<IssueDoc, 'ancestors' | 'month'>, delta: CounterDelta, shard?: number): Promise<void> {
  if (isEmptyDelta(delta)) return;
  const inc: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(counterIncrements(issue.ancestors, delta))) inc[k] = cmd().inc(v);
  const id = shardId(issue.ancestors[0], issue.month, townOf(issue.ancestors), shard ?? Math.floor(Math.random() * SHARDS));
  const n = await tx.update('gridStats', id, inc);
  // a shard made before the deploy of this code, or removed by hand: re-made on the next report
  if (n !== 1) throw new ShardMissing(id);
}

export class ShardMissing extends Error {
  constructor(readonly id: string) {
    super(`grid stats shard ${id} is missing`);
  }
}
