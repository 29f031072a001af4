import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { TransferInput, TransferResult } from '../../contracts/org';
import { db } from '../../db/db';
import type { OrgDoc } from '../../domain/org/model';
import { bothEnds, checkTransfer, placementOf } from '../../domain/org/transfer';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { grantOn, targetGrant, targetMember } from '../shared/authorize';
import { moveMember } from './move-member';

/**
 * org.members.transfer (组织关系转接): an admin moves one member to another branch of the
 * county. The admin's scope must cover BOTH branches: the router checks the member's (old)
 * place, this checks the new one. In one transaction (moveMember): the member (new branch, no
 * group, new ancestors), the member's balance (placed with them, so the ledger audit and the
 * award scope follow), the member's pending claims (now in the new secretary's review queue)
 * and the audit record with before, after and the reason, visible from both ends.
 * Refused: the branch the member is in, a target that is not a branch (INVALID_INPUT), an
 * unknown branch (NOT_FOUND); an unknown member is the router's NOT_FOUND/FORBIDDEN.
 * Requests: caller, member (router), the new branch, the pending claims, then the transaction:
 * start, member, balance, member update, balance write, 2 per pending claim, audit, commit.
 */
export async function transferMember(ctx: MemberCtx, input: TransferInput): Promise<Result<TransferResult>> {
  const member = targetMember(ctx);
  const from = targetGrant(ctx);
  const branch = await db.get<OrgDoc>('orgs', input.toBranchId);
  if (!branch) return fail('NOT_FOUND', '转入的支部不存在', 'toBranchId');
  const to = grantOn(ctx, branch.ancestors);
  if (!to) return fail('FORBIDDEN', '转入的支部不在您的管辖范围内', 'toBranchId');
  const check = checkTransfer(member, branch);
  if (!check.ok) return fail(check.code, check.message, check.field);

  const before = placementOf(member);
  const moved = await moveMember({
    memberId: member._id,
    from: before,
    to: check.to,
    at: ctx.clock.now(),
    within: (tx, _m, claims) =>
      writeAudit(
        ctx,
        {
          role: from.role,
          action: 'org.members.transfer',
          targetType: 'member',
          targetId: member._id,
          ancestors: bothEnds(before, check.to),
          before,
          after: { ...check.to, claims },
          reason: input.reason,
        },
        tx,
      ),
  });
  if (!moved.ok) return moved;
  return ok({ memberId: member._id, fromBranchId: before.branchId, toBranchId: branch._id, toBranchName: branch.name, claimsMoved: moved.data.claims.length, changed: moved.data.moved });
}
