import { reactive } from 'vue';
import type { MeResult } from '../../../core/contracts/auth';
import type { QualifiedAction } from '../../../core/contracts/permissions';
import type { Role } from '../../../core/contracts/roles';
import { PERMISSIONS } from '../generated/contracts';
import { call, forget, isSignedIn } from './cloud';

/** Who the console is signed in as (auth.me, read once after sign-in and on reload). */
export const session = reactive<{ me: MeResult | null; checked: boolean }>({ me: null, checked: false });

export async function loadMe(): Promise<boolean> {
  if (!isSignedIn()) {
    session.me = null;
    session.checked = true;
    return false;
  }
  const r = await call<MeResult>('auth', 'me');
  session.me = r.ok ? r.data : null;
  session.checked = true;
  return r.ok;
}

export async function logout(): Promise<void> {
  await call('auth', 'console.logout');
  forget();
  session.me = null;
}

/**
 * May the signed-in member use an action at all (the permissions table, generated): the server
 * checks again, with the target's scope; the console only hides what would be refused.
 */
export function can(action: QualifiedAction, variant?: string): boolean {
  const p = PERMISSIONS[action];
  const me = session.me;
  if (!p || !me) return false;
  const roles: readonly Role[] | 'anyMember' | 'public' = variant ? (p.variants[variant] ?? []) : p.roles;
  if (roles === 'public' || roles === 'anyMember') return true;
  return me.roles.some((g) => roles.includes(g.role));
}

/** The orgs where the member holds one of the action's roles (to default a page's org). */
export function grantsFor(action: QualifiedAction): { role: Role; orgId: string; orgName: string }[] {
  const p = PERMISSIONS[action];
  const me = session.me;
  if (!p || !me || p.roles === 'public' || p.roles === 'anyMember') return [];
  const roles = p.roles;
  return me.roles.filter((g) => roles.includes(g.role));
}
