import { ok, fail } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { LedgerAuditResult } from '../../contracts/points';
import type { OrgDoc } from '../../domain/org';
import type { MemberCtx } from '../../runtime/context';
import { scopeOf } from '../shared/authorize';
import { auditLedger } from './audit-ledger';
import { db } from '../../db/db';

/**
 * points.ledger.audit (orgAdmin): audits every member under the org as placed now: balance
 * recomputed from all their entries (drift), hash chain verified (the first broken link per
 * member), balance placed with the member. All three lists must be empty. Defaults to the org
 * the admin administers. Requests: see auditLedger.
 */
export async function ledgerAudit(ctx: MemberCtx): Promise<Result<LedgerAuditResult>> {
  const org = ctx.target.org ?? (await db.get<OrgDoc>('orgs', scopeOf(ctx)[0]));
  if (!org) return fail('NOT_FOUND', '组织不存在', 'orgId');
  const report = await auditLedger(org._id);
  return ok({ orgId: org._id, ...report });
}
