import type { RoleGrant } from '../../core/contracts/roles';
import type { BindingDoc, MemberDoc } from '../../core/domain/org';
import type { Store } from '../../emulator/store/store';

export type DevIdentity = { openid: string; name: string; roles: RoleGrant[]; orgId: string };

/** Bound identities for the dev switcher, staff first. Local gateway only. */
export function devIdentities(store: Store): DevIdentity[] {
  const bindings = store.find('bindings', {}, { limit: 10000 }) as unknown as BindingDoc[];
  const out: DevIdentity[] = [];
  for (const b of bindings) {
    const m = store.getById('members', b.memberId) as unknown as MemberDoc | null;
    if (!m) continue;
    out.push({ openid: b._id, name: m.name, roles: [{ role: 'member', orgId: m.branchId }, ...m.roles], orgId: m.branchId });
  }
  const rank = (i: DevIdentity) => (i.roles.length > 1 ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.openid.localeCompare(b.openid));
}
