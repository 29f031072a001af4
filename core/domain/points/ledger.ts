import { totalsAfter } from '../reports/periods';
import { PERIODS, periodKey, type Period } from '../time';
import { entryHash } from './chain';
import type { RuleRef } from './rule';

/** Where an entry came from: every entry traces to a rule version and one of these. */
export type EntrySourceType = 'claim' | 'checkin' | 'checkout' | 'order' | 'refund' | 'award' | 'expiry' | 'reversal' | 'grid';
export type EntrySource = { type: EntrySourceType; id: string };

/** What a use case asks the ledger to record. `key` becomes the entry's `_id` (idempotency). */
export type EntryDraft = {
  key: string;
  memberId: string;
  /**
   * The member's org ancestors when the entry is posted (where the points were earned; kept as
   * history, never rewritten). A new balance starts with them; the balance then follows the member.
   */
  ancestors: string[];
  /** 评价积分 delta. */
  eval: number;
  /** 兑换积分 delta. */
  redeem: number;
  rule: RuleRef;
  source: EntrySource;
  /** How many uses of the rule's caps this entry takes (0 for reversals and system entries). */
  units: number;
  actorId: string;
  note?: string;
  /** For a reversal: the entry it undoes. */
  reversalOf?: string;
  /** Cap counters to give back, and how many uses (a reversal returns its original's). */
  releaseCapKeys?: string[];
  releaseUnits?: number;
  at: Date;
  /** The instant whose periods the evaluation points count in, when not `at`: a reversal's original's. */
  countsAt?: Date;
};

export type LedgerEntry = {
  _id: string;
  memberId: string;
  ancestors: string[];
  eval: number;
  redeem: number;
  ruleId: string;
  ruleCode: string;
  ruleVersion: number;
  source: EntrySource;
  units: number;
  capKeys: string[];
  reversalOf: string | null;
  actorId: string;
  note: string;
  fingerprint: string;
  createdAt: Date;
  /** The member's entry number (1, 2, …): the order of the hash chain (chain.ts). */
  seq: number;
  /** Hash of the member's previous entry; null for the first. */
  prevHash: string | null;
  /** sha256 of this entry's chained content (entryHash). */
  hash: string;
  /** A reversal only: the instant whose period totals it moves (its original's createdAt; outside the hash). */
  countsAt?: Date;
};

/** Cached balances and cap counters of one member (`_id` = memberId). */
export type BalanceDoc = {
  _id: string;
  memberId: string;
  /**
   * The member's CURRENT org ancestors: written with the member document whenever the member
   * moves (org.members.transfer, roster import), in the same transaction. The audit and the
   * award's scope check read them.
   */
  ancestors: string[];
  eval: number;
  redeem: number;
  /** Entries posted, for the audit; also the last entry's `seq`. */
  entries: number;
  /** Hash of the member's last entry (the chain head); null before the first. */
  head: string | null;
  /** `RULECODE|<periodKey>` -> uses in that China-time period. Old periods are pruned on write. */
  caps: Record<string, number>;
  /**
   * Evaluation-point totals by China-time period (`month:2026-11`, `quarter:2026-Q4`, `year:2026`)
   * for the current and the previous period of each kind: what rankings read (docs/flows/rankings.md).
   */
  totals?: Record<string, number>;
  /** The last year whose annual expiry ran for this member (lets a resumed expiry skip them). */
  expiredYear?: number;
  /** When the balance last changed by an entry (null: never). */
  updatedAt: Date | null;
};

/** The balance a member starts with: no points, no entries, placed where the member is. */
export function emptyBalance(memberId: string, ancestors: readonly string[]): BalanceDoc {
  return { _id: memberId, memberId, ancestors: [...ancestors], eval: 0, redeem: 0, entries: 0, head: null, caps: {}, updatedAt: null };
}

export type LedgerRefusal = 'CAP_EXCEEDED' | 'INSUFFICIENT_POINTS';

/** Same key, same content: a retry. Same key, other content: CONFLICT. */
export function fingerprint(d: Pick<EntryDraft, 'memberId' | 'eval' | 'redeem' | 'rule' | 'source' | 'reversalOf'>): string {
  return JSON.stringify([d.memberId, d.eval, d.redeem, d.rule._id, d.source.type, d.source.id, d.reversalOf ?? null]);
}

export const capKey = (code: string, period: Period, at: Date): string => `${code}|${periodKey(period, at)}`;

function capKeysFor(rule: RuleRef, at: Date): { key: string; limit: number }[] {
  return PERIODS.filter((p) => rule.caps[p] !== undefined).map((p) => ({ key: capKey(rule.code, p, at), limit: rule.caps[p]! }));
}

export type Accepted = { ok: true; entry: LedgerEntry; capIncrements: Record<string, number>; staleCapKeys: string[] };
export type Decision = Accepted | { ok: false; code: LedgerRefusal };

/**
 * Decides whether an entry may be posted against the member's current balance: caps per
 * China-time period (refused, never trimmed) and a redeemable balance that never goes negative.
 * An accepted entry is chained to the balance's head (seq, prevHash, hash); `applyDecision`
 * gives the balance after it.
 */
