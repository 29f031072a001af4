import type { PartyStatus } from '../../core/contracts/auth';
import type { Role } from '../../core/contracts/roles';

// Copies of core/contracts values (DevTools cannot load files outside miniprogram/); the
// Record types make tsc fail here when a role or status is added there.
export const ROLE_LABELS: Record<Role, string> = {
  member: '党员',
  gridLeader: '网格长',
  secretary: '支部书记',
  orgAdmin: '组织管理员',
  storeKeeper: '积分超市管理员',
};

export const PARTY_STATUS_LABELS: Record<PartyStatus, string> = {
  full: '正式党员',
  probationary: '预备党员',
};
