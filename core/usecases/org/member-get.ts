import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { MemberDetail, MemberGetInput } from '../../contracts/org';
import { canActOn } from '../../domain/authz';
import type { OrgDoc } from '../../domain/org';
import { memberItem, orgIdsOf } from '../../domain/org/view';
import type { MemberCtx } from '../../runtime/router';
import { authorize } from '../shared/authorize';
import { ADMINS, findByIds, loadMember, ROSTER_READERS } from './common';

/** org.members.get: one member's details for staff whose scope contains them. Requests: the member, the org names. */
export async function getMember(ctx: MemberCtx, input: MemberGetInput): Promise<Result<MemberDetail>> {
  const m = await loadMember(input.memberId);
  authorize(ctx, ROSTER_READERS, m.ancestors);
  const orgs = await findByIds<OrgDoc>('orgs', [...m.ancestors, ...orgIdsOf([m])], { name: true, type: true });
  const names = new Map(orgs.map((o) => [o._id, o.name]));
  const town = orgs.find((o) => o.type === 'town' && m.ancestors.includes(o._id));
  const admin = canActOn(ctx.actor, ADMINS, m.ancestors);
  return ok({
    ...memberItem(ctx.actor, m, names),
    town: town ? { id: town._id, name: town.name } : null,
    boundAt: m.boundAt ? new Date(m.boundAt).toISOString() : null,
    createdAt: new Date(m.createdAt).toISOString(),
    updatedAt: new Date(m.updatedAt).toISOString(),
    can: { unbind: admin, grant: admin },
  });
}
