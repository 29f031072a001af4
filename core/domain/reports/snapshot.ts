import { createHash } from 'node:crypto';
import type { OrgType } from '../../contracts/auth';
import { competitionRanks, histogramOf, orgFigures, rankOrgs, type Histogram, type OrgFigures } from './ranking';

/**
 * A ranking snapshot: per org (county, town, branch) and period, the ranking of the members
 * under it and of the orgs below it, frozen at the period's end (`final`) or refreshed during
 * the period from the balances' totals (provisional). One document answers a rank page, and the
 * histogram answers "my rank" exactly without reading every member. Built here, pure.
 */

/** Why a member is listed apart instead of ranked (which are applied is the county's setting). */
export const EXCLUSION_CATEGORIES = { elderly: '年老体弱', ill: '患病', flow: '流动党员', suspended: '暂停活动', other: '其他' } as const;
export type ExclusionCategory = keyof typeof EXCLUSION_CATEGORIES;

export type RankRow = { memberId: string; name: string; branchId: string; branchName: string; total: number; rank: number };
export type ExcludedRow = { memberId: string; name: string; branchId: string; branchName: string; category: ExclusionCategory; total: number };
export type OrgRow = { orgId: string; name: string; type: OrgType; parentId: string | null; rank: number } & OrgFigures;

export type SnapshotDoc = {
  _id: string;
  period: string;
  orgId: string;
  orgType: OrgType;
  orgName: string;
  ancestors: string[];
  /** True once the period has ended and the snapshot was taken after it; else refreshed hourly. */
  final: boolean;
  asOf: Date;
  /** The ranked members' figures (excluded members are not in them). */
  figures: OrgFigures;
  histogram: Histogram;
  /** A branch: every ranked member; a town or the county: the first `topSize`. */
  top: RankRow[];
  /** The last `bottomSize` ranked (末位), lowest last. */
  bottom: RankRow[];
  /** Members listed apart, with their category (a branch lists them; above, counted). */
  excluded: ExcludedRow[];
  excludedCount: number;
  /** The orgs ranked within this one: a town's branches; the county's towns and its branches. */
  orgs: OrgRow[];
  /** Over the content (not asOf): an unchanged snapshot is not written again. */
  hash: string;
};

export const snapshotId = (period: string, orgId: string): string => `${period}|${orgId}`;

export type SnapshotInput = {
  period: string;
  asOf: Date;
  final: boolean;
  orgs: { _id: string; name: string; type: OrgType; parentId: string | null; ancestors: string[] }[];
  members: { _id: string; name: string; branchId: string; ancestors: string[]; flow: boolean; status: string }[];
  /** memberId -> evaluation points in the period (missing: 0). */
  totals: Map<string, number>;
  /** memberId -> category set by staff (rankExclusions). */
  marked: Map<string, ExclusionCategory>;
  /** The categories the county excludes from ranking. */
  excludedCategories: readonly ExclusionCategory[];
  topSize: number;
  bottomSize: number;
};

/** The category a member is listed apart under, or null when ranked. */
export function exclusionOf(m: { _id: string; flow: boolean; status: string }, marked: Map<string, ExclusionCategory>, excluded: readonly ExclusionCategory[]): ExclusionCategory | null {
  if (m.status === 'suspended') return 'suspended';
  const mark = marked.get(m._id);
  if (mark && excluded.includes(mark)) return mark;
  if (m.flow && excluded.includes('flow')) return 'flow';
  return null;
}

const RANKED_TYPES: OrgType[] = ['county', 'town', 'branch'];

/** Every org's snapshot for one period. Members who left (`transferred`) are not under any org. */
export function buildSnapshots(input: SnapshotInput): SnapshotDoc[] {
  const orgById = new Map(input.orgs.map((o) => [o._id, o]));
  const ranked = new Map<string, RankRowDraft[]>();
  const excluded = new Map<string, ExcludedRow[]>();
  for (const m of input.members) {
    if (m.status === 'transferred') continue;
    const total = input.totals.get(m._id) ?? 0;
    const branchName = orgById.get(m.branchId)?.name ?? '';
    const category = exclusionOf(m, input.marked, input.excludedCategories);
    for (const orgId of m.ancestors) {
      const o = orgById.get(orgId);
      if (!o || !RANKED_TYPES.includes(o.type)) continue;
      if (category) push(excluded, orgId, { memberId: m._id, name: m.name, branchId: m.branchId, branchName, category, total });
      else push(ranked, orgId, { id: m._id, memberId: m._id, name: m.name, branchId: m.branchId, branchName, total });
    }
  }
  const figuresOf = new Map<string, OrgFigures>();
  for (const o of input.orgs) if (RANKED_TYPES.includes(o.type)) figuresOf.set(o._id, orgFigures((ranked.get(o._id) ?? []).map((r) => r.total)));
  const orgRows = (parentTest: (o: SnapshotInput['orgs'][number]) => boolean, type: OrgType): OrgRow[] =>
    rankOrgs(input.orgs.filter((o) => o.type === type && parentTest(o)).map((o) => ({ id: o._id, ...figuresOf.get(o._id)! }))).map((r) => {
      const o = orgById.get(r.id)!;
      return {
        orgId: o._id,
        name: o.name,
        type: o.type,
        parentId: o.parentId,
        rank: r.rank,
        members: r.members,
        participants: r.participants,
        sum: r.sum,
        perCapita: r.perCapita,
        participation: r.participation,
      };
    });

  const out: SnapshotDoc[] = [];
  for (const o of input.orgs) {
    if (!RANKED_TYPES.includes(o.type)) continue;
    const rows = competitionRanks(ranked.get(o._id) ?? []).map(({ id: _id, ...r }) => r);
    const ex = (excluded.get(o._id) ?? []).sort((a, b) => b.total - a.total || (a.memberId < b.memberId ? -1 : 1));
    const under = (x: SnapshotInput['orgs'][number]) => x.ancestors.includes(o._id) && x._id !== o._id;
    const orgs = o.type === 'county' ? [...orgRows(under, 'town'), ...orgRows(under, 'branch')] : o.type === 'town' ? orgRows(under, 'branch') : [];
    const content = {
      period: input.period,
      orgId: o._id,
      orgType: o.type,
      orgName: o.name,
      ancestors: o.ancestors,
      final: input.final,
      figures: figuresOf.get(o._id)!,
      histogram: histogramOf(rows.map((r) => r.total)),
      top: o.type === 'branch' ? rows : rows.slice(0, input.topSize),
      bottom: rows.slice(Math.max(0, rows.length - input.bottomSize)),
      excluded: o.type === 'branch' ? ex : [],
      excludedCount: ex.length,
      orgs,
    };
    out.push({ _id: snapshotId(input.period, o._id), ...content, asOf: input.asOf, hash: createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 24) });
  }
  return out;
}

