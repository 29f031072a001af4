import type { MemberStatus, OrgType } from '../../../../core/contracts/auth';

// Copies of core/contracts values (the mini-program cannot load files outside miniprogram/);
// the Record types make tsc fail here when the contract grows.
export const ORG_TYPE_LABELS: Record<OrgType, string> = { county: '县（区）委', town: '街道（乡镇）党（工）委', branch: '党支部', group: '党小组' };

export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = { active: '正常', transferred: '已转出', suspended: '停止' };

/** Which kinds of org each role may be granted on, and the roles an admin grants (generated from core). */
export { GRANTABLE_ROLES as GRANTABLE, ROLE_ORG_TYPES } from '../../../generated/contracts';

/** Audited actions as staff read them; unknown ones (other areas) show their code. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'org.roles.grant': '授予角色',
  'org.roles.revoke': '撤销角色',
  'org.members.unbind': '解除微信绑定',
  'org.members.import': '导入花名册',
  'org.invite.rotate': '更换邀请码',
  'org.create': '新建组织',
  'org.rename': '组织改名',
  'org.move': '调整隶属关系',
  'org.archive': '撤销组织',
  'org.responsibles.set': '设置网格责任人',
  'org.bootstrap': '系统初始化',
};

/** ISO instant -> "2026-11-23 09:05" in China time, whatever the phone's zone. */
export function chinaMinute(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}
