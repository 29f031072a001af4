import type { QualifiedAction } from '../../core/contracts/permissions';
import type { Role } from '../../core/contracts/roles';
import { PERMISSIONS } from '../generated/contracts';

/** A grant as auth.me returns it. */
type Grant = { role: Role; orgId: string };

/**
 * The caller's grants that allow `action` (or its named variant), from the permissions table
 * generated out of core/contracts/permissions.ts: pages decide what to offer with this, never
 * with role names of their own. The server checks again (scope included) on every call.
 */
export function grantsFor<G extends Grant>(grants: readonly G[], action: QualifiedAction, variant?: string): G[] {
  const p = PERMISSIONS[action];
  const roles = variant !== undefined ? (p.variants[variant] ?? []) : p.roles;
  if (roles === 'anyMember' || roles === 'public') return [...grants];
  return grants.filter((g) => roles.includes(g.role));
}

/** True when some grant allows `action`; an action open to any member is always allowed. */
export function can(grants: readonly Grant[], action: QualifiedAction, variant?: string): boolean {
  const p = PERMISSIONS[action];
  if (variant === undefined && (p.roles === 'anyMember' || p.roles === 'public')) return true;
  return grantsFor(grants, action, variant).length > 0;
}
