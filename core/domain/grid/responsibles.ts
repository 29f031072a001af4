import type { Role } from '../../contracts/roles';

/**
 * Who answers for an org (责任人): the org's named responsibles (first: 第一责任人, direct: 直接责任人)
 * when the org document names them, else the members holding one of these roles on the org
 * itself. Used to notify the level an issue is escalated to, and the org a review concerns.
 */
export const RESPONSIBLE_ROLES: readonly Role[] = ['gridLeader', 'secretary', 'orgAdmin', 'countyAdmin'];

type OrgResponsibles = {
  responsibles?: { first?: string | null; direct?: string | null } | null;
  firstResponsibleId?: string | null;
  directResponsibleId?: string | null;
};

/** The member ids an org document names as responsible (either field shape), without repeats. */
export function namedResponsibles(org: OrgResponsibles): string[] {
  const r = org.responsibles;
  const ids = [r?.first ?? org.firstResponsibleId, r?.direct ?? org.directResponsibleId].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return [...new Set(ids)];
}

/** Fallback: members holding a responsible role on exactly this org. */
export function roleHolders(orgId: string, members: readonly { _id: string; roles: { role: Role; orgId: string }[] }[]): string[] {
  return members.filter((m) => m.roles.some((g) => g.orgId === orgId && RESPONSIBLE_ROLES.includes(g.role))).map((m) => m._id);
}
