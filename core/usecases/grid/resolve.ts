import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { IssueResult, IssuesReopenInput, IssuesResolveInput, IssuesVerifyInput } from '../../contracts/grid';
import { resolvedNotice } from '../../domain/grid/notices';
import { levelAncestors, type IssueDoc } from '../../domain/grid/issue';
import { uploadedBy } from '../../domain/uploads';
import type { MemberCtx } from '../../runtime/context';
import { grantOn } from '../shared/authorize';
import { creditRule } from './credit';
import { actorOf, runTransition, type Permit, type TransitionSpec } from './transition';
import { assigneeAncestors, issueDetail } from './views';

/**
 * The assignee's and the reporter's steps: resolve (the person it is assigned to, or staff over
 * the assigned org or the level), verify or reopen (the reporter, or the grid's leader and staff
 * above the grid).
 */

async function run(ctx: MemberCtx, spec: TransitionSpec): Promise<Result<IssueResult>> {
  const r = await runTransition(ctx, actorOf(ctx), spec);
  return r.ok ? ok({ issue: issueDetail(ctx, r.data, ctx.clock.now()) }) : r;
}

/** The assignee in person (no grant: not a staff write), or staff over the assigned org or the level (audited). */
function resolver(ctx: MemberCtx, i: IssueDoc): Permit {
  if (i.assignee?.kind === 'member' && i.assignee.memberId === ctx.actor.memberId) return { ok: true, grant: null };
  const g = grantOn(ctx, [...assigneeAncestors(i), ...levelAncestors(i)], 'staff');
  return g ? { ok: true, grant: g } : fail('FORBIDDEN', '只有经办人或其上级可以提交处置结果');
}

/** The reporter (no grant), or the grid's leader or staff above the grid (audited). Anyone else: FORBIDDEN. */
function verifier(ctx: MemberCtx, i: IssueDoc): Permit {
  if (i.reporterId === ctx.actor.memberId) return { ok: true, grant: null };
  const g = grantOn(ctx, i.ancestors, 'staff');
  return g ? { ok: true, grant: g } : fail('FORBIDDEN', '只有上报人或网格长可以核实');
}

/**
 * grid.issues.resolve: the result with a note and photos (the caller's own uploads); the reporter
 * is notified to verify. Requests: 6 — caller; start, issue, issue, notification, commit (+ audit
 * when staff resolve).
 */
export async function resolveIssue(ctx: MemberCtx, input: IssuesResolveInput): Promise<Result<IssueResult>> {
  if (!input.photos.every((p) => uploadedBy(p, 'evidence', ctx.actor.memberId))) return fail('INVALID_INPUT', '填写的内容有误：photos（只能使用本人上传的照片）', 'photos');
  return run(ctx, {
    issueId: input.issueId,
    action: 'grid.issues.resolve',
    who: (i) => resolver(ctx, i),
    build: () => ({ kind: 'resolve', note: input.note, photos: input.photos }),
    notices: (_b, after, at) => (after.reporterId !== ctx.actor.memberId ? [resolvedNotice(after, at)] : []),
  });
}

/**
 * grid.issues.verify: the result holds; the resolver earns GRID_ISSUE_RESOLVED once per issue.
 * Requests: 8 — caller; start, issue, balance, entry, balance, issue, commit (+ audit when staff
 * verify; +1 with the rule cache cold).
 */
export async function verifyIssue(ctx: MemberCtx, input: IssuesVerifyInput): Promise<Result<IssueResult>> {
  const rule = await creditRule('resolved', ctx.clock.now());
  return run(ctx, { issueId: input.issueId, action: 'grid.issues.verify', rules: { resolved: rule }, who: (i) => verifier(ctx, i), build: () => ({ kind: 'verify', note: input.note }) });
}

/** grid.issues.reopen: the result does not hold; the level handles it again with a new deadline. Requests: 5 — caller; start, issue, issue, commit (+ audit for staff). */
export async function reopenIssue(ctx: MemberCtx, input: IssuesReopenInput): Promise<Result<IssueResult>> {
  return run(ctx, { issueId: input.issueId, action: 'grid.issues.reopen', who: (i) => verifier(ctx, i), build: () => ({ kind: 'reopen', reason: input.reason }) });
}
