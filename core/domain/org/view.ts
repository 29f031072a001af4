import type { MemberItem, Ref } from '../../contracts/org';
import { isBound, maskPhone, type MemberDoc } from './model';
/** A calendar date stored as UTC midnight (the roster's convention) as YYYY-MM-DD. */
export function dateOnly(d: Date | null | undefined): string | null {
  if (!d) return null;
  const x = new Date(d);
  return Number.isNaN(x.getTime()) ? null : x.toISOString().slice(0, 10);
}

/**
 * What staff see of a member. Phone numbers are personal information: shown in full only to an
 * admin whose scope contains the member (`full`: the permissions table's `fullPhone` variant;
 * DESIGN "Privacy"), masked 138****1234 to anyone else.
 */
export function memberItem(full: boolean, m: MemberDoc, names: ReadonlyMap<string, string>): MemberItem {
  const ref = (id: string): Ref => ({ id, name: names.get(id) ?? '' });
  return {
    id: m._id,
    name: m.name,
    phone: full ? m.phone : maskPhone(m.phone),
    phoneMasked: !full,
    branch: ref(m.branchId),
    group: m.groupId ? ref(m.groupId) : null,
    partyStatus: m.partyStatus,
    status: m.status,
    flow: m.flow,
    joinedAt: dateOnly(m.joinedAt),
    bound: isBound(m),
    roles: m.roles.map((r) => ({ role: r.role, orgId: r.orgId, orgName: names.get(r.orgId) ?? '' })),
  };
}

/** Org ids a page of members refers to (branch, group, role orgs), for one name lookup. */
export function orgIdsOf(members: readonly MemberDoc[]): string[] {
  const ids = new Set<string>();
  for (const m of members) {
    ids.add(m.branchId);
    if (m.groupId) ids.add(m.groupId);
    for (const r of m.roles) ids.add(r.orgId);
  }
  return [...ids];
}

/** Escapes user text for a contains-match regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
