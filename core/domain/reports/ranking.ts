/**
 * Ranking, pure. Competition ranking ("1-2-2-4"): members with the same total share a rank, and
 * the next rank skips as many places as shared it. Everything a ranking page shows is computed
 * here, for the snapshot job, the live answers and the benchmark's recomputation alike.
 */

export type Scored = { id: string; total: number };
export type Ranked<T extends Scored = Scored> = T & { rank: number };

/** Sorts by total (highest first; ties by id, so a page boundary is stable) and ranks 1-2-2-4. */
export function competitionRanks<T extends Scored>(rows: readonly T[]): Ranked<T>[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: Ranked<T>[] = [];
  sorted.forEach((r, i) => {
    const rank = i > 0 && sorted[i - 1].total === r.total ? out[i - 1].rank : i + 1;
    out.push({ ...r, rank });
  });
  return out;
}

/** Distinct totals with how many hold each, highest first: `[[total, count], …]`. */
export type Histogram = [number, number][];

export function histogramOf(totals: readonly number[]): Histogram {
  const counts = new Map<number, number>();
  for (const t of totals) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[0] - a[0]);
}

/** The histogram with one holder of `from` moved to `to` (a member whose total changed since). */
export function moveInHistogram(h: Histogram, from: number | null, to: number): Histogram {
  const m = new Map(h);
  if (from !== null && m.has(from)) {
    const n = m.get(from)! - 1;
    if (n > 0) m.set(from, n);
    else m.delete(from);
  }
  m.set(to, (m.get(to) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[0] - a[0]);
}

export type Standing = {
  /** Competition rank: 1 + how many have more. */
  rank: number;
  /** How many are ranked. */
  of: number;
  /** Others with the same total (a shared rank: "并列"). */
  tiedWith: number;
  /** Share of the ranked (in %, floor) whose total is below this one. */
  percentile: number;
  /** Points needed to reach the next better rank (null at rank 1). */
  toNext: number | null;
};

/** Where a total stands in a histogram that includes it. */
export function standingIn(h: Histogram, total: number): Standing {
  let above = 0;
  let same = 0;
  let of = 0;
  let nextUp: number | null = null;
  for (const [v, n] of h) {
    of += n;
    if (v > total) {
      above += n;
      nextUp = v; // descending: the last one above is the smallest above
    } else if (v === total) same = n;
  }
  const below = of - above - same;
  return {
    rank: above + 1,
    of,
    tiedWith: Math.max(0, same - 1),
    percentile: of > 0 ? Math.floor((100 * below) / of) : 0,
    toNext: nextUp === null ? null : nextUp - total,
  };
}

/** An org's figures for a period: per-capita points and participation, so size does not win. */
export type OrgFigures = { members: number; participants: number; sum: number; perCapita: number; participation: number };

export function orgFigures(totals: readonly number[]): OrgFigures {
  const sum = totals.reduce((a, b) => a + b, 0);
  const participants = totals.filter((t) => t > 0).length;
  const n = totals.length;
  return {
    members: n,
    participants,
    sum,
    // two decimals: what is shown is what is ranked (equal shown figures share a rank)
    perCapita: n ? Math.round((100 * sum) / n) / 100 : 0,
    participation: n ? Math.round((1000 * participants) / n) / 10 : 0,
  };
}

/** Orgs ranked by per-capita points (ties share a rank; participation is shown beside). */
export function rankOrgs<T extends { id: string } & OrgFigures>(rows: readonly T[]): Ranked<T & { total: number }>[] {
  return competitionRanks(rows.map((r) => ({ ...r, total: r.perCapita })));
}
