import { AppError } from '../../contracts/app-error';
import type { Role } from '../../contracts/roles';
import { grantsOf } from '../../domain/authz';
import type { MemberCtx } from '../../runtime/router';

/**
 * The one authorization check every staff action makes: the caller must hold one of `roles` on
 * the target's org or an ancestor of it. Returns the grant used (for the audit log); FORBIDDEN
 * otherwise. Roles are read with the caller on every call, so a revoked role stops at once.
 */
export function authorize(ctx: MemberCtx, roles: readonly Role[], targetAncestors: readonly string[]): { role: Role; orgId: string } {
  for (const role of roles) {
    const g = grantsOf(ctx.actor).find((x) => x.role === role && targetAncestors.includes(x.orgId));
    if (g) return g;
  }
  throw new AppError('FORBIDDEN');
}
