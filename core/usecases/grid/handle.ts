import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { IssueResult, IssuesAcceptInput, IssuesAssignInput, IssuesCloseInput, IssuesEscalateInput, IssuesReturnInput } from '../../contracts/grid';
import { db } from '../../db/db';
import { levelAncestors, type Assignee, type IssueDoc, type Transition } from '../../domain/grid/issue';
import { assignedNotice, escalatedNotice } from '../../domain/grid/notices';
import { isArchived } from '../../domain/org/edit';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';
import { authorize } from '../shared/authorize';
import { creditRule } from './credit';
import { responsiblesOf } from './responsibles';
import { actorOf, runTransition, type Permit, type TransitionSpec } from './transition';
import { issueDetail } from './views';

/**
 * The level's own steps, by staff of the org that holds the issue now (or above it): accept,
 * return, assign, close, escalate by hand. Each is one transaction (transition.ts); requests are
 * in each header.
 */

/** Staff of the holding level: the grant for the audit, or FORBIDDEN. */
const atLevel =
  (ctx: MemberCtx) =>
  (i: IssueDoc): Permit =>
    authorize(ctx, levelAncestors(i));

async function run(ctx: MemberCtx, spec: Omit<TransitionSpec, 'who'>): Promise<Result<IssueResult>> {
  const r = await runTransition(ctx, actorOf(ctx), { ...spec, who: atLevel(ctx) });
  return r.ok ? ok({ issue: issueDetail(ctx, r.data, ctx.clock.now()) }) : r;
}

/**
 * grid.issues.accept: the level takes the issue on; the reporter earns GRID_ISSUE_REPORTED once
 * per issue (a full cap credits nothing). Requests: 10 — caller; start, issue, balance, entry,
 * balance, issue, shard, audit, commit (+1 with the rule cache cold).
 */
export async function acceptIssue(ctx: MemberCtx, input: IssuesAcceptInput): Promise<Result<IssueResult>> {
  const rule = await creditRule('reported', ctx.clock.now());
  return run(ctx, { issueId: input.issueId, action: 'grid.issues.accept', rules: { reported: rule }, build: () => ({ kind: 'accept', note: input.note }) });
}

/** grid.issues.return: not ours to handle, or a duplicate; credits nothing. Requests: 7 — caller; start, issue, issue, shard, audit, commit. */
export async function returnIssue(ctx: MemberCtx, input: IssuesReturnInput): Promise<Result<IssueResult>> {
  return run(ctx, { issueId: input.issueId, action: 'grid.issues.return', build: () => ({ kind: 'return', reason: input.reason, duplicate: input.duplicate }) });
}

/**
 * grid.issues.assign: to a person (a member under the holding level) or to a lower org (a grid
 * or branch under it), who is notified. Requests: 8 — caller, the member or org; start, issue,
 * issue, audit, notification, commit (+1 per further responsible of an org).
 */
export async function assignIssue(ctx: MemberCtx, input: IssuesAssignInput): Promise<Result<IssueResult>> {
  let assignee: Assignee;
  let notify: string[];
  if (input.to === 'member') {
    const m = await db.get<MemberDoc>('members', input.memberId);
    if (!m || m.status !== 'active') return fail('NOT_FOUND', '没有找到该人员', 'memberId');
    assignee = { kind: 'member', memberId: m._id, name: m.name, ancestors: m.ancestors };
    notify = [m._id];
  } else {
    const o = await db.get<OrgDoc>('orgs', input.orgId);
    if (!o) return fail('NOT_FOUND', '没有找到该组织', 'orgId');
    // an archived grid has nobody to act on an issue
    if (isArchived(o)) return fail('ORG_ARCHIVED', '该网格已撤销，不能再交办', 'orgId');
    assignee = { kind: 'org', orgId: o._id, name: o.name, ancestors: o.ancestors };
    notify = (await responsiblesOf([o._id])).get(o._id) ?? [];
  }
  return run(ctx, {
    issueId: input.issueId,
    action: 'grid.issues.assign',
    build: (i): Transition | ReturnType<typeof fail> => {
      // a person under the holding level, or an org strictly below it
      const under = assignee.ancestors.includes(i.levelOrgId) && !(assignee.kind === 'org' && assignee.orgId === i.levelOrgId);
      if (!under) return fail('INVALID_INPUT', '只能交办给本级管辖范围内的人员或下级网格', input.to === 'member' ? 'memberId' : 'orgId');
      return { kind: 'assign', assignee, note: input.note };
    },
    notices: (_b, after, at) => notify.map((id) => assignedNotice(after, id, at)),
  });
}

/** grid.issues.close: after verification, the level files it as done. Requests: 7 — caller; start, issue, issue, shard, audit, commit. */
export async function closeIssue(ctx: MemberCtx, input: IssuesCloseInput): Promise<Result<IssueResult>> {
  return run(ctx, { issueId: input.issueId, action: 'grid.issues.close', build: () => ({ kind: 'close', note: input.note || '办结' }) });
}

/**
 * grid.issues.escalate: beyond the level's powers, with a reason; the next level's 责任人 are
 * notified. Requests: 9–10 — caller, the issue, the next level's org (and its role holders when
 * it names no 责任人); start, issue, issue, audit, a notification per 责任人, commit.
 */
export async function escalateIssue(ctx: MemberCtx, input: IssuesEscalateInput): Promise<Result<IssueResult>> {
  const seen = await db.get<IssueDoc>('gridIssues', input.issueId);
  if (!seen) return fail('NOT_FOUND');
  const up = seen.ancestors[seen.levelIndex - 1];
  const to = up ? ((await responsiblesOf([up])).get(up) ?? []) : [];
  const fromName = ctx.actor.name;
  return run(ctx, {
    issueId: input.issueId,
    action: 'grid.issues.escalate',
    build: () => ({ kind: 'escalate', reason: input.reason, auto: false }),
    // the level read before the transaction must still be the one escalated from
    notices: (before, after, at) => (before.levelIndex === seen.levelIndex ? to.map((id) => escalatedNotice(after, id, fromName, at)) : []),
  });
}
