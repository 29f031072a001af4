import type { OrgType } from '../../contracts/auth';
import type { GrantableRole } from '../../contracts/org';
import type { RoleGrant } from '../../contracts/roles';
import type { OrgDoc } from './model';
/**
 * Which role fits where, and the rules a role change must follow beyond scope. Pure; the use
 * case (core/usecases/org/roles.ts) checks scope through the permissions table and passes the
 * answers in.
 *
 * - Only admins grant or revoke (the table), on orgs and members in their subtree.
 * - Admin roles are appointed from above: a town's admin (orgAdmin) and the 组织部's own admins
 *   (countyAdmin) only by a countyAdmin (the table's `appointAdmin` variant). Nobody changes their
 *   own admin grants, so no admin can lock themself out or raise themself.
 * - Each role fits certain kinds of org (ROLE_ORG_TYPES): a secretary is the secretary of a branch.
 */
export const ROLE_ORG_TYPES: Record<GrantableRole, readonly OrgType[]> = {
  countyAdmin: ['county'],
  orgAdmin: ['town'],
  secretary: ['branch'],
  gridLeader: ['branch', 'group'],
  storeKeeper: ['town', 'branch'],
};

/** Roles that only the 组织部 (the `appointAdmin` variant) may grant or revoke. */
export const isAdminRole = (role: GrantableRole): boolean => role === 'orgAdmin' || role === 'countyAdmin';

export type RoleChangeDecision = { ok: true } | { ok: false; code: 'FORBIDDEN' } | { ok: false; code: 'INVALID_INPUT'; message: string };

export function roleChangeDecision(args: { role: GrantableRole; org: Pick<OrgDoc, 'type'>; mayOnOrg: boolean; ownGrant: boolean }): RoleChangeDecision {
  if (!args.mayOnOrg) return { ok: false, code: 'FORBIDDEN' };
  if (args.ownGrant && isAdminRole(args.role)) return { ok: false, code: 'FORBIDDEN' };
  if (!ROLE_ORG_TYPES[args.role].includes(args.org.type)) return { ok: false, code: 'INVALID_INPUT', message: '该角色不能授予在这一级组织上' };
  return { ok: true };
}

const same = (a: RoleGrant, b: RoleGrant): boolean => a.role === b.role && a.orgId === b.orgId;

/** The member's grants after granting `g` (unchanged when already held). */
export function withGrant(roles: readonly RoleGrant[], g: RoleGrant): RoleGrant[] {
  return roles.some((r) => same(r, g)) ? [...roles] : [...roles, { role: g.role, orgId: g.orgId }];
}

/** The member's grants after revoking `g` (unchanged when not held). */
export function withoutGrant(roles: readonly RoleGrant[], g: RoleGrant): RoleGrant[] {
  return roles.filter((r) => !same(r, g));
}

export function sameGrants(a: readonly RoleGrant[], b: readonly RoleGrant[]): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => same(x, y)));
}
