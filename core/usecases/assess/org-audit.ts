import { ok } from '../../contracts/app-error';
import type { OrgAuditInput } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import { auditOrgLedger, type OrgBalanceDoc, type OrgEntry, type OrgLedgerAudit } from '../../domain/assess/org-ledger';
import type { MemberCtx } from '../../runtime/context';
import { scopeOf } from '../shared/authorize';

/**
 * assess.org.audit: recomputes every org account under the org (or the caller's scope) from its
 * entries: drift, broken hash chains, quarter totals. All lists must be empty. Requests: caller
 * (+ org), then balances and entries, 1,000 a request.
 */
export async function orgAudit(ctx: MemberCtx, input: OrgAuditInput): Promise<Result<OrgLedgerAudit>> {
  const roots = input.orgId ? [input.orgId] : scopeOf(ctx);
  const out: OrgLedgerAudit = { orgs: 0, entries: 0, drift: [], broken: [], quarterDrift: [] };
  for (const root of roots) {
    const [balances, entries] = await Promise.all([db.findAll<OrgBalanceDoc>('orgBalances', { ancestors: root }), db.findAll<OrgEntry>('orgLedger', { ancestors: root })]);
    const a = auditOrgLedger(balances, entries);
    out.orgs += a.orgs;
    out.entries += a.entries;
    out.drift.push(...a.drift);
    out.broken.push(...a.broken);
    out.quarterDrift.push(...a.quarterDrift);
  }
  return ok(out);
}
