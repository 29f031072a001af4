import type { ExcludedView, OrgRowView, RankRowView } from '../../contracts/reports';
import { EXCLUSION_CATEGORIES, type ExcludedRow, type OrgRow, type RankRow, type SnapshotDoc } from '../../domain/reports/snapshot';

/** Rows with a shared rank are marked `tied` (the UI says 并列). */
export function rankRowViews(snap: SnapshotDoc, rows: RankRow[], meId: string, previous: Map<string, number> | null): RankRowView[] {
  const counts = new Map(snap.histogram);
  return rows.map((r) => ({
    memberId: r.memberId,
    name: r.name,
    branchName: r.branchName,
    total: r.total,
    rank: r.rank,
    tied: (counts.get(r.total) ?? 0) > 1,
    ...(previous ? { previousRank: previous.get(r.memberId) ?? null } : {}),
    ...(r.memberId === meId ? { me: true } : {}),
  }));
}

export const excludedViews = (rows: ExcludedRow[]): ExcludedView[] =>
  rows.map((r) => ({ memberId: r.memberId, name: r.name, branchName: r.branchName, category: r.category, categoryLabel: EXCLUSION_CATEGORIES[r.category] ?? r.category, total: r.total }));

export function orgRowViews(rows: OrgRow[], previous: Map<string, number> | null): OrgRowView[] {
  const byRank = new Map<number, number>();
  for (const r of rows) byRank.set(r.rank, (byRank.get(r.rank) ?? 0) + 1);
  return rows.map((r) => ({
    orgId: r.orgId,
    name: r.name,
    type: r.type,
    rank: r.rank,
    tied: (byRank.get(r.rank) ?? 0) > 1,
    members: r.members,
    participants: r.participants,
    perCapita: r.perCapita,
    participation: r.participation,
    ...(previous ? { previousRank: previous.get(r.orgId) ?? null } : {}),
  }));
}
