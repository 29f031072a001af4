import { rolesFor, type Permission } from '../contracts/permissions';
import type { Role, RoleGrant } from '../contracts/roles';
import { db } from '../db/db';
import { grantsOf, type Actor } from '../domain/authz';
import type { MemberDoc, OrgDoc } from '../domain/org/model';
/** The caller's first grant of one of `roles` on `ancestors` (the target or one above it). */
export function grantAmong(actor: Actor, roles: readonly Role[], ancestors: readonly string[]): RoleGrant | undefined {
  for (const role of roles) {
    const g = grantsOf(actor).find((x) => x.role === role && ancestors.includes(x.orgId));
    if (g) return g;
  }
  return undefined;
}

/** True when the caller holds one of the roles anywhere. */
export const holdsAny = (actor: Actor, roles: readonly Role[]): boolean => grantsOf(actor).some((g) => roles.includes(g.role));

/**
 * A target that does not exist is NOT_FOUND only for a caller whose grant covers the whole tree
 * (they learn nothing); anyone else gets FORBIDDEN, as for a target outside their scope.
 */
export const coversTree = (actor: Actor, roles: readonly Role[]): boolean => grantsOf(actor).some((g) => roles.includes(g.role) && g.orgId === actor.ancestors[0]);

/** A member acting on themself where the row allows it (`self`): no role needed, no read. */
export function isSelfCall(p: Permission, actor: Actor, input: Record<string, unknown>): boolean {
  const t = p.target;
  return t.kind === 'member' && t.self === true && (input[t.field] === undefined || input[t.field] === actor.memberId);
}

export type Resolved = { ok: true; target: { org?: OrgDoc; member?: MemberDoc; grant?: RoleGrant } } | { ok: false; code: 'FORBIDDEN' | 'NOT_FOUND'; field: string };

/**
 * Resolves and checks the target an action's permission names in its input (router step 4).
 * `self` members act on themselves without a read; everything else is one read by id.
 */
export async function resolveTarget(p: Permission, actor: Actor, self: MemberDoc, input: Record<string, unknown>): Promise<Resolved> {
  const t = p.target;
  if (t.kind !== 'org' && t.kind !== 'member') return { ok: true, target: {} };
  const id = input[t.field];
  const roles = rolesFor(p);
  if (isSelfCall(p, actor, input)) return { ok: true, target: { member: self } };
  if (id === undefined && t.kind === 'org' && t.optional) return { ok: true, target: {} };
  if (typeof id !== 'string') return { ok: false, code: 'FORBIDDEN', field: t.field };
  const doc = t.kind === 'org' ? await db.get<OrgDoc>('orgs', id) : await db.get<MemberDoc>('members', id);
  if (!doc) return { ok: false, code: coversTree(actor, roles) ? 'NOT_FOUND' : 'FORBIDDEN', field: t.field };
  const grant = grantAmong(actor, roles, doc.ancestors);
  if (!grant) return { ok: false, code: 'FORBIDDEN', field: t.field };
  return { ok: true, target: t.kind === 'org' ? { org: doc as OrgDoc, grant } : { member: doc as MemberDoc, grant } };
}
