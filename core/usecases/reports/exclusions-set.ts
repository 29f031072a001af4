import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ExclusionsSetInput, ExclusionsSetResult } from '../../contracts/reports';
import { db } from '../../db/db';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { targetGrant, targetMember } from '../shared/authorize';

/**
 * reports.exclusions.set: marks a member of the caller's scope as listed apart from ranking
 * (年老体弱, 患病, 其他; whether each category is applied is the county's setting, REPORTS_EXCLUDE),
 * or clears the mark (null). The next snapshot lists them apart, with their category. Audited.
 * Requests: 7 (caller, member; start, mark read, mark write, audit, commit).
 */
export async function setExclusion(ctx: MemberCtx, input: ExclusionsSetInput): Promise<Result<ExclusionsSetResult>> {
  const m = targetMember(ctx);
  await db.transaction(async (tx) => {
    const before = await tx.get<{ category: string }>('rankExclusions', m._id);
    if (input.category === null) {
      if (before) await tx.remove('rankExclusions', m._id);
    } else {
      await tx.set('rankExclusions', m._id, { category: input.category, note: input.note, ancestors: m.ancestors, byId: ctx.actor.memberId, at: ctx.clock.now() });
    }
    await writeAudit(
      ctx,
      {
        role: targetGrant(ctx).role,
        action: 'reports.exclusions.set',
        targetType: 'member',
        targetId: m._id,
        ancestors: m.ancestors,
        before: before ? { category: before.category } : null,
        after: { category: input.category },
      },
      tx,
    );
  });
  return ok({ memberId: m._id, category: input.category });
}