export function decideEntry(balance: BalanceDoc | null, d: EntryDraft): Decision {
  const caps = balance?.caps ?? {};
  const increments: Record<string, number> = {};
  const capKeys: string[] = [];
  if (d.units > 0) {
    for (const { key, limit } of capKeysFor(d.rule, d.at)) {
      if ((caps[key] ?? 0) + d.units > limit) return { ok: false, code: 'CAP_EXCEEDED' };
      increments[key] = d.units;
      capKeys.push(key);
    }
  }
  for (const key of d.releaseCapKeys ?? []) {
    if (caps[key] !== undefined) increments[key] = (increments[key] ?? 0) - Math.min(caps[key], d.releaseUnits ?? 1);
  }
  if (d.redeem < 0 && (balance?.redeem ?? 0) + d.redeem < 0) return { ok: false, code: 'INSUFFICIENT_POINTS' };

  // counters of periods before this entry's are dead weight: drop them as we pass
  // (period keys of one kind sort as strings; a late offline entry never drops newer ones)
  // (no counters, nothing to compute: period keys cost a time-zone conversion each)
  const current = Object.keys(caps).length ? new Map(PERIODS.map((p) => [p as string, periodKey(p, d.at)])) : new Map<string, string>();
  const staleCapKeys = Object.keys(caps).filter((k) => {
    const pk = k.slice(k.indexOf('|') + 1);
    const cur = current.get(pk.slice(0, pk.indexOf(':')));
    return cur !== undefined && pk < cur && increments[k] === undefined;
  });

  const entry: LedgerEntry = {
    _id: d.key,
    memberId: d.memberId,
    ancestors: d.ancestors,
    eval: d.eval,
    redeem: d.redeem,
    ruleId: d.rule._id,
    ruleCode: d.rule.code,
    ruleVersion: d.rule.version,
    source: d.source,
    units: d.units,
    capKeys,
    reversalOf: d.reversalOf ?? null,
    actorId: d.actorId,
    note: d.note ?? '',
    fingerprint: fingerprint(d),
    createdAt: d.at,
    seq: (balance?.entries ?? 0) + 1,
    prevHash: balance?.head ?? null,
    hash: '',
    ...(d.countsAt ? { countsAt: d.countsAt } : {}),
  };
  entry.hash = entryHash(entry);
  return { ok: true, capIncrements: increments, staleCapKeys, entry };
}

/**
 * The balance after an accepted entry: amounts added, one more entry, the entry as the chain
 * head, cap counters counted (emptied and past-period counters dropped). The one place a ledger
 * decision changes a balance: postEntry writes what this returns, and the demo seeds use it too.
 * A new balance is placed where the entry was posted (the member's org at that moment).
 */
export function applyDecision(balance: BalanceDoc | null, decision: Accepted): BalanceDoc {
  const { entry, capIncrements, staleCapKeys } = decision;
  const caps: Record<string, number> = { ...(balance?.caps ?? {}) };
  for (const [k, n] of Object.entries(capIncrements)) {
    caps[k] = (caps[k] ?? 0) + n;
    if (caps[k] <= 0) delete caps[k];
  }
  for (const k of staleCapKeys) delete caps[k];
  const before = balance?.updatedAt ? new Date(balance.updatedAt) : null;
  return {
    ...(balance ?? emptyBalance(entry.memberId, entry.ancestors)),
    eval: (balance?.eval ?? 0) + entry.eval,
    redeem: (balance?.redeem ?? 0) + entry.redeem,
    entries: (balance?.entries ?? 0) + 1,
    head: entry.hash,
    caps,
    // period totals ride in the same write as the amounts: no extra request
    totals: totalsAfter(balance?.totals, entry.eval, entry.countsAt ? new Date(entry.countsAt) : entry.createdAt, entry.createdAt),
    updatedAt: before && before.getTime() > entry.createdAt.getTime() ? before : entry.createdAt,
  };
}

/** The draft that undoes `original` exactly: amounts negated, its cap uses given back. */
export function reversalDraft(original: LedgerEntry, rule: RuleRef, opts: { actorId: string; note: string; at: Date }): EntryDraft {
  return {
    key: `rev:${original._id}`,
    memberId: original.memberId,
    ancestors: original.ancestors,
    eval: -original.eval,
    redeem: -original.redeem,
    rule,
    source: { type: 'reversal', id: original._id },
    units: 0,
    actorId: opts.actorId,
    note: opts.note,
    reversalOf: original._id,
    releaseCapKeys: original.units > 0 ? original.capKeys : [],
    releaseUnits: original.units,
    at: opts.at,
    // a reversal counts against the period of the entry it reverses (while that period is kept)
    countsAt: new Date(original.createdAt),
  };
}

export type Drift = { memberId: string; cached: { eval: number; redeem: number; entries: number }; computed: { eval: number; redeem: number; entries: number } };

/** Compares cached balances with sums recomputed from entries. Must always come back empty. */
export function findDrift(balances: Pick<BalanceDoc, 'memberId' | 'eval' | 'redeem' | 'entries'>[], sums: { memberId: string; eval: number; redeem: number; entries: number }[]): Drift[] {
  const byMember = new Map(sums.map((s) => [s.memberId, s]));
  const seen = new Set<string>();
  const out: Drift[] = [];
  for (const b of balances) {
    seen.add(b.memberId);
    const s = byMember.get(b.memberId) ?? { memberId: b.memberId, eval: 0, redeem: 0, entries: 0 };
    if (s.eval !== b.eval || s.redeem !== b.redeem || s.entries !== b.entries) {
      out.push({ memberId: b.memberId, cached: { eval: b.eval, redeem: b.redeem, entries: b.entries }, computed: { eval: s.eval, redeem: s.redeem, entries: s.entries } });
    }
  }
  for (const s of sums) {
    if (!seen.has(s.memberId)) out.push({ memberId: s.memberId, cached: { eval: 0, redeem: 0, entries: 0 }, computed: { eval: s.eval, redeem: s.redeem, entries: s.entries } });
  }
  return out;
}
