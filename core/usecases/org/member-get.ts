import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { MemberDetail } from '../../contracts/org';
import type { OrgDoc } from '../../domain/org/model';
import { memberItem, orgIdsOf } from '../../domain/org/view';
import type { MemberCtx } from '../../runtime/context';
import { targetMember, grantOn } from '../shared/authorize';
import { findByIds } from './common';

/** org.members.get: one member's details for staff whose scope contains them. Requests: 3 (the caller; the member, read by the router; the org names). */
export async function getMember(ctx: MemberCtx): Promise<Result<MemberDetail>> {
  const m = targetMember(ctx);
  const orgs = await findByIds<OrgDoc>('orgs', [...m.ancestors, ...orgIdsOf([m])], { name: true, type: true });
  const names = new Map(orgs.map((o) => [o._id, o.name]));
  const town = orgs.find((o) => o.type === 'town' && m.ancestors.includes(o._id));
  const admin = grantOn(ctx, m.ancestors, 'fullPhone') !== undefined;
  return ok({
    ...memberItem(admin, m, names),
    town: town ? { id: town._id, name: town.name } : null,
    boundAt: m.boundAt ? new Date(m.boundAt).toISOString() : null,
    createdAt: new Date(m.createdAt).toISOString(),
    updatedAt: new Date(m.updatedAt).toISOString(),
    can: { unbind: admin, grant: admin },
  });
}
