import { cmd, db } from '../../db/db';
import type { BranchData, EntryRow } from '../../domain/assess/facts';
import { quarterMonths, quarterRange, type Quarter } from '../../domain/assess/quarter';
import type { MemberDoc } from '../../domain/org/model';
import type { BalanceDoc } from '../../domain/points/ledger';

/** The rankings' quarter total on a balance (`totals['quarter:2026-Q4']`), where the balance keeps it. */
export type QuarterEvalSource = (balances: readonly BalanceDoc[], quarter: Quarter) => Record<string, number | undefined>;

/**
 * Reads the period totals the rankings keep on each balance as entries post (docs/flows/rankings.md):
 * the current and the previous quarter are there; an older quarter is not, and the facts then fall
 * back to the quarter's entries (the same sum, read from the ledger).
 */
export const balanceQuarterEval: QuarterEvalSource = (balances, quarter) => {
  const out: Record<string, number | undefined> = {};
  for (const b of balances) {
    const total = b.totals?.[`quarter:${quarter}`];
    if (total !== undefined) out[b._id] = total;
  }
  return out;
};

/**
 * One branch's quarter, read in 7 requests (in parallel): its active members, the quarter's ledger
 * entries posted under it, the members' balances (quarter totals), dedication logs, events,
 * claims, and the members' assessment categories.
 */
export async function readBranchData(branchId: string, quarter: Quarter, source: QuarterEvalSource = balanceQuarterEval): Promise<BranchData> {
  const { start, end } = quarterRange(quarter);
  const months = quarterMonths(quarter);
  const inQuarter = (): unknown => cmd().and(cmd().gte(start), cmd().lt(end));
  const [members, entries, balances, logs, events, claims, cats] = await Promise.all([
    db.findAll<MemberDoc>('members', { branchId, status: 'active' }),
    db.findAll<EntryRow & { createdAt: Date }>('ledger', { ancestors: branchId, createdAt: inQuarter() }),
    db.findAll<BalanceDoc>('balances', { ancestors: branchId }),
    db.findAll<{ _id: string; memberId: string; month: string }>('dedicationLogs', { branchId, month: cmd().in(months) }),
    db.findAll<{ _id: string; type: string; status: string; startAt: Date }>('events', { ancestors: branchId, startAt: inQuarter() }),
    db.findAll<{ _id: string; status: string; createdAt: Date; decidedAt: Date | null }>('claims', { branchId, createdAt: inQuarter() }),
    db.findAll<{ _id: string; category: string }>('memberCategories', { branchId }),
  ]);
  return {
    branchId,
    members: members.map((m) => ({ _id: m._id, name: m.name, ancestors: m.ancestors, flow: m.flow, openid: m.openid, roles: m.roles })),
    entries: entries.map((e) => ({ _id: e._id, memberId: e.memberId, eval: e.eval, source: e.source, reversalOf: e.reversalOf ?? null })),
    quarterEval: source(balances, quarter),
    dedicationLogs: logs.map((l) => ({ _id: l._id, memberId: l.memberId, month: l.month })),
    events: events.map((e) => ({ _id: e._id, type: e.type, status: e.status, startAt: e.startAt })),
    claims: claims.map((c) => ({ _id: c._id, status: c.status, createdAt: c.createdAt, decidedAt: c.decidedAt })),
    categories: Object.fromEntries(cats.map((c) => [c._id, c.category])),
    months,
    quarterEnd: end,
  };
}
