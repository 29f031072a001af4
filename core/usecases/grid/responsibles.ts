import { cmd, db } from '../../db/db';
import { namedResponsibles, roleHolders } from '../../domain/grid/responsibles';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';

/**
 * The 责任人 of each org: the ids its document names, else the members holding a responsible role
 * on it. Two requests at most for any number of orgs (the orgs, then the role holders of those
 * that name nobody).
 */
export async function responsiblesOf(orgIds: readonly string[]): Promise<Map<string, string[]>> {
  const ids = [...new Set(orgIds)];
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  const orgs = await db.find<OrgDoc>('orgs', { _id: cmd().in(ids) }, { limit: ids.length });
  const unnamed: string[] = [];
  for (const id of ids) {
    const org = orgs.find((o) => o._id === id);
    const named = org ? namedResponsibles(org) : [];
    if (named.length) out.set(id, named);
    else unnamed.push(id);
  }
  if (unnamed.length) {
    const holders = await db.find<MemberDoc>('members', { 'roles.orgId': cmd().in(unnamed) }, { limit: 200, fields: { _id: true, roles: true } });
    for (const id of unnamed) out.set(id, roleHolders(id, holders));
  }
  return out;
}
