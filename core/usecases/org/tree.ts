import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { TreeResult } from '../../contracts/org';
import { db } from '../../db/db';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
import { buildTree, outermostRoots, responsibleIds, type CountRow } from '../../domain/org/tree';
import type { MemberCtx } from '../../runtime/context';
import { scopeOf } from '../shared/authorize';
import { findByIds, subtree } from './common';

/**
 * org.tree: the org tree under the caller's staff grants (or under `rootId`, when in scope), with
 * member counts per node. Requests: 4, 5 with `rootId` (the caller; the root org, read by the
 * router; the orgs of the subtree, one indexed query per 1,000; the member counts, one
 * aggregation grouped by branch, group and status; the responsible persons' names).
 */
export async function tree(ctx: MemberCtx): Promise<Result<TreeResult>> {
  const roots = ctx.target.org ? [ctx.target.org._id] : scopeOf(ctx);
  const [all, counts] = await Promise.all([
    db.findAll<OrgDoc>('orgs', subtree(roots)),
    db.aggregate<CountRow>('members', [{ match: subtree(roots) }, { group: { _id: { b: '$branchId', g: '$groupId', s: '$status' }, n: { $sum: 1 } } }]),
  ]);
  // archived orgs (org.archive) are closed: the tree shows the open ones
  const orgs = all.filter((o) => o.archivedAt == null);
  const ids = responsibleIds(orgs);
  const people = ids.length ? await findByIds<MemberDoc>('members', ids, { name: true }) : [];
  const names = new Map(people.map((p) => [p._id, p.name]));
  return ok({ roots: outermostRoots(roots, orgs), nodes: buildTree(roots, orgs, counts, names) });
}
