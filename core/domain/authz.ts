import type { Role, RoleGrant } from '../contracts/roles';

/** Who is acting: the bound member with their grants. */
export type Actor = {
  memberId: string;
  name: string;
  branchId: string;
  ancestors: string[];
  roles: RoleGrant[];
};

/** Grants including the implicit `member` role on the actor's own branch. */
export function grantsOf(actor: Actor): RoleGrant[] {
  return [{ role: 'member', orgId: actor.branchId }, ...actor.roles];
}

/** True when one of `roles` is granted on an org that is `target` or one of its ancestors. */
export function canActOn(actor: Actor, roles: readonly Role[], targetAncestors: readonly string[]): boolean {
  return grantsOf(actor).some((g) => roles.includes(g.role) && targetAncestors.includes(g.orgId));
}

/** The org nodes on which the actor holds any of `roles`: the roots of what they may see. */
export function scopeRoots(actor: Actor, roles: readonly Role[]): string[] {
  return [
    ...new Set(
      grantsOf(actor)
        .filter((g) => roles.includes(g.role))
        .map((g) => g.orgId),
    ),
  ];
}
