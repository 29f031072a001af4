import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ClaimsListResult, ClaimsListInput } from '../../contracts/points';
import { cmd, db, type FindOptions, type Where } from '../../db/db';
import type { ClaimDoc } from '../../domain/points/claims';
import type { MemberCtx } from '../../runtime/context';
import { scopeOf } from '../shared/authorize';
import { claimViewsWithPhotos } from './views';
import { approverRolesDecidedAs, approverVariant } from '../../domain/points/claims';
import { RULE_APPROVER_ROLES } from '../../contracts/points';

/**
 * points.claims.list.
 * - mine: claims for the caller (their own and those reported for them), newest first;
 * - reported: claims the caller reported for others (grid leader), newest first;
 * - review (secretary/orgAdmin): claims of members in scope, pending by default, OLDEST first,
 *   never the caller's own (they may not decide them); with a decided `status` (approved, to undo
 *   a mistaken approval), newest decision first.
 * One read, plus one storage request per 50 photos for the temp URLs.
 */
export async function listClaims(ctx: MemberCtx, input: ClaimsListInput): Promise<Result<ClaimsListResult>> {
  const me = ctx.actor.memberId;
  let where: Where;
  let order: FindOptions['orderBy'];
  const newest: FindOptions['orderBy'] = [
    ['createdAt', 'desc'],
    ['_id', 'desc'],
  ];
  switch (input.box) {
    case 'mine':
      where = { memberId: me, ...(input.status ? { status: input.status } : {}) };
      order = newest;
      break;
    case 'reported':
      where = { reporterId: me, onBehalf: true, ...(input.status ? { status: input.status } : {}) };
      order = newest;
      break;
    case 'review': {
      const queue = reviewWhere(ctx, input.status ?? 'pending');
      if (!queue) return fail('FORBIDDEN');
      where = queue;
      // the queue oldest first (who waited longest); decided claims newest decision first (undoing a mistake)
      order =
        (input.status ?? 'pending') === 'pending'
          ? [
              ['createdAt', 'asc'],
              ['_id', 'asc'],
            ]
          : [
              ['decidedAt', 'desc'],
              ['_id', 'desc'],
            ];
      break;
    }
  }
  const page = await db.find<ClaimDoc>('claims', where, { orderBy: order, skip: input.offset, limit: input.limit + 1 });
  const items = await claimViewsWithPhotos(page.slice(0, input.limit));
  return ok({ items, nextOffset: page.length > input.limit ? input.offset + input.limit : null });
}

/**
 * The review queue's filter: claims whose rule the caller may decide (a grid leader: grid rules
 * only), of members in scope, never the caller's own; null when the caller decides none. Uses
 * the approver variants of the caller's permission row (claims.list, auth.workbench).
 */
export function reviewWhere(ctx: MemberCtx, status: ClaimDoc['status']): Where | null {
  const queue = reviewQueue(ctx);
  if (!queue.length) return null;
  const me = ctx.actor.memberId;
  return cmd().and([
    { status, memberId: cmd().neq(me), reporterId: cmd().neq(me) },
    cmd().or(queue.map((q) => ({ ancestors: cmd().in(q.roots), 'rule.approverRole': cmd().in(q.approverRoles) }))),
  ]) as Where;
}

/** Per approver role of a rule, the orgs under which the caller may decide its claims. */
function reviewQueue(ctx: MemberCtx): { roots: string[]; approverRoles: string[] }[] {
  return RULE_APPROVER_ROLES.map((r) => ({ roots: scopeOf(ctx, approverVariant({ approverRole: r })), approverRoles: approverRolesDecidedAs(r) })).filter((q) => q.roots.length > 0);
}
