import { ok } from '../../contracts/app-error';
import type { WorkbenchResult } from '../../contracts/auth';
import type { Result } from '../../contracts/envelope';
import { cmd, db, type Where } from '../../db/db';
import type { MemberCtx } from '../../runtime/context';
import { scopeOf } from '../shared/authorize';
import { reviewWhere } from '../points/claims-list';

/** Grid issue states in which staff must act next (core/domain/grid/issue.ts). */
const STAFF_STATES = ['reported', 'accepted', 'reopened', 'verified'];

/**
 * auth.workbench: how much work waits on the caller, for the badges of the staff workbench.
 * Each count covers only the grants that allow deciding that work (the variants of the
 * auth.workbench row: the claims' approver variants, `keeper`, `offline`), so a badge never
 * counts what the list it opens would refuse:
 * - claims to review: the review queue of points.claims.list (same filter);
 * - orders to hand out: pending orders of stores under a keeper's grant;
 * - offline scans to confirm: check-ins or check-outs awaiting review of members under a grid
 *   staff grant (events.offline.confirm decides them on the event's page).
 * - grid issues: issues of the grids (or assigned orgs) under a grid staff grant waiting on staff
 *   (to accept, to assign again, to close), as grid.issues.list box `queue` shows them.
 * A count the caller holds no role for is null (nothing read).
 * Requests: 1 (the caller) + one count per kind of work the caller has, run in parallel: 5 at
 * most; 1 for a plain member.
 */
export async function workbench(ctx: MemberCtx): Promise<Result<WorkbenchResult>> {
  const review = reviewWhere(ctx, 'pending');
  const stores = scopeOf(ctx, 'keeper');
  const scans = scopeOf(ctx, 'offline');
  const grids = scopeOf(ctx, 'grid');
  const [claimsToReview, ordersToHandOut, offlineScans, gridIssues] = await Promise.all([
    review ? db.count('claims', review) : null,
    stores.length ? db.count('orders', { status: 'pending', storeAncestors: cmd().in(stores) }) : null,
    scans.length ? db.count('checkins', cmd().and([{ ancestors: cmd().in(scans) }, cmd().or([{ checkinReview: 'pending' }, { checkoutReview: 'pending' }])]) as Where) : null,
    grids.length ? db.count('gridIssues', { scopeIds: cmd().in(grids), state: cmd().in(STAFF_STATES) }) : null,
  ]);
  return ok({ claimsToReview, ordersToHandOut, offlineScans, gridIssues });
}
