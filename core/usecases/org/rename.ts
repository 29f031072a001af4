import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { OrgRenameInput, OrgRenameResult } from '../../contracts/org';
import { db } from '../../db/db';
import { checkRename, isArchived, variantFor } from '../../domain/org/edit';
import type { OrgDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize, targetOrg } from '../shared/authorize';

/**
 * org.rename: an admin renames an org in their scope (a town: the 组织部 only). Sibling names
 * stay unique (CONFLICT). Ids never change, so nothing else is rewritten: every document refers
 * to orgs by id and reads names when it shows them. One transaction: the org and the audit
 * record (old and new name). The same name again changes and records nothing.
 * Requests: 8 (the caller; the org, read by the router; the siblings of the new name; the
 * transaction: start, org, update, audit, commit); 2 when the name is already that.
 */
export async function renameOrg(ctx: MemberCtx, input: OrgRenameInput): Promise<Result<OrgRenameResult>> {
  const org = targetOrg(ctx);
  const auth = authorize(ctx, org.ancestors, variantFor(org.type));
  if (!auth.ok) return auth;
  const check = checkRename(org);
  if (!check.ok) return fail(check.code, check.message, check.field);
  if (org.name === input.name) return ok({ orgId: org._id, name: org.name, changed: false });

  const clash = (await db.find<OrgDoc>('orgs', { parentId: org.parentId, name: input.name }, { limit: 20 })).some((o) => o._id !== org._id && !isArchived(o));
  if (clash) return fail('CONFLICT', '同一上级组织下已有同名组织，请换一个名称', 'name');

  const changed = await db.transaction(async (tx) => {
    const cur = await tx.get<OrgDoc>('orgs', org._id);
    if (!cur) throw new AppError('NOT_FOUND', '组织不存在', 'orgId');
    if (cur.name === input.name) return false;
    await tx.update('orgs', cur._id, { name: input.name, updatedAt: ctx.clock.now() });
    await writeAudit(
      ctx,
      { role: auth.grant.role, action: 'org.rename', targetType: 'org', targetId: cur._id, ancestors: cur.ancestors, before: { name: cur.name }, after: { name: input.name }, reason: input.reason },
      tx,
    );
    return true;
  });
  return ok({ orgId: org._id, name: input.name, changed });
}
