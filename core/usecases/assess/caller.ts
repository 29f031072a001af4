import type { RoleGrant } from '../../contracts/roles';
import { grantsOf } from '../../domain/authz';
import type { MemberCtx } from '../../runtime/context';
import { grantOn } from '../shared/authorize';

/** The grant a target-less staff action runs under (for the audit log): the row's role on the caller's own place. */
export function callerGrant(ctx: MemberCtx): RoleGrant {
  return grantOn(ctx, ctx.actor.ancestors) ?? grantsOf(ctx.actor)[0];
}
