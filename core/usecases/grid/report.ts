import { createHash, randomUUID } from 'node:crypto';
import { fail, ok } from '../../contracts/app-error';
import type { Fail, Result } from '../../contracts/envelope';
import type { IssueResult, IssuesReportInput } from '../../contracts/grid';
import { db, DuplicateKeyError } from '../../db/db';
import { grantsOf } from '../../domain/authz';
import { findCategory, type GridConfig } from '../../domain/grid/config';
import { newIssue, type IssueDoc } from '../../domain/grid/issue';
import { isArchived } from '../../domain/org/edit';
import type { OrgDoc } from '../../domain/org/model';
import { uploadedBy } from '../../domain/uploads';
import { periodKey } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { rolesFor } from '../../contracts/permissions';
import { gridConfig } from './config';
import { bumpCounters, ensureShards } from './counters';
import { issueDetail } from './views';

/**
 * grid.issues.report: a grid leader reports into their grid (a leader of several names it), a
 * member (when the county allows) into their own party group or branch. The issue is kept with
 * the place it is at, its photos (the caller's own uploads) and its first timeline record; the
 * KPI shard of the month counts it in the same transaction. A `requestId` makes a retry answer
 * the first report.
 * Requests: 5 — caller (router); start, issue, shard, commit. +1 while the config cache is cold,
 * +1 the first time an instance reports into a month (its shards are made), +1 for a grid that
 * is not on the reporter's own branch path (its ancestors are read).
 */
export async function reportIssue(ctx: MemberCtx, input: IssuesReportInput): Promise<Result<IssueResult>> {
  const now = ctx.clock.now();
  const county = ctx.actor.ancestors[0];
  const cfg = await gridConfig(county);
  const cat = findCategory(cfg, input.category);
  if (!cat || !cat.active) return fail('GRID_CATEGORY_UNKNOWN', undefined, 'category');
  if (!input.photos.every((p) => uploadedBy(p, 'evidence', ctx.actor.memberId))) return fail('INVALID_INPUT', '填写的内容有误：photos（只能使用本人上传的照片）', 'photos');
  const grid = await gridOf(ctx, input.gridId, cfg);
  if (!grid.ok) return grid;

  const id = input.requestId ? 'gi' + createHash('sha256').update(`${ctx.actor.memberId}\n${input.requestId}`).digest('hex').slice(0, 22) : 'gi' + randomUUID().replace(/-/g, '').slice(0, 22);
  const month = periodKey('month', now).slice('month:'.length);
  const issue = newIssue({
    id,
    category: cat,
    text: input.text,
    photos: input.photos,
    location: input.location,
    anonymous: input.anonymous,
    reporter: { id: ctx.actor.memberId, name: ctx.actor.name },
    gridAncestors: grid.ancestors,
    month,
    at: now,
  });
  await ensureShards(grid.ancestors, month);
  try {
    await db.transaction(async (tx) => {
      await tx.add('gridIssues', issue);
      await bumpCounters(tx, issue, { reported: 1 });
    });
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    const first = await db.get<IssueDoc>('gridIssues', id);
    if (!first || first.text !== issue.text || first.category !== issue.category) return fail('CONFLICT');
    return ok({ issue: issueDetail(ctx, first, now), duplicate: true });
  }
  return ok({ issue: issueDetail(ctx, issue, now) });
}

/**
 * The grid a report goes into, as its ancestors: a grid the caller leads (the one named, or their
 * only/first one), else, when the county lets members report, the caller's own group or branch.
 */
async function gridOf(ctx: MemberCtx, gridId: string | undefined, cfg: GridConfig): Promise<{ ok: true; ancestors: string[] } | Fail> {
  const leaderRoles = rolesFor(ctx.permission, 'leader');
  const led = grantsOf(ctx.actor)
    .filter((g) => leaderRoles.includes(g.role))
    .map((g) => g.orgId);
  const own = ctx.member.groupId ?? ctx.member.branchId;
  let chosen: string;
  if (gridId !== undefined) {
    if (!led.includes(gridId) && !(cfg.membersMayReport && gridId === own)) return fail('FORBIDDEN', '只能上报到本人负责的网格', 'gridId');
    chosen = gridId;
  } else if (led.length) chosen = led[0];
  else if (cfg.membersMayReport) chosen = own;
  else return fail('GRID_REPORT_NOT_ALLOWED');
  // most grids are on the reporter's own path (their group or branch): no read
  const at = ctx.actor.ancestors.indexOf(chosen);
  if (at >= 0) return { ok: true, ancestors: ctx.actor.ancestors.slice(0, at + 1) };
  const org = await db.get<OrgDoc>('orgs', chosen);
  if (!org) return fail('NOT_FOUND', undefined, 'gridId');
  // a grid led from before it was archived takes no new issues
  if (isArchived(org)) return fail('ORG_ARCHIVED', '该网格已撤销，不能再上报', 'gridId');
  return { ok: true, ancestors: org.ancestors };
}
