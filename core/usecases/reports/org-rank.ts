import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { OrgRankInput, OrgRankResult } from '../../contracts/reports';
import { previousKey } from '../../domain/reports/periods';
import { snapshotId } from '../../domain/reports/snapshot';
import type { MemberCtx } from '../../runtime/context';
import { loadSnapshots } from './load';
import { metaOf, periodOf } from './period';
import { maySee, ownOrgAt } from './scope';
import { orgRowViews } from './views';

/**
 * reports.orgRank: the branches (or, at the county, the towns: `type`) within a town or the
 * county, ranked by per-capita evaluation points with participation beside, and their rank the
 * period before. Default org: the caller's town.
 * Requests: 2 (caller; this and the previous period's snapshots in one request).
 */
export async function orgRank(ctx: MemberCtx, input: OrgRankInput): Promise<Result<OrgRankResult>> {
  const key = periodOf(input, ctx.clock.now());
  const orgId = input.orgId ?? ownOrgAt(ctx, 'town');
  if (!orgId) return fail('NOT_FOUND', '您所在的组织没有这一层级');
  const id = snapshotId(key, orgId);
  const prevId = snapshotId(previousKey(key), orgId);
  const snaps = await loadSnapshots([id, prevId], ['top', 'bottom', 'excluded', 'histogram']);
  const snap = snaps.get(id) ?? null;
  if (!maySee(ctx, orgId, snap?.ancestors ?? [orgId])) return fail('FORBIDDEN');
  if (!snap) return ok({ ...metaOf(key, null), org: null, rows: [] });
  const prev = snaps.get(prevId);
  const previous = new Map((prev?.orgs ?? []).map((r) => [r.orgId, r.rank]));
  return ok({
    ...metaOf(key, snap),
    org: { id: snap.orgId, name: snap.orgName, type: snap.orgType },
    rows: orgRowViews(
      snap.orgs.filter((r) => r.type === input.type),
      previous,
    ),
  });
}
