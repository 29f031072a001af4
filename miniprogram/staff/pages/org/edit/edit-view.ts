import type { MeRole, OrgType } from '../../../../../core/contracts/auth';
import type { CreatableOrgType, OrgNode } from '../../../../../core/contracts/org';
import { can } from '../../../../utils/permissions';
import { ORG_TYPE_LABELS } from '../labels';

/**
 * Where each type may hang: a copy of core/domain/org/edit.ts VALID_PARENTS (the mini-program
 * cannot load files outside miniprogram/; the Record type makes tsc fail here when the types grow).
 * The backend checks again.
 */
export const VALID_PARENTS: Record<CreatableOrgType, readonly OrgType[]> = {
  town: ['county'],
  branch: ['county', 'town'],
  group: ['branch'],
};
const CREATABLE: CreatableOrgType[] = ['town', 'branch', 'group'];

export type TypeOption = { value: CreatableOrgType; label: string };
export type ParentOption = { id: string; name: string; note: string };

/** Acting on an org of this type needs the 组织部 (the table's `town` variant) for a town or the county. */
const variantFor = (type: OrgType): 'town' | undefined => (type === 'town' || type === 'county' ? 'town' : undefined);

/** Kinds of org the caller may create under `node` (a town only by the 组织部). */
export function childTypes(grant: MeRole, node: Pick<OrgNode, 'type'>): TypeOption[] {
  if (!can([grant], 'org.create')) return [];
  return CREATABLE.filter((t) => VALID_PARENTS[t].includes(node.type) && can([grant], 'org.create', variantFor(t))).map((t) => ({ value: t, label: ORG_TYPE_LABELS[t] }));
}

/** May the caller rename, move, archive or set the responsibles of `node` itself? */
export function mayEditSelf(grant: MeRole, node: Pick<OrgNode, 'type' | 'depth'>, action: 'org.rename' | 'org.move' | 'org.archive' | 'org.responsibles.set'): boolean {
  return node.type !== 'county' && can([grant], action, variantFor(node.type));
}

/**
 * Orgs of the caller's tree the node may move under: the right kind, not the node or anything
 * below it, not where it hangs now.
 */
export function parentOptions(nodes: readonly OrgNode[], node: OrgNode): ParentOption[] {
  if (node.type === 'county') return [];
  const below = new Set<string>([node.id]);
  // nodes come depth-first: a node is below `node` when its parent is
  for (const n of nodes) if (n.parentId && below.has(n.parentId)) below.add(n.id);
  return nodes
    .filter((n) => VALID_PARENTS[node.type as CreatableOrgType].includes(n.type) && !below.has(n.id) && n.id !== node.parentId)
    .map((n) => ({ id: n.id, name: n.name, note: ORG_TYPE_LABELS[n.type] }));
}
