import { fail } from '../../contracts/app-error';
import type { Fail } from '../../contracts/envelope';
import { rolesFor } from '../../contracts/permissions';
import type { RoleGrant } from '../../contracts/roles';
import { grantsOf, scopeRoots } from '../../domain/authz';
import type { MemberCtx } from '../../runtime/context';
import { grantAmong } from '../../runtime/targets';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
/**
 * Checks that need loaded data, with the roles of the action's row in the permissions table
 * (core/contracts/permissions.ts), or of one of its named variants. Use cases never name roles.
 */

/** The caller's grant on a loaded target (its org ancestors), or undefined. */
export function grantOn(ctx: MemberCtx, ancestors: readonly string[], variant?: string): RoleGrant | undefined {
  return grantAmong(ctx.actor, rolesFor(ctx.permission, variant), ancestors);
}

export type Authorized = { ok: true; grant: RoleGrant } | Fail;

/** The grant used (for the audit log), or FORBIDDEN to return (or, in a transaction, to throw). */
export function authorize(ctx: MemberCtx, ancestors: readonly string[], variant?: string): Authorized {
  const grant = grantOn(ctx, ancestors, variant);
  return grant ? { ok: true, grant } : fail('FORBIDDEN');
}

/** The orgs the caller may act under for this action (or variant): the roots of what they see. */
export function scopeOf(ctx: MemberCtx, variant?: string): string[] {
  return scopeRoots(ctx.actor, rolesFor(ctx.permission, variant));
}

/** True when the caller holds the action's (or variant's) roles anywhere. */
export function holds(ctx: MemberCtx, variant?: string): boolean {
  const roles = rolesFor(ctx.permission, variant);
  return grantsOf(ctx.actor).some((g) => roles.includes(g.role));
}

/**
 * The member or org the router resolved and checked for this action (its permission names an
 * `org` or `member` target). Missing only if the table and the use case disagree: a bug.
 */
export function targetMember(ctx: MemberCtx): MemberDoc {
  if (!ctx.target.member) throw new TargetMissing('member');
  return ctx.target.member;
}

export function targetOrg(ctx: MemberCtx): OrgDoc {
  if (!ctx.target.org) throw new TargetMissing('org');
  return ctx.target.org;
}

/** The caller's grant on the resolved target (for the audit log). */
export function targetGrant(ctx: MemberCtx): RoleGrant {
  if (!ctx.target.grant) throw new TargetMissing('grant');
  return ctx.target.grant;
}

class TargetMissing extends Error {
  constructor(what: string) {
    super(`the permissions table names no ${what} target for this action`);
  }
}
