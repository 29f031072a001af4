import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { IssueRef, IssueResult, IssuesListInput, IssuesListResult } from '../../contracts/grid';
import { cmd, db, type Where } from '../../db/db';
import type { IssueDoc } from '../../domain/grid/issue';
import type { MemberCtx } from '../../runtime/context';
import { scopeOf } from '../shared/authorize';
import { issueDetail, issueView, maySee } from './views';

/** The list leaves the timeline out: it is the detail's. */
const LIST_FIELDS = { timeline: false } as const;

/**
 * grid.issues.list. `mine` (reported by me), `assigned` (to me), `queue` (staff: issues whose
 * grid or assigned org is in the caller's scope, or under `orgId` when it is; by state; `overdue`
 * for those past a deadline). Newest first. Requests: 2 — caller, issues.
 */
export async function listIssues(ctx: MemberCtx, input: IssuesListInput): Promise<Result<IssuesListResult>> {
  const now = ctx.clock.now();
  const parts: Where[] = [];
  if (input.box === 'mine') parts.push({ reporterId: ctx.actor.memberId });
  else if (input.box === 'assigned') parts.push({ 'assignee.memberId': ctx.actor.memberId });
  else {
    const roots = scopeOf(ctx, 'staff');
    if (!roots.length) return fail('FORBIDDEN');
    parts.push({ scopeIds: cmd().in(roots) });
    // an org of the caller's choosing narrows it (an org outside the scope narrows to nothing new)
    if (input.orgId !== undefined) parts.push({ scopeIds: input.orgId });
  }
  if (input.state) parts.push({ state: input.state });
  // past a deadline now, or marked overdue before
  if (input.overdue) parts.push(cmd().or([{ overdue: true }, { deadlineAt: cmd().lte(now) }]) as Where);
  const where = parts.length === 1 ? parts[0] : (cmd().and(parts) as Where);
  const rows = await db.find<IssueDoc>('gridIssues', where, { orderBy: [['reportedAt', 'desc']], skip: input.offset, limit: input.limit + 1, fields: LIST_FIELDS });
  return ok({ issues: rows.slice(0, input.limit).map((i) => issueView(i, now)), more: rows.length > input.limit });
}

/** grid.issues.get: the issue with its timeline, for the reporter, the assignee and staff in scope. Requests: 2 — caller, issue. */
export async function getIssue(ctx: MemberCtx, input: IssueRef): Promise<Result<IssueResult>> {
  const i = await db.get<IssueDoc>('gridIssues', input.issueId);
  if (!i || !maySee(ctx, i)) return fail('NOT_FOUND');
  return ok({ issue: issueDetail(ctx, i, ctx.clock.now()) });
}
