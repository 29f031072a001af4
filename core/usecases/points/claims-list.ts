import type { z } from 'zod';
import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ClaimsListResult, claimsListInput } from '../../contracts/points';
import { cmd, db, type FindOptions, type Where } from '../../db/db';
import type { ClaimDoc } from '../../domain/points/claims';
import type { MemberCtx } from '../../runtime/router';
import { authorizeAny } from './scope';
import { claimViewsWithPhotos } from './views';

/**
 * points.claims.list.
 * - mine: claims for the caller (their own and those reported for them), newest first;
 * - reported: claims the caller reported for others (grid leader), newest first;
 * - review (secretary/orgAdmin): claims of members in scope, pending by default, OLDEST first,
 *   never the caller's own (they may not decide them).
 * One read, plus one storage request per 50 photos for the temp URLs.
 */
export async function listClaims(ctx: MemberCtx, input: z.output<typeof claimsListInput>): Promise<Result<ClaimsListResult>> {
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
      const roots = authorizeAny(ctx, ['secretary', 'orgAdmin']);
      where = { ancestors: cmd().in(roots), status: input.status ?? 'pending', memberId: cmd().neq(me), reporterId: cmd().neq(me) };
      order = [
        ['createdAt', 'asc'],
        ['_id', 'asc'],
      ];
      break;
    }
  }
  const page = await db.find<ClaimDoc>('claims', where, { orderBy: order, skip: input.offset, limit: input.limit + 1 });
  const items = await claimViewsWithPhotos(page.slice(0, input.limit));
  return ok({ items, nextOffset: page.length > input.limit ? input.offset + input.limit : null });
}
