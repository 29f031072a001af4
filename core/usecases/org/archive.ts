import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { OrgArchiveInput, OrgArchiveResult } from '../../contracts/org';
import { cmd, db } from '../../db/db';
import { checkArchive, isArchived, variantFor } from '../../domain/org/edit';
import type { OrgDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize, targetOrg } from '../shared/authorize';

/**
 * org.archive (撤销): an admin closes an org in their scope (a town: the 组织部 only). The rule:
 * an org is archived only once it is empty, no open org below it and nobody on its roster but
 * members transferred out (who stay as history); otherwise CONFLICT saying what is left. The
 * org document stays (ledger entries, events and the audit log name it): it gets `archivedAt`,
 * loses its invite code (nobody binds to it any more), and the tree no longer shows it; nothing
 * can be created under it, moved into it, or named its responsible. Archiving an archived org
 * changes nothing. One transaction: the org and the audit record.
 * Requests: 9 (the caller; the org, read by the router; its children; the count of its members;
 * the transaction: start, org, update, audit, commit); 2 when it is archived already.
 */
export async function archiveOrg(ctx: MemberCtx, input: OrgArchiveInput): Promise<Result<OrgArchiveResult>> {
  const org = targetOrg(ctx);
  const auth = authorize(ctx, org.ancestors, variantFor(org.type));
  if (!auth.ok) return auth;
  if (isArchived(org)) return ok({ orgId: org._id, archived: true, changed: false });

  const [children, members] = await Promise.all([
    db.find<OrgDoc>('orgs', { parentId: org._id }, { limit: 1000, fields: { archivedAt: true } }),
    db.count('members', { ancestors: org._id, status: cmd().neq('transferred') }),
  ]);
  const check = checkArchive(org, { openChildren: children.filter((c) => !isArchived(c)).length, members });
  if (!check.ok) return fail(check.code, check.message, check.field);

  const changed = await db.transaction(async (tx) => {
    const cur = await tx.get<OrgDoc>('orgs', org._id);
    if (!cur) throw new AppError('NOT_FOUND', '组织不存在', 'orgId');
    if (isArchived(cur)) return false;
    const at = ctx.clock.now();
    await tx.update('orgs', cur._id, { archivedAt: at, inviteCode: cmd().remove(), updatedAt: at });
    await writeAudit(
      ctx,
      {
        role: auth.grant.role,
        action: 'org.archive',
        targetType: 'org',
        targetId: cur._id,
        ancestors: cur.ancestors,
        before: { archivedAt: null, inviteCode: cur.inviteCode ?? null },
        after: { archivedAt: at.toISOString() },
        reason: input.reason,
      },
      tx,
    );
    return true;
  });
  return ok({ orgId: org._id, archived: true, changed });
}
