import { ok, fail } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { AuditItem, AuditListInput, AuditListResult } from '../../contracts/org';
import { cmd, db, type Where } from '../../db/db';
import { decodeAuditCursor, encodeAuditCursor } from '../../domain/org/cursor';
import type { AuditDoc } from '../../domain/audit';
import type { MemberCtx } from '../../runtime/context';
import { scopeOf } from '../shared/authorize';
import { subtree } from './common';

/**
 * org.audit.list: staff writes whose target lies under an org the caller administers, newest
 * first, within [from, to), optionally one action or one target; paged past the 100-document cap
 * with a (time, id) cursor. Requests: 3 with `orgId`, 2 without (the caller; the org, read by
 * the router; one page).
 */
export async function listAudit(ctx: MemberCtx, input: AuditListInput): Promise<Result<AuditListResult>> {
  const roots = ctx.target.org ? [ctx.target.org._id] : scopeOf(ctx);
  const _ = cmd();
  const where: Where = subtree(roots);
  const from = input.from ? new Date(input.from) : undefined;
  const to = input.to ? new Date(input.to) : undefined;
  if (from && to) where.at = _.and(_.gte(from), _.lt(to));
  else if (from) where.at = _.gte(from);
  else if (to) where.at = _.lt(to);
  if (input.auditAction) where.action = input.auditAction;
  if (input.targetId) where.targetId = input.targetId;
  let query: unknown = where;
  if (input.cursor) {
    const c = decodeAuditCursor(input.cursor);
    if (!c) return fail('INVALID_INPUT', '翻页参数无效，请刷新后重试', 'cursor');
    query = _.and(where, _.or({ at: _.lt(c.at) }, { at: c.at, _id: _.lt(c.id) }));
  }
  const limit = input.limit ?? 20;
  const page = await db.find<AuditDoc>('audit', query as Where, {
    orderBy: [
      ['at', 'desc'],
      ['_id', 'desc'],
    ],
    limit: limit + 1,
  });
  const docs = page.slice(0, limit);
  const items: AuditItem[] = docs.map((a) => ({
    id: a._id,
    at: new Date(a.at).toISOString(),
    actorId: a.actorId,
    actorName: a.actorName,
    role: a.role,
    action: a.action,
    targetType: a.targetType,
    targetId: a.targetId,
    before: a.before,
    after: a.after,
    reason: a.reason,
    via: a.via ?? 'miniprogram',
  }));
  const last = docs[docs.length - 1];
  return ok({ items, nextCursor: page.length > limit && last ? encodeAuditCursor({ at: new Date(last.at), id: last._id }) : null });
}
