import type { AuditDoc, AuditInput } from '../../domain/audit';
import { db, type Tx } from '../../db/db';
import type { MemberCtx } from '../../runtime/context';

/**
 * Records a staff write. Pass the transaction the write happens in, so the write and its audit
 * record land together or not at all. The `_id` derives from the request, so a re-run
 * transaction writes the same record.
 */
export async function writeAudit(ctx: MemberCtx, rec: AuditInput, tx?: Tx): Promise<void> {
  const doc: AuditDoc = {
    _id: `aud:${ctx.requestId}:${rec.action}:${rec.targetId}`,
    actorId: ctx.actor.memberId,
    actorName: ctx.actor.name,
    role: rec.role,
    action: rec.action,
    targetType: rec.targetType,
    targetId: rec.targetId,
    ancestors: rec.ancestors,
    before: rec.before ?? null,
    after: rec.after ?? null,
    reason: rec.reason ?? '',
    requestId: ctx.requestId,
    at: ctx.clock.now(),
    ...(ctx.via ? { via: ctx.via } : {}),
  };
  if (tx) await tx.add('audit', doc);
  else await db.add('audit', doc);
}
