import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { DedicationConfigInput, DedicationConfigResult } from '../../contracts/events';
import { db } from '../../db/db';
import { isArchived } from '../../domain/org/edit';
import { nextDedicationDate } from '../../domain/events/dedication';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { targetGrant, targetOrg } from '../shared/authorize';

/**
 * events.dedication.config: the branch secretary (or an org admin above) sets the branch's
 * dedication day, 1–28 of every month. Audited in the same transaction as the org update.
 * Requests: caller 1 + the branch (the router's target check) 1 + the transaction 4 (start,
 * update, audit, commit) = 6; 2 when the day is unchanged.
 */
export async function dedicationConfig(ctx: MemberCtx, input: DedicationConfigInput): Promise<Result<DedicationConfigResult>> {
  const now = ctx.clock.now();
  const branch = targetOrg(ctx);
  const grant = targetGrant(ctx);
  if (branch.type !== 'branch') return fail('INVALID_INPUT', '奉献日只能按支部设置', 'branchId');
  if (isArchived(branch)) return fail('ORG_ARCHIVED', '该支部已撤销，不能再设置奉献日', 'branchId');
  if (branch.dedicationDay !== input.day) {
    await db.transaction(async (tx) => {
      await tx.update('orgs', branch._id, { dedicationDay: input.day });
      await writeAudit(
        ctx,
        {
          role: grant.role,
          action: 'events.dedication.config',
          targetType: 'org',
          targetId: branch._id,
          ancestors: branch.ancestors,
          before: { dedicationDay: branch.dedicationDay ?? null },
          after: { dedicationDay: input.day },
        },
        tx,
      );
    });
  }
  return ok({ branchId: branch._id, day: input.day, nextDate: nextDedicationDate(input.day, now) });
}
