/**
 * Roles are granted on an org node and hold for its whole subtree. The county's 组织部 admin
 * (`countyAdmin`, granted on the county) is distinct from a town's admin (`orgAdmin`, granted on a
 * town or street): the seeds give the county things a town cannot do (appointing town admins,
 * county-wide rules, undoing the annual expiry). What each role may do is core/contracts/permissions.ts.
 */
export const ROLES = ['member', 'gridLeader', 'secretary', 'orgAdmin', 'countyAdmin', 'storeKeeper'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  member: '党员',
  gridLeader: '网格长',
  secretary: '支部书记',
  orgAdmin: '街镇管理员',
  countyAdmin: '组织部管理员',
  storeKeeper: '积分超市管理员',
};

export type RoleGrant = { role: Role; orgId: string };
