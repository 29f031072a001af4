import { AppError } from '../../contracts/app-error';
import type { Role } from '../../contracts/roles';
import { grantsOf, scopeRoots } from '../../domain/authz';
import type { MemberCtx } from '../../runtime/router';

/** FORBIDDEN unless the caller holds one of `roles` somewhere (lists are then filtered by scope). */
export function authorizeAny(ctx: MemberCtx, roles: readonly Role[]): string[] {
  const roots = scopeRoots(ctx.actor, roles);
  if (!roots.length || !grantsOf(ctx.actor).some((g) => roles.includes(g.role))) throw new AppError('FORBIDDEN');
  return roots;
}
