/** Roles are granted on an org node and hold for its whole subtree. */
export const ROLES = ['member', 'gridLeader', 'secretary', 'orgAdmin', 'storeKeeper'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  member: '党员',
  gridLeader: '网格长',
  secretary: '支部书记',
  orgAdmin: '组织管理员',
  storeKeeper: '积分超市管理员',
};

export type RoleGrant = { role: Role; orgId: string };
