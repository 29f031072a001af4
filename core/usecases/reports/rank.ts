import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { RankInput, RankResult } from '../../contracts/reports';
import { previousKey } from '../../domain/reports/periods';
import { snapshotId } from '../../domain/reports/snapshot';
import type { MemberCtx } from '../../runtime/context';
import { loadSnapshots } from './load';
import { metaOf, periodOf } from './period';
import { maySee, ownOrgAt } from './scope';
import { excludedViews, rankRowViews } from './views';

/**
 * reports.rank: one page of the members' ranking within an org (the caller's branch, town or
 * county by `level`, or `orgId` in a staff member's scope) for a period, from that period's
 * snapshot: a published period's frozen one, the current period's refreshed every hour from the
 * balances' totals by the same code. With `trend`, the previous period's ranks beside.
 * Requests: 2 (caller, the snapshot — with `trend`, both periods' in the same request).
 */
export async function rank(ctx: MemberCtx, input: RankInput): Promise<Result<RankResult>> {
  const key = periodOf(input, ctx.clock.now());
  const orgId = input.orgId ?? ownOrgAt(ctx, input.level);
  if (!orgId) return fail('NOT_FOUND', '您所在的组织没有这一层级');
  const id = snapshotId(key, orgId);
  const prevId = snapshotId(previousKey(key), orgId);
  const snaps = await loadSnapshots(input.trend ? [id, prevId] : [id], ['orgs', 'bottom']);
  const snap = snaps.get(id) ?? null;
  if (!maySee(ctx, orgId, snap?.ancestors ?? [orgId])) return fail('FORBIDDEN');
  if (!snap) {
    // a new org or a period nobody has earned in yet: nothing ranked, said so
    return ok({ ...metaOf(key, null), org: null, count: 0, rows: [], complete: true, excluded: [], excludedCount: 0, perCapita: 0, participation: 0 });
  }
  const prev = snaps.get(prevId);
  const previous = input.trend ? new Map((prev?.top ?? []).map((r) => [r.memberId, r.rank])) : null;
  return ok({
    ...metaOf(key, snap),
    org: { id: snap.orgId, name: snap.orgName, type: snap.orgType },
    count: snap.figures.members,
    rows: rankRowViews(snap, snap.top.slice(input.offset, input.offset + input.limit), ctx.actor.memberId, previous),
    complete: snap.top.length === snap.figures.members,
    excluded: input.offset === 0 ? excludedViews(snap.excluded) : [],
    excludedCount: snap.excludedCount,
    perCapita: snap.figures.perCapita,
    participation: snap.figures.participation,
  });
}
