import type { RoleGrant } from '../../core/contracts/roles';
import { isBound, type MemberDoc } from '../../core/domain/org/model';
import type { Store } from '../../emulator/store/store';

export type DevIdentity = { openid: string; name: string; roles: RoleGrant[]; orgId: string };

/** Bound identities for the dev switcher, staff first. Local gateway only. */
export function devIdentities(store: Store): DevIdentity[] {
  const members = store.find('members', { openid: { $not: /^unbound:/ } }, { limit: 100000 }) as unknown as MemberDoc[];
  const out = members.filter(isBound).map((m) => ({ openid: m.openid, name: m.name, roles: [{ role: 'member', orgId: m.branchId } as RoleGrant, ...m.roles], orgId: m.branchId }));
  const rank = (i: DevIdentity) => (i.roles.length > 1 ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.openid.localeCompare(b.openid));
}
