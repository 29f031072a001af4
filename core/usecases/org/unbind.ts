import { AppError, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { UnbindInput, UnbindResult } from '../../contracts/org';
import { db } from '../../db/db';
import { isBound, unboundOpenid, type MemberDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { targetMember, targetGrant } from '../shared/authorize';

/**
 * org.members.unbind: an orgAdmin over the member frees the member's roster entry from its
 * WeChat user (a lost phone, a wrong bind); the person can then bind again. One transaction:
 * the member's openid back to `unbound:<id>` and the audit record. Unbinding an unbound member
 * changes and records nothing. Requests: 7 (the caller; the member, read by the router; the
 * transaction: start, member, update, audit, commit); 2 when already unbound.
 */
export async function unbindMember(ctx: MemberCtx, input: UnbindInput): Promise<Result<UnbindResult>> {
  const found = targetMember(ctx);
  const grant = targetGrant(ctx);
  if (!isBound(found)) return ok({ memberId: found._id, bound: false, changed: false });
  const now = ctx.clock.now();
  const changed = await db.transaction(async (tx) => {
    const m = await tx.get<MemberDoc>('members', found._id);
    if (!m) throw new AppError('NOT_FOUND', '党员不存在', 'memberId');
    if (!isBound(m)) return false;
    await tx.update('members', m._id, { openid: unboundOpenid(m._id), boundAt: null, updatedAt: now });
    await writeAudit(
      ctx,
      {
        role: grant.role,
        action: 'org.members.unbind',
        targetType: 'member',
        targetId: m._id,
        ancestors: m.ancestors,
        before: { bound: true, openid: m.openid, boundAt: m.boundAt ?? null },
        after: { bound: false, openid: unboundOpenid(m._id), boundAt: null },
        reason: input.reason,
      },
      tx,
    );
    return true;
  });
  return ok({ memberId: found._id, bound: false, changed });
}
