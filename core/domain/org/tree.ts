import type { OrgNode, Ref } from '../../contracts/org';
import type { MemberStatus } from '../../contracts/auth';
import type { OrgDoc } from './model';
/** One row of the member-count aggregation: members per (branch, group, status). */
export type CountRow = { _id: { b: string; g: string | null; s: MemberStatus }; n: number };

const TYPE_ORDER: Record<OrgDoc['type'], number> = { county: 0, town: 1, branch: 2, group: 3 };

/** The nodes of `roots` that are not inside another root (a county admin who is also a town admin sees the county once). */
export function outermostRoots(roots: readonly string[], orgs: readonly Pick<OrgDoc, '_id' | 'ancestors'>[]): string[] {
  const byId = new Map(orgs.map((o) => [o._id, o]));
  return roots.filter((r) => {
    const o = byId.get(r);
    return o !== undefined && !o.ancestors.slice(0, -1).some((a) => roots.includes(a));
  });
}

/**
 * Builds the tree under `roots` from the orgs of one subtree query and the member counts of one
 * aggregation: every node's counts are its whole subtree's. Depth-first, children by type then id.
 */
export function buildTree(roots: readonly string[], orgs: readonly OrgDoc[], counts: readonly CountRow[], people: ReadonlyMap<string, string>): OrgNode[] {
  const byId = new Map(orgs.map((o) => [o._id, o]));
  const total = new Map<string, number>();
  const active = new Map<string, number>();
  for (const c of counts) {
    const holder = byId.get(c._id.g ?? '') ?? byId.get(c._id.b);
    if (!holder) continue;
    for (const a of holder.ancestors) {
      total.set(a, (total.get(a) ?? 0) + c.n);
      if (c._id.s === 'active') active.set(a, (active.get(a) ?? 0) + c.n);
    }
  }
  const children = new Map<string, OrgDoc[]>();
  for (const o of orgs) {
    if (!o.parentId) continue;
    const list = children.get(o.parentId) ?? [];
    list.push(o);
    children.set(o.parentId, list);
  }
  for (const list of children.values()) list.sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || a._id.localeCompare(b._id));

  const person = (id: string | null | undefined): Ref | null => (id ? { id, name: people.get(id) ?? '' } : null);
  const out: OrgNode[] = [];
  const visit = (o: OrgDoc, depth: number): void => {
    out.push({
      id: o._id,
      name: o.name,
      type: o.type,
      parentId: o.parentId,
      depth,
      gridLevel: o.gridLevel ?? null,
      temporary: o.temporary ?? false,
      memberCount: total.get(o._id) ?? 0,
      activeCount: active.get(o._id) ?? 0,
      dedicationDay: o.dedicationDay ?? null,
      contact: o.contact ?? null,
      address: o.address ?? null,
      firstResponsible: person(o.firstResponsibleId),
      directResponsible: person(o.directResponsibleId),
    });
    for (const c of children.get(o._id) ?? []) visit(c, depth + 1);
  };
  for (const r of outermostRoots(roots, orgs)) {
    const o = byId.get(r);
    if (o) visit(o, 0);
  }
  return out;
}

/** Ids of the responsible persons named on the nodes, for one name lookup. */
export function responsibleIds(orgs: readonly OrgDoc[]): string[] {
  const ids = new Set<string>();
  for (const o of orgs) {
    if (o.firstResponsibleId) ids.add(o.firstResponsibleId);
    if (o.directResponsibleId) ids.add(o.directResponsibleId);
  }
  return [...ids];
}