type RankRowDraft = Omit<RankRow, 'rank'> & { id: string };

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/**
 * What the county's snapshot needs of one town's, kept in the job's document between runs (a
 * county is snapshotted town by town): the town's histogram, its first and last rows, its
 * figures and its branches' figures.
 */
export type TownPart = {
  townId: string;
  histogram: Histogram;
  top: RankRow[];
  bottom: RankRow[];
  excludedCount: number;
  figures: OrgFigures;
  branches: OrgRow[];
};

export const townPart = (town: SnapshotDoc): TownPart => ({
  townId: town.orgId,
  histogram: town.histogram,
  top: town.top,
  bottom: town.bottom,
  excludedCount: town.excludedCount,
  figures: town.figures,
  branches: town.orgs,
});

/**
 * The county's snapshot from its towns' parts: the same document `buildSnapshots` gives for the
 * county from every member (the histogram is the towns' summed, the first and last rows are the
 * best and worst of the towns' own, ranked by the county's histogram; orgs ranked from their
 * figures). Members placed directly under the county, outside any town, come in as one more
 * part (kept under the county's own id: its figures, rows and direct branches, no town row).
 */
export function countySnapshot(
  county: { _id: string; name: string; ancestors: string[] },
  towns: { _id: string; name: string; parentId: string | null }[],
  parts: TownPart[],
  opts: { period: string; asOf: Date; final: boolean; topSize: number; bottomSize: number },
): SnapshotDoc {
  const counts = new Map<number, number>();
  for (const p of parts) for (const [v, n] of p.histogram) counts.set(v, (counts.get(v) ?? 0) + n);
  const histogram: Histogram = [...counts.entries()].sort((a, b) => b[0] - a[0]);
  const rankOf = (t: number): number => 1 + histogram.filter(([v]) => v > t).reduce((a, [, n]) => a + n, 0);
  const byTotal = (a: RankRow, b: RankRow) => b.total - a.total || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);
  const top = parts
    .flatMap((p) => p.top)
    .sort(byTotal)
    .slice(0, opts.topSize)
    .map((r) => ({ ...r, rank: rankOf(r.total) }));
  const lows = parts.flatMap((p) => p.bottom).sort(byTotal);
  const bottom = lows.slice(Math.max(0, lows.length - opts.bottomSize)).map((r) => ({ ...r, rank: rankOf(r.total) }));
  const members = parts.reduce((a, p) => a + p.figures.members, 0);
  const participants = parts.reduce((a, p) => a + p.figures.participants, 0);
  const sum = parts.reduce((a, p) => a + p.figures.sum, 0);
  const figures: OrgFigures = {
    members,
    participants,
    sum,
    perCapita: members ? Math.round((100 * sum) / members) / 100 : 0,
    participation: members ? Math.round((1000 * participants) / members) / 10 : 0,
  };
  const partOf = new Map(parts.map((p) => [p.townId, p]));
  const townRows = rankOrgs(towns.map((t) => ({ id: t._id, ...(partOf.get(t._id)?.figures ?? orgFigures([])) }))).map((r) => {
    const t = towns.find((x) => x._id === r.id)!;
    return {
      orgId: t._id,
      name: t.name,
      type: 'town' as OrgType,
      parentId: t.parentId,
      rank: r.rank,
      members: r.members,
      participants: r.participants,
      sum: r.sum,
      perCapita: r.perCapita,
      participation: r.participation,
    };
  });
  const branchRows = rankOrgs(parts.flatMap((p) => p.branches).map((b) => ({ ...b, id: b.orgId }))).map(({ id: _id, total: _t, ...r }) => r);
  const content = {
    period: opts.period,
    orgId: county._id,
    orgType: 'county' as OrgType,
    orgName: county.name,
    ancestors: county.ancestors,
    final: opts.final,
    figures,
    histogram,
    top,
    bottom,
    excluded: [],
    excludedCount: parts.reduce((a, p) => a + p.excludedCount, 0),
    orgs: [...townRows, ...branchRows],
  };
  return { _id: snapshotId(opts.period, county._id), ...content, asOf: opts.asOf, hash: createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 24) };
}
