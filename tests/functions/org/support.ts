import type { MemberDoc, OrgDoc } from '../../../core/domain/org/model';
import type { LocalCloud } from '../../../emulator/local-cloud';

/** Shared fixtures for the org and binding tests: read the demo county straight from the store. */
export function org(cloud: LocalCloud, id: string): OrgDoc {
  const o = cloud.store.getById('orgs', id) as unknown as OrgDoc | null;
  if (!o) throw new Error(`no org ${id}`);
  return o;
}

export function memberById(cloud: LocalCloud, id: string): MemberDoc {
  const m = cloud.store.getById('members', id) as unknown as MemberDoc | null;
  if (!m) throw new Error(`no member ${id}`);
  return m;
}

export function memberByOpenid(cloud: LocalCloud, openid: string): MemberDoc {
  const [m] = cloud.store.find('members', { openid }, { limit: 1 }) as unknown as MemberDoc[];
  if (!m) throw new Error(`no member bound to ${openid}`);
  return m;
}

/** Unbound active members of a branch, in id order (fresh ones for each test: take by index). */
export function unboundMembers(cloud: LocalCloud, branchId: string): MemberDoc[] {
  return (cloud.store.find('members', { branchId, openid: { $regex: '^unbound:' }, status: 'active' }, { limit: 1000 }) as unknown as MemberDoc[]).sort((a, b) => a._id.localeCompare(b._id));
}

/** A digest of collections, to prove a refused action wrote nothing. */
export function digest(cloud: LocalCloud, collections: string[]): string {
  return JSON.stringify(collections.map((c) => (cloud.store.find(c, {}, { limit: 1_000_000 }) as { _id: string }[]).sort((a, b) => a._id.localeCompare(b._id))));
}
