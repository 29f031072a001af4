import type { IssueDetail, IssueView } from '../../contracts/grid';
import { permissionOf, rolesFor } from '../../contracts/permissions';
import { levelName } from '../../domain/grid/config';
import { isDue, levelAncestors, STATE_LABELS, type IssueDoc } from '../../domain/grid/issue';
import { iso } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { grantAmong } from '../../runtime/targets';

export function issueView(i: IssueDoc, now: Date): IssueView {
  return {
    id: i._id,
    category: i.category,
    categoryName: i.categoryName,
    text: i.text,
    photos: i.photos,
    location: i.location,
    anonymous: i.anonymous,
    reporterId: i.reporterId,
    reporterName: i.reporterName,
    gridId: i.gridId,
    levelOrgId: i.levelOrgId,
    level: levelName(i.levelIndex),
    state: i.state,
    stateLabel: STATE_LABELS[i.state],
    assignee: i.assignee ? { kind: i.assignee.kind, id: i.assignee.kind === 'member' ? i.assignee.memberId : i.assignee.orgId, name: i.assignee.name } : null,
    resolution: i.resolution,
    reportedAt: iso(i.reportedAt)!,
    deadlineAt: iso(i.deadlineAt),
    overdue: i.overdue || isDue(i, now),
    escalations: i.escalations,
    closedAt: iso(i.closedAt),
  };
}

/** Does the caller hold the roles of a grid action's row on these ancestors? (The table decides, not this file.) */
export function mayAct(ctx: MemberCtx, action: string, ancestors: readonly string[], variant?: string): boolean {
  const p = permissionOf('grid', action);
  return !!p && grantAmong(ctx.actor, rolesFor(p, variant), ancestors) !== undefined;
}

/** The assignee's own ancestors (an org) or nothing (a person): where its staff sit. */
export const assigneeAncestors = (i: IssueDoc): string[] => (i.assignee?.kind === 'org' ? i.assignee.ancestors : []);

/** May the caller resolve it: the assignee in person, or staff over the assigned org or the level. */
export function mayResolve(ctx: MemberCtx, i: IssueDoc): boolean {
  if (i.assignee?.kind === 'member' && i.assignee.memberId === ctx.actor.memberId) return true;
  return mayAct(ctx, 'issues.resolve', [...assigneeAncestors(i), ...levelAncestors(i)], 'staff');
}

/** May the caller verify or reopen it: the reporter, or staff over the grid (its leader and above). */
export const mayVerify = (ctx: MemberCtx, i: IssueDoc): boolean => i.reporterId === ctx.actor.memberId || mayAct(ctx, 'issues.verify', i.ancestors, 'staff');

/** May the caller see it: the reporter, the assignee, or staff over any org in its scope. */
export const maySee = (ctx: MemberCtx, i: IssueDoc): boolean =>
  i.reporterId === ctx.actor.memberId || (i.assignee?.kind === 'member' && i.assignee.memberId === ctx.actor.memberId) || mayAct(ctx, 'issues.get', i.scopeIds, 'staff');

export function issueDetail(ctx: MemberCtx, i: IssueDoc, now: Date): IssueDetail {
  const level = levelAncestors(i);
  const on = (action: string) => mayAct(ctx, action, level);
  const s = i.state;
  return {
    ...issueView(i, now),
    // staff see who reported an anonymous issue; the reporter's name is withheld from everyone else
    reporterName: i.anonymous && !mayAct(ctx, 'issues.get', i.scopeIds, 'staff') && i.reporterId !== ctx.actor.memberId ? '匿名' : i.reporterName,
    timeline: i.timeline.map((r) => ({
      seq: r.seq,
      kind: r.kind,
      from: r.from,
      to: r.to,
      actorName: r.kind === 'report' && i.anonymous && i.reporterId !== ctx.actor.memberId && !mayAct(ctx, 'issues.get', i.scopeIds, 'staff') ? '匿名' : r.actorName,
      at: iso(r.at)!,
      note: r.note,
      levelOrgId: r.levelOrgId,
      photos: r.photos ?? [],
      auto: r.auto ?? false,
    })),
    can: {
      accept: s === 'reported' && on('issues.accept'),
      return: s === 'reported' && on('issues.return'),
      assign: ['accepted', 'assigned', 'reopened'].includes(s) && on('issues.assign'),
      resolve: ['assigned', 'reopened'].includes(s) && !!i.assignee && mayResolve(ctx, i),
      verify: s === 'resolved' && mayVerify(ctx, i),
      reopen: s === 'resolved' && mayVerify(ctx, i),
      close: s === 'verified' && on('issues.close'),
      escalate: ['reported', 'accepted', 'assigned', 'reopened'].includes(s) && i.levelIndex > 0 && on('issues.escalate'),
    },
  };
}
