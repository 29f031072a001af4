import { AppError, ok, fail } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { RoleChangeInput, RoleChangeResult } from '../../contracts/org';
import { cmd, db } from '../../db/db';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
import { roleChangeDecision, sameGrants, withGrant, withoutGrant, isAdminRole } from '../../domain/org/roles';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { targetMember, targetGrant, grantOn } from '../shared/authorize';

/**
 * org.roles.grant / org.roles.revoke: an admin of an ancestor grants or revokes a role on an
 * org for a member (rules: core/domain/org/roles.ts). One transaction: the member's embedded
 * grants and the audit record (before/after grants). Grants are read with the caller on every
 * call, so a revoked role stops working at the member's next call. Granting a grant already
 * held, or revoking one not held, changes and records nothing. Requests: 8 (the caller; the
 * member, read by the router; the org; the transaction: start, member, update, audit, commit);
 * 3 when nothing changes.
 */
export function grantRole(ctx: MemberCtx, input: RoleChangeInput): Promise<Result<RoleChangeResult>> {
  return changeRole(ctx, input, 'grant');
}

export function revokeRole(ctx: MemberCtx, input: RoleChangeInput): Promise<Result<RoleChangeResult>> {
  return changeRole(ctx, input, 'revoke');
}

async function changeRole(ctx: MemberCtx, input: RoleChangeInput, op: 'grant' | 'revoke'): Promise<Result<RoleChangeResult>> {
  const member = targetMember(ctx);
  const org = await db.get<OrgDoc>('orgs', input.orgId);
  if (!org) return fail('NOT_FOUND', '组织不存在', 'orgId');
  const mayOnOrg = grantOn(ctx, org.ancestors, isAdminRole(input.role) ? 'appointAdmin' : undefined) !== undefined;
  const d = roleChangeDecision({ role: input.role, org, mayOnOrg, ownGrant: member._id === ctx.actor.memberId });
  if (!d.ok) return d.code === 'FORBIDDEN' ? fail('FORBIDDEN') : fail('INVALID_INPUT', d.message, 'orgId');
  const g = { role: input.role, orgId: org._id };
  const wanted = op === 'grant' ? withGrant(member.roles, g) : withoutGrant(member.roles, g);
  if (sameGrants(wanted, member.roles)) return ok({ memberId: member._id, roles: member.roles, changed: false });
  const now = ctx.clock.now();
  const roles = await db.transaction(async (tx) => {
    const m = await tx.get<MemberDoc>('members', member._id);
    if (!m) throw new AppError('NOT_FOUND', '党员不存在', 'memberId');
    const next = op === 'grant' ? withGrant(m.roles, g) : withoutGrant(m.roles, g);
    if (sameGrants(next, m.roles)) return null;
    await tx.update('members', m._id, { roles: cmd().set(next), updatedAt: now });
    await writeAudit(
      ctx,
      {
        role: targetGrant(ctx).role,
        action: `org.roles.${op}`,
        targetType: 'member',
        targetId: m._id,
        ancestors: [...new Set([...m.ancestors, ...org.ancestors])],
        before: { roles: m.roles },
        after: { roles: next },
        reason: input.reason,
      },
      tx,
    );
    return next;
  });
  return ok({ memberId: member._id, roles: roles ?? member.roles, changed: roles !== null });
}
