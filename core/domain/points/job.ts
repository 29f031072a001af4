/**
 * A long timer job (the annual expiry, its reminder) works through the balances in `_id` order,
 * a chunk at a time, and keeps its place in a job document, so a run that stops at its time
 * budget (or dies) is resumed by the next tick where it stopped. Pure.
 */
export type JobDoc = {
  /** `<job>:<year>`, e.g. `annualExpiry:2026`. */
  _id: string;
  /** Every balance with an `_id` up to here is finished; null: none yet. */
  cursor: string | null;
  /** The whole job is finished: later runs return at once. */
  done: boolean;
  runs: number;
  /** Totals over all runs (members expired, points, notices queued…). */
  totals: Record<string, number>;
  startedAt: Date;
  updatedAt: Date;
};

export const newJob = (id: string, at: Date): JobDoc => ({ _id: id, cursor: null, done: false, runs: 0, totals: {}, startedAt: at, updatedAt: at });

/**
 * Where the cursor may move after a chunk (`ids` in `_id` order): past every member finished,
 * stopping before the first that was not (it failed, or the run stopped before starting it), so
 * the next run starts there. `blocked`: such a member was met; the cursor stays put for the
 * rest of this run (members after it that do finish are skipped by the job's own filter).
 */
export function advanceCursor(cursor: string | null, ids: readonly string[], finished: ReadonlySet<string>): { cursor: string | null; blocked: boolean } {
  let at = cursor;
  for (const id of ids) {
    if (!finished.has(id)) return { cursor: at, blocked: true };
    at = id;
  }
  return { cursor: at, blocked: false };
}

export function addTotals(totals: Record<string, number>, run: Record<string, number>): Record<string, number> {
  const out = { ...totals };
  for (const [k, n] of Object.entries(run)) out[k] = (out[k] ?? 0) + n;
  return out;
}
