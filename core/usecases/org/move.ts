import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { OrgMoveInput, OrgMoveResult } from '../../contracts/org';
import { cmd, db, type Where } from '../../db/db';
import { COLLECTIONS, type CollectionName } from '../../db/schema';
import { BRANCH_FOLLOWERS, checkMove, MOVE_FOLLOWERS, pathBefore, reanchor, variantFor } from '../../domain/org/edit';
import type { OrgDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize, grantOn, targetOrg } from '../shared/authorize';

/** Stop starting new sweep requests this long after the call began (the org function's timeout is 60 s). */
const SWEEP_BUDGET_MS = 40_000;

/**
 * org.move: an org (a branch, a party group) hangs under another parent; the caller's scope must
 * cover both ends (the router checks the org, this the new parent; a town is the 组织部's).
 * Refused: a move into the org's own subtree, a parent of the wrong type or archived
 * (INVALID_INPUT), a move while the org's last one is unfinished to another parent (CONFLICT).
 *
 * A subtree can be large (a branch with its groups, members, balances, claims, events), more
 * than one transaction may hold, so the move is a resumable job: one transaction re-hangs the
 * org, writes the audit record and marks the org `moving` {from, to}; then the documents below
 * follow in bulk, one `where(...).update()` per org of the subtree and per following collection
 * (core/domain/org/edit.ts MOVE_FOLLOWERS), each selecting the documents whose innermost org is
 * that org and whose path still has the old length (ending with that org), and setting the new path (a re-run sets the
 * same value again: idempotent); orgs first, so anything placed meanwhile reads the new path.
 * When all are done the mark is cleared. A call that runs out of time answers `done: false`,
 * and the same call again resumes the sweep. Ledger entries and audit records keep the place
 * they were written under (history).
 * Requests: 8 to re-hang (the caller; the org, read by the router; the new parent; the
 * transaction: start, org, update, audit, commit), then 1 for the subtree's orgs, 1 per org below
 * the moved one, F per org of the subtree (F: the followers the schema has, 10 with every area's
 * collections) and 1 to clear the mark: a party group 10 + F, a branch with three groups
 * 13 + 4F. 3 when the org already hangs there.
 */
export async function moveOrg(ctx: MemberCtx, input: OrgMoveInput): Promise<Result<OrgMoveResult>> {
  const started = Date.now();
  const org = targetOrg(ctx);
  const variant = variantFor(org.type);
  const auth = authorize(ctx, org.ancestors, variant);
  if (!auth.ok) return auth;
  const to = await db.get<OrgDoc>('orgs', input.toParentId);
  if (!to) return fail('NOT_FOUND', '调入的上级组织不存在', 'toParentId');
  if (!grantOn(ctx, to.ancestors, variant)) return fail('FORBIDDEN', '调入的上级组织不在您的管辖范围内', 'toParentId');
  const check = checkMove(org, to);
  if (!check.ok) return fail(check.code, check.message, check.field);
  if (org.parentId === to._id && !org.moving) return ok({ orgId: org._id, parentId: to._id, ancestors: org.ancestors, changed: false, done: true, updated: {} });

  const next = [...to.ancestors, org._id];
  const { moving, changed } = await db.transaction(async (tx) => {
    const cur = await tx.get<OrgDoc>('orgs', org._id);
    if (!cur) throw new AppError('NOT_FOUND', '组织不存在', 'orgId');
    if (cur.moving?.toParentId === to._id) return { moving: cur.moving, changed: false };
    if (cur.moving) throw new AppError('CONFLICT', '该组织上一次调整尚未完成，请先用相同的调入组织重新提交一次', 'toParentId');
    const mark = { toParentId: to._id, from: cur.ancestors, to: next, at: ctx.clock.now() };
    await tx.update('orgs', cur._id, { parentId: to._id, ancestors: cmd().set(next), moving: cmd().set(mark), updatedAt: mark.at });
    await writeAudit(
      ctx,
      {
        role: auth.grant.role,
        action: 'org.move',
        targetType: 'org',
        targetId: cur._id,
        ancestors: [...new Set([...cur.ancestors, ...next])],
        before: { parentId: cur.parentId, ancestors: cur.ancestors },
        after: { parentId: to._id, ancestors: next },
        reason: input.reason,
      },
      tx,
    );
    return { moving: mark, changed: true };
  });

  const updated = await sweep(org, moving, started + SWEEP_BUDGET_MS);
  const done = updated !== null;
  if (done) await db.update('orgs', org._id, { moving: null });
  return ok({ orgId: org._id, parentId: to._id, ancestors: moving.to, changed, done, updated: updated ?? {} });
}

/**
 * Rewrites the path of everything below the moved org; null when the deadline came first.
 * The orgs below are updated one by one (their own document), the followers in bulk per org.
 */
async function sweep(moved: Pick<OrgDoc, '_id' | 'type'>, moving: { toParentId: string; from: string[]; to: string[] }, deadline: number): Promise<Record<string, number> | null> {
  const movedId = moved._id;
  const updated: Record<string, number> = { orgs: 0 };
  const below = await db.findAll<OrgDoc>('orgs', { ancestors: movedId });
  for (const o of below) {
    if (o._id === movedId) continue;
    if (Date.now() > deadline) return null;
    const path = reanchor(o.ancestors, movedId, moving.to);
    if (path.join('/') === o.ancestors.join('/')) continue;
    updated.orgs += await db.update('orgs', o._id, { ancestors: cmd().set(path) });
  }
  const followers = MOVE_FOLLOWERS.filter((c): c is CollectionName => Object.prototype.hasOwnProperty.call(COLLECTIONS, c));
  for (const c of followers) {
    updated[c] = 0;
    // a party group moved to another branch: its members (and what names their branch) are in that branch now
    const branch = moved.type === 'group' && BRANCH_FOLLOWERS.includes(c) ? { branchId: moving.toParentId } : {};
    for (const o of below) {
      if (Date.now() > deadline) return null;
      const old = pathBefore(o.ancestors, movedId, moving.from);
      // innermost org o, old path length: `ancestors` (indexed) holds o, has the old length, ends with o
      const where = cmd().and({ ancestors: o._id }, { ancestors: cmd().size(old.length) }, { [`ancestors.${old.length - 1}`]: o._id }) as Where;
      updated[c] += await db.updateWhere(c, where, { ancestors: cmd().set(reanchor(o.ancestors, movedId, moving.to)), ...branch });
    }
  }
  return updated;
}
