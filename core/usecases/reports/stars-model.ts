import type { StarPick, StarsView } from '../../contracts/reports';
import type { SnapshotDoc } from '../../domain/reports/snapshot';
import { iso } from '../../domain/time';

/** 每月之星 of one branch and month, as stored (`_id` `<YYYY-MM>|<branchId>`). */
export type StarDoc = {
  _id: string;
  branchId: string;
  branchName: string;
  ancestors: string[];
  month: string;
  status: 'confirmed' | 'published';
  proposed: StarPick[];
  picks: StarPick[];
  reason: string | null;
  confirmedBy: string;
  confirmedByName: string;
  confirmedAt: Date;
  publishedBy: string | null;
  publishedAt: Date | null;
};

export const starId = (month: string, branchId: string): string => `${month}|${branchId}`;

/** The system's proposal: the branch's first members of the month with points (ties at the cut stay out). */
export function proposeStars(snap: SnapshotDoc | null, size: number): StarPick[] {
  if (!snap) return [];
  return snap.top
    .filter((r) => r.total > 0 && r.rank <= size)
    .slice(0, size)
    .map((r) => ({ memberId: r.memberId, name: r.name, total: r.total, proposed: true }));
}

export function starsView(doc: StarDoc | null, snap: SnapshotDoc | null, branchId: string, month: string, size: number): StarsView {
  const proposed = doc?.proposed ?? proposeStars(snap, size);
  return {
    branchId,
    branchName: doc?.branchName ?? snap?.orgName ?? '',
    month,
    status: doc?.status ?? 'proposed',
    proposed,
    picks: doc?.picks ?? proposed,
    reason: doc?.reason ?? null,
    confirmedBy: doc?.confirmedByName ?? null,
    confirmedAt: iso(doc?.confirmedAt ?? null),
    publishedAt: iso(doc?.publishedAt ?? null),
    final: snap?.final ?? doc !== null,
  };
}
