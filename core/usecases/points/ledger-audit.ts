import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { LedgerAuditInput, LedgerAuditResult } from '../../contracts/points';
import type { OrgDoc } from '../../domain/org';
import type { MemberCtx } from '../../runtime/router';
import { authorize } from '../shared/authorize';
import { auditLedger } from './audit-ledger';
import { authorizeAny } from './scope';
import { orgById } from './orgs';

/**
 * points.ledger.audit (orgAdmin): recomputes every balance under the org from its entries and
 * reports drift, which must be empty. Defaults to the org the admin administers.
 */
export async function ledgerAudit(ctx: MemberCtx, input: LedgerAuditInput): Promise<Result<LedgerAuditResult>> {
  const orgId = input.orgId ?? authorizeAny(ctx, ['orgAdmin'])[0];
  const org: OrgDoc = await orgById(orgId);
  authorize(ctx, ['orgAdmin'], org.ancestors);
  const report = await auditLedger(org._id);
  return ok({ orgId: org._id, members: report.members, entries: report.entries, drift: report.drift });
}
