import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { MembersListInput, MembersListResult } from '../../contracts/org';
import { cmd, db, regex, type Where } from '../../db/db';
import { UNBOUND_PREFIX, type MemberDoc } from '../../domain/org/model';
import { escapeRegExp, memberItem, orgIdsOf } from '../../domain/org/view';
import type { MemberCtx } from '../../runtime/context';
import { scopeOf, grantOn } from '../shared/authorize';
import { orgNames, subtree } from './common';

/**
 * org.members.list: members under an org in the caller's scope (a town, a branch or a party
 * group), filtered by status / party status / bound, searched by name (contains), ordered by id
 * and paged with a cursor (`_id > cursor`), so any number of members can be listed 100 at a time.
 * Requests: 5 with `orgId`, 4 without (the caller; the org, read by the router; one page; one
 * count; the org names of the page).
 */
export async function listMembers(ctx: MemberCtx, input: MembersListInput): Promise<Result<MembersListResult>> {
  const roots = ctx.target.org ? [ctx.target.org._id] : scopeOf(ctx);
  const where: Where = subtree(roots);
  if (input.status) where.status = input.status;
  if (input.partyStatus) where.partyStatus = input.partyStatus;
  if (input.q) where.name = regex(escapeRegExp(input.q), 'i');
  if (input.bound !== undefined) where.openid = regex(input.bound ? `^(?!${UNBOUND_PREFIX})` : `^${UNBOUND_PREFIX}`);
  const limit = input.limit ?? 20;
  const [page, total] = await Promise.all([
    db.find<MemberDoc>('members', input.cursor ? { ...where, _id: cmd().gt(input.cursor) } : where, { orderBy: [['_id', 'asc']], limit: limit + 1 }),
    db.count('members', where),
  ]);
  const items = page.slice(0, limit);
  const names = await orgNames(orgIdsOf(items));
  return ok({
    items: items.map((m) => memberItem(grantOn(ctx, m.ancestors, 'fullPhone') !== undefined, m, names)),
    total,
    nextCursor: page.length > limit ? items[items.length - 1]._id : null,
  });
}
