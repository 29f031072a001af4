import type { OrgType } from '../../contracts/auth';
import type { GrantableRole } from '../../contracts/org';
import type { RoleGrant } from '../../contracts/roles';
import { canActOn, type Actor } from '../authz';
import type { MemberDoc, OrgDoc } from '../org';

/**
 * Who may grant or revoke which role where. Pure; the use cases call `roleChangeDecision`.
 *
 * - Only an orgAdmin grants or revokes, and only on orgs in their subtree: a role on org X needs
 *   orgAdmin on X or an ancestor of X; the member must be in the admin's subtree too.
 * - orgAdmin itself is stricter: it takes an orgAdmin of a STRICT ancestor of X ("the county
 *   appoints the town's admins"), so an admin can neither create peers on their own node nor
 *   revoke a peer (or themself).
 * - Each role fits certain kinds of org (ROLE_ORG_TYPES): a secretary is the secretary of a branch.
 */
export const ROLE_ORG_TYPES: Record<GrantableRole, readonly OrgType[]> = {
  orgAdmin: ['county', 'town'],
  secretary: ['branch'],
  gridLeader: ['branch', 'group'],
  storeKeeper: ['town', 'branch'],
};

export type RoleChangeDecision = { ok: true } | { ok: false; code: 'FORBIDDEN' } | { ok: false; code: 'INVALID_INPUT'; message: string };

export function roleChangeDecision(actor: Actor, role: GrantableRole, org: Pick<OrgDoc, 'type' | 'ancestors'>, member: Pick<MemberDoc, 'ancestors'>): RoleChangeDecision {
  const over = role === 'orgAdmin' ? org.ancestors.slice(0, -1) : org.ancestors;
  if (!canActOn(actor, ['orgAdmin'], over)) return { ok: false, code: 'FORBIDDEN' };
  if (!canActOn(actor, ['orgAdmin'], member.ancestors)) return { ok: false, code: 'FORBIDDEN' };
  if (!ROLE_ORG_TYPES[role].includes(org.type)) return { ok: false, code: 'INVALID_INPUT', message: '该角色不能授予在这一级组织上' };
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
