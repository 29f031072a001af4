import { firstBrokenLink } from './chain';
import { findDrift, type BalanceDoc, type Drift, type LedgerEntry } from './ledger';

export type BrokenChain = { memberId: string; entryId: string };

export type LedgerAudit = {
  /** Members audited: those under the org now. */
  members: number;
  /** Their entries, wherever each was posted. */
  entries: number;
  /** Cached balance ≠ the sums of the member's entries. Must be empty. */
  drift: Drift[];
  /** Per member, the first entry whose hash chain link is broken (edited or removed behind the functions). Must be empty. */
  broken: BrokenChain[];
  /** Members whose balance document sits under other orgs than the member (a move that left it behind). Must be empty. */
  misplaced: string[];
};

/**
 * Audits the members under an org as they are placed NOW: each member's whole ledger (every
 * entry, whichever org it was earned in) against the member's cached balance, its hash chain
 * against the balance's head, and the balance's placement against the member's. Pure.
 */
export function auditMembers(members: readonly { _id: string; ancestors: readonly string[] }[], balances: readonly BalanceDoc[], entries: readonly LedgerEntry[]): LedgerAudit {
  const balanceOf = new Map(balances.map((b) => [b.memberId, b]));
  const entriesOf = new Map<string, LedgerEntry[]>();
  for (const e of entries) entriesOf.set(e.memberId, [...(entriesOf.get(e.memberId) ?? []), e]);

  const sums: { memberId: string; eval: number; redeem: number; entries: number }[] = [];
  const broken: BrokenChain[] = [];
  const misplaced: string[] = [];
  for (const m of members) {
    const b = balanceOf.get(m._id);
    const mine = entriesOf.get(m._id) ?? [];
    if (mine.length) sums.push({ memberId: m._id, eval: sum(mine, 'eval'), redeem: sum(mine, 'redeem'), entries: mine.length });
    if (b && !sameOrgs(b.ancestors, m.ancestors)) misplaced.push(m._id);
    if (mine.length || b?.head) {
      const at = firstBrokenLink(mine, b?.head ?? null);
      if (at) broken.push({ memberId: m._id, entryId: at });
    }
  }
  const audited = members.map((m) => balanceOf.get(m._id)).filter((b): b is BalanceDoc => !!b);
  return { members: members.length, entries: entries.length, drift: findDrift(audited, sums), broken, misplaced };
}

const sum = (es: readonly LedgerEntry[], k: 'eval' | 'redeem'): number => es.reduce((n, e) => n + e[k], 0);
const sameOrgs = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
