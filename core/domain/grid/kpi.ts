/**
 * KPI counters of grid issues, per org per month, kept with the transitions so the stats page
 * reads them instead of scanning issues.
 *
 * An issue counts in the month it was reported (its cohort) at its grid and every org above it.
 * The counters of one town (street) and month are split over SHARDS documents
 * (`<county>:<month>:<town>:<n>`; each transition increments one shard picked at random, so
 * concurrent transitions seldom write the same document), each holding the path from the county
 * down as nested nodes: `n.<county>.c` (the county's counts from this town's issues),
 * `n.<county>.k.<town>.c` the town's, and so on down to the grid. One request reads an org's
 * node (with its children, for the charts) from the shards of its town (the county's: from all
 * towns, summed) for the months asked. A town's documents hold only its own subtree, so a write
 * or a read moves a town's worth of counters, not the county's.
 *
 * Counters: reported, returned, accepted, closed, closedFirst (closed without ever leaving the
 * grid), overdue (went past a deadline at least once) and a histogram of handling times (report
 * to close) in buckets, from which the median is read.
 */
export const SHARDS = 4;

export type Counters = {
  reported: number;
  returned: number;
  accepted: number;
  closed: number;
  closedFirst: number;
  overdue: number;
  /** Handling-time histogram: bucket key -> closed issues. */
  h: Record<string, number>;
};

export type CounterDelta = Partial<Record<'reported' | 'returned' | 'accepted' | 'closed' | 'closedFirst' | 'overdue', number>> & { bucket?: string };

export const COUNTER_FIELDS = ['reported', 'returned', 'accepted', 'closed', 'closedFirst', 'overdue'] as const;

/** Upper bounds (hours) of the handling-time buckets; the last is open. */
export const BUCKET_HOURS = [4, 8, 24, 48, 72, 120, 168, 240, 336, 720] as const;

/** The bucket of a handling time: `h4` (≤ 4 h) … `h720`, `hmax` beyond. */
export function handlingBucket(ms: number): string {
  const h = ms / 3_600_000;
  for (const b of BUCKET_HOURS) if (h <= b) return `h${b}`;
  return 'hmax';
}

export const emptyCounters = (): Counters => ({ reported: 0, returned: 0, accepted: 0, closed: 0, closedFirst: 0, overdue: 0, h: {} });

export const isEmptyDelta = (d: CounterDelta): boolean => COUNTER_FIELDS.every((f) => !d[f]) && !d.bucket;

/** The nested path of an org's node: `n.<a0>.k.<a1>.k.<a2>`. */
export const nodePath = (ancestors: readonly string[]): string => `n.${ancestors.join('.k.')}`;

/** The increments one transition makes (dotted keys -> amount), at the grid and each org above it. */
export function counterIncrements(gridAncestors: readonly string[], d: CounterDelta): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 1; i <= gridAncestors.length; i++) {
    const base = `${nodePath(gridAncestors.slice(0, i))}.c`;
    for (const f of COUNTER_FIELDS) if (d[f]) out[`${base}.${f}`] = d[f];
    if (d.bucket) out[`${base}.h.${d.bucket}`] = 1;
  }
  return out;
}

/** The town whose shards count a grid's issues (a grid right under the county counts as its own town). */
export const townOf = (gridAncestors: readonly string[]): string => gridAncestors[1] ?? gridAncestors[0];

export const shardId = (countyId: string, month: string, town: string, shard: number): string => `${countyId}:${month}:${town}:${shard}`;

export type StatsNode = { c?: Partial<Counters>; k?: Record<string, StatsNode> };

export function addCounters(into: Counters, c: Partial<Counters> | undefined): Counters {
  if (!c) return into;
  for (const f of COUNTER_FIELDS) into[f] += c[f] ?? 0;
  for (const [k, v] of Object.entries(c.h ?? {})) into.h[k] = (into.h[k] ?? 0) + v;
  return into;
}

/** Follows `ancestors` down a shard's tree to the org's node. */
export function nodeAt(root: Record<string, StatsNode> | undefined, ancestors: readonly string[]): StatsNode | undefined {
  let node: StatsNode | undefined = root?.[ancestors[0]];
  for (const id of ancestors.slice(1)) node = node?.k?.[id];
  return node;
}

