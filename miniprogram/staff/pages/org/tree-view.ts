import type { MeResult, MeRole } from '../../../../core/contracts/auth';
import type { OrgNode } from '../../../../core/contracts/org';
import { ORG_TYPE_LABELS } from './labels';
import { can } from '../../../utils/permissions';

/** What the org page shows of org.tree: the current node and its direct children. */
export type NodeView = {
  id: string;
  name: string;
  /** The name URL-encoded, for page queries. */
  nameQ: string;
  typeLabel: string;
  counts: string;
  dedication: string;
  responsible: string;
  contact: string;
  temporary: boolean;
};

export function nodeView(n: OrgNode): NodeView {
  const people = [n.firstResponsible ? `第一责任人：${n.firstResponsible.name}` : '', n.directResponsible ? `直接责任人：${n.directResponsible.name}` : ''].filter(Boolean);
  return {
    id: n.id,
    name: n.name,
    nameQ: encodeURIComponent(n.name),
    typeLabel: ORG_TYPE_LABELS[n.type] + (n.gridLevel ? ` · ${n.gridLevel}级网格` : ''),
    counts: `党员 ${n.memberCount} 人（正常 ${n.activeCount} 人）`,
    dedication: n.dedicationDay ? `奉献日：每月 ${n.dedicationDay} 日` : '',
    responsible: people.join('　'),
    contact: [n.contact, n.address].filter(Boolean).join(' · '),
    temporary: n.temporary,
  };
}

/** The subtree's root (depth 0) and its children (depth 1), in the order the server gave. */
export function splitTree(nodes: readonly OrgNode[]): { node: OrgNode | null; children: OrgNode[] } {
  return { node: nodes.find((n) => n.depth === 0) ?? null, children: nodes.filter((n) => n.depth === 1) };
}

/** What the acting grant lets the page offer on `node` (the backend checks again on every call). */
export function offers(grant: MeRole, node: OrgNode): { isAdmin: boolean; canInvite: boolean; canEdit: boolean; canResponsibles: boolean } {
  const isAdmin = can([grant], 'org.roles.grant');
  // a town (and the county level) is the 组织部's to edit: the table's `town` variant
  const variant = node.type === 'town' || node.type === 'county' ? 'town' : undefined;
  return {
    isAdmin,
    canInvite: node.type === 'branch' && can([grant], 'org.invite'),
    // creating below any node in scope is an admin's; editing the node itself may need the 组织部
    canEdit: can([grant], 'org.create'),
    canResponsibles: node.type !== 'county' && can([grant], 'org.responsibles.set', variant),
  };
}

/** Staff grants, for the "acting as" line. */
export function actingLabel(me: MeResult, grant: MeRole, roleLabel: string): string {
  return `${me.name} · ${roleLabel} · ${grant.orgName}`;
}
