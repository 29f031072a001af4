import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { LedgerAuditResult } from '../../contracts/points';
import { cmd, db } from '../../db/db';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
import { auditMembers, type LedgerAudit } from '../../domain/points/audit';
import type { BalanceDoc, LedgerEntry } from '../../domain/points/ledger';
import type { MemberCtx } from '../../runtime/context';
import { scopeOf } from '../shared/authorize';

export type AuditReport = LedgerAudit;

/** Member ids per `_.in` query. */
const IDS_PER_QUERY = 500;
/** Members whose entries are read together (paged past 1,000 entries by _id). */
const MEMBERS_PER_LEDGER_QUERY = 200;

/**
 * points.ledger.audit (admins): audits every member under the org as placed now: balance
 * recomputed from all their entries (drift), hash chain verified (the first broken link per
 * member), balance placed with the member. All three lists must be empty. Defaults to the org
 * the admin administers. Requests: the caller, the org, then those of auditLedger.
 */
export async function ledgerAudit(ctx: MemberCtx): Promise<Result<LedgerAuditResult>> {
  const org = ctx.target.org ?? (await db.get<OrgDoc>('orgs', scopeOf(ctx)[0]));
  if (!org) return fail('NOT_FOUND', '组织不存在', 'orgId');
  const report = await auditLedger(org._id);
  return ok({ orgId: org._id, ...report });
}

/**
 * Audits the ledger of every member under `orgId` as placed now (the members' current
 * ancestors): recomputes each member's balance from ALL their entries, verifies each hash chain
 * and checks that the balance sits where the member is (auditMembers, pure). A member moved
 * from town A to town B is audited with B, whole, whichever town each entry was earned in.
 * Requests: members under the org (1 per 1,000), their balances (1 per 500), their entries
 * (1 per 200 members, plus 1 per further 1,000 entries). Every query names its limit.
 */
export async function auditLedger(orgId: string): Promise<AuditReport> {
  const members = await db.findAll<MemberDoc>('members', { ancestors: orgId });
  const ids = members.map((m) => m._id);
  const balances: BalanceDoc[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    balances.push(...(await db.find<BalanceDoc>('balances', { _id: cmd().in(ids.slice(i, i + IDS_PER_QUERY)) }, { limit: 1000 })));
  }
  const entries: LedgerEntry[] = [];
  for (let i = 0; i < ids.length; i += MEMBERS_PER_LEDGER_QUERY) {
    entries.push(...(await db.findAll<LedgerEntry>('ledger', { memberId: cmd().in(ids.slice(i, i + MEMBERS_PER_LEDGER_QUERY)) })));
  }
  return auditMembers(members, balances, entries);
}
