import type { GrantableRole, OrgNode } from '../../../../../core/contracts/org';
import { ROLE_LABELS } from '../../../../utils/labels';
import { ADMIN_ROLES } from '../../../../generated/contracts';
import { GRANTABLE, ORG_TYPE_LABELS, ROLE_ORG_TYPES } from '../labels';

const HINTS: Record<GrantableRole, string> = {
  secretary: '审核本支部的积分申报、组织活动',
  gridLeader: '为网格内党员上报贡献、代签到',
  storeKeeper: '管理积分超市商品、核销兑换',
  orgAdmin: '管理本街道（乡镇）的组织、花名册与角色（由组织部任命）',
  countyAdmin: '组织部：全县的组织、规则、考核与街镇管理员任命',
};

export type RoleOption = { value: GrantableRole; label: string; hint: string };
export const ROLE_OPTIONS: RoleOption[] = GRANTABLE.map((r) => ({ value: r, label: ROLE_LABELS[r], hint: HINTS[r] }));

export type OrgOption = { id: string; name: string; note: string };

/**
 * Orgs of the admin's tree the role fits (by kind); none for an admin role unless the caller may
 * appoint admins. The backend checks scope and who may appoint again.
 */
export function orgOptions(nodes: readonly OrgNode[], role: GrantableRole, mayAppointAdmins: boolean): OrgOption[] {
  if (ADMIN_ROLES.includes(role) && !mayAppointAdmins) return [];
  return nodes.filter((n) => ROLE_ORG_TYPES[role].includes(n.type)).map((n) => ({ id: n.id, name: n.name, note: ORG_TYPE_LABELS[n.type] }));
}
