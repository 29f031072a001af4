import { db } from '../../db/db';
import { findDrift, type BalanceDoc, type Drift } from '../../domain/points/ledger';

export type AuditReport = { members: number; entries: number; drift: Drift[] };

/**
 * Recomputes every balance under `orgId` from the entries (one aggregation) and compares it
 * with the cached balances. The drift list must always be empty.
 */
export async function auditLedger(orgId: string): Promise<AuditReport> {
  const sums = await db.aggregate<{ _id: string; eval: number; redeem: number; entries: number }>('ledger', [
    { match: { ancestors: orgId } },
    { group: { _id: '$memberId', eval: { $sum: '$eval' }, redeem: { $sum: '$redeem' }, entries: { $sum: 1 } } },
  ]);
  const balances = await db.findAll<BalanceDoc>('balances', { ancestors: orgId });
  const drift = findDrift(
    balances,
    sums.map((s) => ({ memberId: s._id, eval: s.eval, redeem: s.redeem, entries: s.entries })),
  );
  return { members: balances.length, entries: sums.reduce((n, s) => n + s.entries, 0), drift };
}
