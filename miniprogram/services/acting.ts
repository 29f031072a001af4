import type { MeResult, MeRole } from '../../core/contracts/auth';

/**
 * The acting org: a person holding several staff grants (a secretary who is also a store keeper,
 * an admin of two towns) picks which one staff pages start from (我的 → 当前管理身份). Only a
 * default for pages: the backend authorizes every call against all of the caller's grants.
 */
export const ACTING_KEY = 'acting.grant';

type Stored = { role: string; orgId: string };

/** The chosen grant if the caller still holds it, else their first staff grant (null: none). */
export function actingGrant(me: MeResult): MeRole | null {
  const s = wx.getStorageSync(ACTING_KEY) as Stored | '';
  const held = s ? me.roles.find((r) => r.role === s.role && r.orgId === s.orgId) : undefined;
  return held ?? me.roles[0] ?? null;
}

export function setActingGrant(g: Pick<MeRole, 'role' | 'orgId'>): void {
  wx.setStorageSync(ACTING_KEY, { role: g.role, orgId: g.orgId });
}
