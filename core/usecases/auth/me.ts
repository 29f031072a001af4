import { ok } from '../../contracts/app-error';
import type { MeResult } from '../../contracts/auth';
import type { Result } from '../../contracts/envelope';
import { cmd, db } from '../../db/db';
import { maskPhone, type OrgDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';

/** auth.me: the caller's profile, org and roles. Requests: 2 (the caller; the orgs it names). */
export async function me(ctx: Pick<MemberCtx, 'member'>): Promise<Result<MeResult>> {
  const m = ctx.member;
  const orgIds = [...new Set([...m.ancestors, ...m.roles.map((r) => r.orgId)])];
  const orgs = await db.find<OrgDoc>('orgs', { _id: cmd().in(orgIds) }, { limit: 1000 });
  const byId = new Map(orgs.map((o) => [o._id, o]));
  const ref = (id: string | null | undefined) => {
    const o = id ? byId.get(id) : undefined;
    return o ? { id: o._id, name: o.name } : null;
  };
  const town = orgs.find((o) => o.type === 'town' && m.ancestors.includes(o._id));
  return ok({
    memberId: m._id,
    name: m.name,
    phoneMasked: maskPhone(m.phone),
    partyStatus: m.partyStatus,
    status: m.status,
    branch: ref(m.branchId) ?? { id: m.branchId, name: '' },
    group: ref(m.groupId),
    town: town ? { id: town._id, name: town.name } : null,
    roles: m.roles.map((r) => ({ role: r.role, orgId: r.orgId, orgName: byId.get(r.orgId)?.name ?? '' })),
  });
}
