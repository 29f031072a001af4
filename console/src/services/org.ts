import { ref } from 'vue';
import type { OrgType } from '../../../core/contracts/auth';
import type { OrgNode, TreeResult } from '../../../core/contracts/org';
import { call } from './cloud';

/** The org tree in the member's scope, read once per sign-in (org.tree) for the pages' org pickers. */
const nodes = ref<OrgNode[]>([]);
let loading: Promise<OrgNode[]> | null = null;

export function orgTree(): Promise<OrgNode[]> {
  loading ??= call<TreeResult>('org', 'tree').then((r) => {
    nodes.value = r.ok ? r.data.nodes : [];
    if (!r.ok) loading = null;
    return nodes.value;
  });
  return loading;
}

/** Options for a select: indented by depth, optionally only some org types. */
export function orgOptions(list: OrgNode[], types?: readonly OrgType[]): { label: string; value: string }[] {
  return list.filter((n) => !types || types.includes(n.type)).map((n) => ({ label: `${'　'.repeat(n.depth)}${n.name}`, value: n.id }));
}

export const ORG_TYPE_LABELS: Record<OrgType, string> = { county: '县委', town: '街镇', branch: '支部', group: '党小组（网格）' };
