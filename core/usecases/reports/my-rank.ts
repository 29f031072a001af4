import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { LevelStanding, MyRankInput, MyRankResult, RankLevel } from '../../contracts/reports';
import { db } from '../../db/db';
import type { BalanceDoc } from '../../domain/points/ledger';
import { currentKey, kindOf } from '../../domain/reports/periods';
import { moveInHistogram, standingIn } from '../../domain/reports/ranking';
import { EXCLUSION_CATEGORIES, snapshotId, type SnapshotDoc } from '../../domain/reports/snapshot';
import type { MemberCtx } from '../../runtime/context';
import { loadSnapshots } from './load';
import { metaOf, periodOf } from './period';
import { ownOrgAt } from './scope';

const LEVELS: RankLevel[] = ['branch', 'town', 'county'];

/**
 * reports.myRank: the caller's two balances and, for a period (default: the current month), their
 * total and standing in their branch, town and county: rank (shared on ties), percentile, points
 * to the next rank. The 积分 page's first screen in one call.
 * During a period the standing is the member's live total (their balance) against the others'
 * totals in the hourly snapshot's histogram (their own entry there moved to the live total); a
 * published period answers from its frozen snapshot alone.
 * Requests: 3 (caller; the balance and the three snapshots, read side by side).
 */
export async function myRank(ctx: MemberCtx, input: MyRankInput): Promise<Result<MyRankResult>> {
  const now = ctx.clock.now();
  const key = periodOf(input, now);
  const me = ctx.actor.memberId;
  const orgIds = LEVELS.map((l) => [l, ownOrgAt(ctx, l)] as const).filter((x): x is readonly [RankLevel, string] => x[1] !== undefined);
  const [balance, snaps] = await Promise.all([
    db.get<BalanceDoc>('balances', me),
    loadSnapshots(
      orgIds.map(([, o]) => snapshotId(key, o)),
      ['orgs', 'bottom'],
    ),
  ]);

  const branchSnap = snaps.get(snapshotId(key, ctx.member.branchId));
  const listed = branchSnap?.top.find((r) => r.memberId === me);
  const apart = branchSnap?.excluded.find((r) => r.memberId === me);
  const frozen = branchSnap?.final === true;
  const isCurrent = key === currentKey(kindOf(key), now);
  // a frozen period answers from the snapshot; an open one from the live total
  const live = balance?.totals?.[key] ?? (isCurrent ? 0 : null);
  const total = frozen || live === null ? (listed?.total ?? apart?.total ?? 0) : live;

  const levels: LevelStanding[] = orgIds.map(([level, orgId]) => {
    const snap: SnapshotDoc | undefined = snaps.get(snapshotId(key, orgId));
    if (!snap || apart) return { level, orgId, orgName: snap?.orgName ?? '', rank: null, of: snap?.figures.members ?? 0, tiedWith: 0, percentile: null, toNext: null };
    const h = frozen ? snap.histogram : moveInHistogram(snap.histogram, listed ? listed.total : null, total);
    const s = standingIn(h, total);
    return { level, orgId, orgName: snap.orgName, rank: s.rank, of: s.of, tiedWith: s.tiedWith, percentile: s.percentile, toNext: s.toNext };
  });

  return ok({
    ...metaOf(key, branchSnap ?? null),
    memberId: me,
    balance: { eval: balance?.eval ?? 0, redeem: balance?.redeem ?? 0 },
    total,
    excluded: apart ? { category: apart.category, label: EXCLUSION_CATEGORIES[apart.category] ?? apart.category } : null,
    levels,
  });
}