/** Median handling time in hours: the upper bound of the bucket holding the middle issue (null: none closed). */
export function medianHours(h: Record<string, number>): number | null {
  const total = Object.values(h).reduce((a, b) => a + b, 0);
  if (!total) return null;
  const half = Math.ceil(total / 2);
  let seen = 0;
  for (const b of BUCKET_HOURS) {
    seen += h[`h${b}`] ?? 0;
    if (seen >= half) return b;
  }
  return Infinity;
}

export type Kpi = {
  reported: number;
  accepted: number;
  returned: number;
  closed: number;
  overdue: number;
  closedFirst: number;
  /** 办结率: closed / (reported − returned), percent with 2 decimals; null with nothing to close. */
  closeRate: number | null;
  /** Share of closed issues closed at the grid, percent; null with none closed. */
  firstLevelShare: number | null;
  /** Median handling time in hours (bucket upper bound; null: none closed; -1: beyond the last bucket). */
  medianHours: number | null;
};

const pct = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10000) / 100 : null);

export function kpiOf(c: Counters): Kpi {
  const m = medianHours(c.h);
  return {
    reported: c.reported,
    accepted: c.accepted,
    returned: c.returned,
    closed: c.closed,
    overdue: c.overdue,
    closedFirst: c.closedFirst,
    closeRate: pct(c.closed, c.reported - c.returned),
    firstLevelShare: pct(c.closedFirst, c.closed),
    medianHours: m === Infinity ? -1 : m,
  };
}

/**
 * The counters recounted from issue records (the check the bench and the tests make): for each
 * `<orgId>|<month>`, what the transitions should have counted.
 */
export function recount(
  issues: readonly {
    ancestors: string[];
    month: string;
    state: string;
    acceptedAt: Date | null;
    closedAt: Date | null;
    reportedAt: Date;
    escalations: number;
    overdue: boolean;
    returnKind: string | null;
  }[],
): Map<string, Counters> {
  const out = new Map<string, Counters>();
  for (const i of issues) {
    const d: CounterDelta = { reported: 1 };
    if (i.state === 'returned') d.returned = 1;
    if (i.acceptedAt) d.accepted = 1;
    if (i.overdue) d.overdue = 1;
    if (i.state === 'closed' && i.closedAt) {
      d.closed = 1;
      if (i.escalations === 0) d.closedFirst = 1;
      d.bucket = handlingBucket(new Date(i.closedAt).getTime() - new Date(i.reportedAt).getTime());
    }
    for (const org of i.ancestors) {
      const key = `${org}|${i.month}`;
      const c = out.get(key) ?? emptyCounters();
      for (const f of COUNTER_FIELDS) c[f] += d[f] ?? 0;
      if (d.bucket) c.h[d.bucket] = (c.h[d.bucket] ?? 0) + 1;
      out.set(key, c);
    }
  }
  return out;
}

/** Sums every shard's tree into `<orgId>|<month>` -> counters (for the recount check). */
export function flattenShards(shards: readonly { month: string; n?: Record<string, StatsNode> }[]): Map<string, Counters> {
  const out = new Map<string, Counters>();
  const walk = (id: string, node: StatsNode, month: string) => {
    const key = `${id}|${month}`;
    out.set(key, addCounters(out.get(key) ?? emptyCounters(), node.c));
    for (const [k, child] of Object.entries(node.k ?? {})) walk(k, child, month);
  };
  for (const s of shards) for (const [id, node] of Object.entries(s.n ?? {})) walk(id, node, s.month);
  return out;
}

/** Equal counters (zeros and missing buckets alike). */
export function sameCounters(a: Counters, b: Counters): boolean {
  if (COUNTER_FIELDS.some((f) => a[f] !== b[f])) return false;
  const keys = new Set([...Object.keys(a.h), ...Object.keys(b.h)]);
  return [...keys].every((k) => (a.h[k] ?? 0) === (b.h[k] ?? 0));
}
