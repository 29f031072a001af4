import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { Ref, ResponsiblesInput, ResponsiblesResult } from '../../contracts/org';
import { db } from '../../db/db';
import { checkResponsible, isArchived, variantFor } from '../../domain/org/edit';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize, targetOrg } from '../shared/authorize';
import { findByIds } from './common';

/**
 * org.responsibles.set: an admin names a grid's 第一责任人 (`first`) and 直接责任人 (`direct`),
 * stored on the org as `firstResponsibleId` / `directResponsibleId` (member ids; the grid-issue
 * escalation and org.tree read them). Each must be on the roster under the grid's parent (for a
 * party group: its branch) and not transferred out; `null` clears one. A town's are the 组织部's
 * to set. Naming someone grants them no role (org.roles.grant does). One transaction: the org
 * and the audit record (before, after). The same persons again change and record nothing.
 * Requests: 8 (the caller; the org, read by the router; the persons named; the transaction:
 * start, org, update, audit, commit); 7 when both are cleared; 3 (2 clearing) when unchanged.
 */
export async function setResponsibles(ctx: MemberCtx, input: ResponsiblesInput): Promise<Result<ResponsiblesResult>> {
  const org = targetOrg(ctx);
  const auth = authorize(ctx, org.ancestors, variantFor(org.type));
  if (!auth.ok) return auth;
  if (org.type === 'county') return fail('INVALID_INPUT', '县级组织不设网格责任人', 'orgId');
  if (isArchived(org)) return fail('INVALID_INPUT', '该组织已撤销', 'orgId');

  const ids = [input.first, input.direct].filter((x): x is string => x !== null);
  const people = new Map((ids.length ? await findByIds<MemberDoc>('members', ids, { name: true, ancestors: true, status: true }) : []).map((m) => [m._id, m]));
  for (const field of ['first', 'direct'] as const) {
    const id = input[field];
    if (id === null) continue;
    const check = checkResponsible(org, people.get(id) ?? null, field);
    if (!check.ok) return fail(check.code, check.message, check.field);
  }
  const ref = (id: string | null): Ref | null => (id ? { id, name: people.get(id)?.name ?? '' } : null);
  const result = (changed: boolean): ResponsiblesResult => ({ orgId: org._id, first: ref(input.first), direct: ref(input.direct), changed });
  const same = (o: OrgDoc) => (o.firstResponsibleId ?? null) === input.first && (o.directResponsibleId ?? null) === input.direct;
  if (same(org)) return ok(result(false));

  const changed = await db.transaction(async (tx) => {
    const cur = await tx.get<OrgDoc>('orgs', org._id);
    if (!cur) throw new AppError('NOT_FOUND', '组织不存在', 'orgId');
    if (same(cur)) return false;
    const after = { firstResponsibleId: input.first, directResponsibleId: input.direct };
    await tx.update('orgs', cur._id, { ...after, updatedAt: ctx.clock.now() });
    await writeAudit(
      ctx,
      {
        role: auth.grant.role,
        action: 'org.responsibles.set',
        targetType: 'org',
        targetId: cur._id,
        ancestors: cur.ancestors,
        before: { firstResponsibleId: cur.firstResponsibleId ?? null, directResponsibleId: cur.directResponsibleId ?? null },
        after,
        reason: input.reason,
      },
      tx,
    );
    return true;
  });
  return ok(result(changed));
}
