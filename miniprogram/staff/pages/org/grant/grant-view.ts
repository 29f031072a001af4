import type { GrantableRole, OrgNode } from '../../../../../core/contracts/org';
import { ROLE_LABELS } from '../../../../utils/labels';
import { GRANTABLE, ORG_TYPE_LABELS, ROLE_ORG_TYPES } from '../labels';

const HINTS: Record<GrantableRole, string> = {
  secretary: '审核本支部的积分申报、组织活动',
  gridLeader: '为网格内党员上报贡献、代签到',
  storeKeeper: '管理积分超市商品、核销兑换',
  orgAdmin: '管理组织、花名册与角色（需上级管理员授予）',
};

export type RoleOption = { value: GrantableRole; label: string; hint: string };
export const ROLE_OPTIONS: RoleOption[] = GRANTABLE.map((r) => ({ value: r, label: ROLE_LABELS[r], hint: HINTS[r] }));

export type OrgOption = { id: string; name: string; note: string };

/**
 * Orgs of the admin's tree the role fits (by kind). orgAdmin cannot be granted on the admin's
 * own top node (only an admin above may): the roots are left out for it.
 */
export function orgOptions(nodes: readonly OrgNode[], role: GrantableRole): OrgOption[] {
  return nodes.filter((n) => ROLE_ORG_TYPES[role].includes(n.type) && !(role === 'orgAdmin' && n.depth === 0)).map((n) => ({ id: n.id, name: n.name, note: ORG_TYPE_LABELS[n.type] }));
}
