import { firstBrokenLink } from '../points/chain';
import { applyDecision, decideEntry, emptyBalance, findDrift, reversalDraft, type BalanceDoc, type Drift, type EntryDraft, type LedgerEntry } from '../points/ledger';
import type { OrgCategory, OrgRuleDoc } from './org-rules';
import type { Quarter } from './quarter';

/**
 * The org ledger: each party organization has its own points account with the member ledger's
 * discipline, built from the member ledger's pure pieces (core/domain/points/ledger.ts, chain.ts)
 * rather than a copy: an org entry IS a ledger entry whose account (`memberId`, the shared field
 * name) is the org's id, with 0 redeemable points and no caps; `decideEntry` chains it
 * (seq, prevHash, hash), `applyDecision` gives the next balance, `reversalDraft` undoes it,
 * `findDrift` and `firstBrokenLink` audit it. Entries live in `orgLedger`, balances in
 * `orgBalances` (`_id` = orgId), so the member ledger's queries never see them.
 *
 * What the org ledger adds, outside the hash like the member ledger's note: the quarter and
 * category totals on the balance (`quarters`), and on each entry where it came from (`origin`).
 * The quarter and the rule code are inside the hash all the same: the source id is
 * `<quarter>:<code>:<ref>` and the rule code is a chained field.
 */
export type OrgOrigin = {
  basis: OrgRuleDoc['basis'] | 'reversal';
  quarter: Quarter;
  category: OrgCategory;
  /** computed items: the measured value and what it was measured on. */
  metric?: { name: string; value: number; target: number; detail: string };
  evidence?: string[];
  documentRef?: string;
  roundId?: string;
};

export type OrgEntry = LedgerEntry & { orgId: string; origin: OrgOrigin };

export type QuarterTotals = Record<OrgCategory, number> & { total: number };
export const emptyTotals = (): QuarterTotals => ({ base: 0, pioneer: 0, bonus: 0, review: 0, total: 0 });

export type OrgBalanceDoc = BalanceDoc & {
  orgId: string;
  quarters: Record<Quarter, QuarterTotals>;
  /** `<quarter>|<code>` -> the live computed entry of that item (recomputing replaces it by a reversal and a new entry). */
  computed: Record<string, { entryId: string; amount: number; n: number }>;
};

export type OrgDraft = { orgId: string; ancestors: string[]; rule: OrgRuleDoc; amount: number; ref: string; origin: OrgOrigin; actorId: string; note: string; at: Date; key?: string };

/** The member-ledger draft of an org posting: key `org:<quarter>:<orgId>:<code>:<ref>`, no caps. */
export function orgEntryDraft(d: OrgDraft): EntryDraft {
  const sourceId = `${d.origin.quarter}:${d.rule.code}:${d.ref}`;
  return {
    key: d.key ?? `org:${d.orgId}:${sourceId}`,
    memberId: d.orgId,
    ancestors: d.ancestors,
    eval: d.amount,
    redeem: 0,
    rule: { _id: d.rule._id, code: d.rule.code, version: d.rule.version, caps: {} },
    source: { type: 'award', id: sourceId },
    units: 0,
    actorId: d.actorId,
    note: d.note.slice(0, 100),
    at: d.at,
  };
}

export type OrgPosted = { entry: OrgEntry; balance: OrgBalanceDoc };

/** Decides and applies one org entry on a balance (pure): the chained entry and the next balance. */
export function postOrg(balance: OrgBalanceDoc | null, draft: EntryDraft, orgId: string, origin: OrgOrigin): OrgPosted {
  const decision = decideEntry(balance, draft);
  // org entries have no caps and no redeemable amount: decideEntry cannot refuse them
  if (!decision.ok) throw new Error(`org entry refused: ${decision.code}`);
  const entry: OrgEntry = { ...decision.entry, orgId, origin };
  const next = applyDecision(balance, { ...decision, entry });
  const quarters = { ...(balance?.quarters ?? {}) };
  const t = { ...(quarters[origin.quarter] ?? emptyTotals()) };
  t[origin.category] += entry.eval;
  t.total += entry.eval;
  quarters[origin.quarter] = t;
  return { entry, balance: { ...next, orgId, quarters, computed: { ...(balance?.computed ?? {}) } } };
}

export function emptyOrgBalance(orgId: string, ancestors: readonly string[]): OrgBalanceDoc {
  return { ...emptyBalance(orgId, ancestors), orgId, quarters: {}, computed: {} };
}

/** The reversal of an org entry: the member ledger's reversal, with the same quarter and category. */
export function orgReversalDraft(original: OrgEntry, opts: { actorId: string; note: string; at: Date }): EntryDraft {
  const rule = { _id: original.ruleId, code: original.ruleCode, version: original.ruleVersion, caps: {} };
  return reversalDraft(original, rule, opts);
}

/**
 * A computed item for a quarter: nothing when the live entry already has this amount; otherwise
 * the reversal of the live entry (if any) and a new entry `#n+1`. Pure; the caller posts them in order.
 */
export function computedPostings(balance: OrgBalanceDoc | null, d: Omit<OrgDraft, 'ref' | 'key'>, live: OrgEntry | null): { drafts: { draft: EntryDraft; origin: OrgOrigin }[]; n: number } {
  const slot = balance?.computed[`${d.origin.quarter}|${d.rule.code}`];
  if (slot && slot.amount === d.amount && slot.entryId && live) return { drafts: [], n: slot.n };
  if (!slot && d.amount === 0) return { drafts: [], n: 0 };
  const n = (slot?.n ?? 0) + 1;
  const drafts: { draft: EntryDraft; origin: OrgOrigin }[] = [];
  if (slot && live) drafts.push({ draft: orgReversalDraft(live, { actorId: d.actorId, note: '重新计算', at: d.at }), origin: { ...live.origin, basis: 'reversal' } });
  drafts.push({ draft: orgEntryDraft({ ...d, ref: `calc${n}` }), origin: d.origin });
  return { drafts, n };
}

export type OrgLedgerAudit = { orgs: number; entries: number; drift: Drift[]; broken: { orgId: string; entryId: string }[]; quarterDrift: { orgId: string; quarter: Quarter }[] };

/**
 * Audits org accounts: each balance against the sums of its entries (the member ledger's
 * findDrift), each chain against its head (firstBrokenLink), and the quarter/category totals
 * against the entries' origins. All three lists must be empty.
 */
export function auditOrgLedger(balances: OrgBalanceDoc[], entries: readonly OrgEntry[]): OrgLedgerAudit {
  const byOrg = new Map<string, OrgEntry[]>();
  for (const e of entries) byOrg.set(e.memberId, [...(byOrg.get(e.memberId) ?? []), e]);
  const sums = [...byOrg.entries()].map(([orgId, es]) => ({ memberId: orgId, eval: es.reduce((n, e) => n + e.eval, 0), redeem: 0, entries: es.length }));
  const broken: { orgId: string; entryId: string }[] = [];
  const quarterDrift: { orgId: string; quarter: Quarter }[] = [];
  for (const b of balances) {
    const mine = byOrg.get(b._id) ?? [];
    const at = firstBrokenLink(mine, b.head);
    if (at) broken.push({ orgId: b._id, entryId: at });
    const qs = new Map<Quarter, QuarterTotals>();
    for (const e of mine) {
      const t = qs.get(e.origin.quarter) ?? emptyTotals();
      t[e.origin.category] += e.eval;
      t.total += e.eval;
      qs.set(e.origin.quarter, t);
    }
    for (const q of new Set([...qs.keys(), ...Object.keys(b.quarters ?? {})])) {
      const a = qs.get(q) ?? emptyTotals();
      const c = b.quarters?.[q] ?? emptyTotals();
      if ((['base', 'pioneer', 'bonus', 'review', 'total'] as const).some((k) => a[k] !== c[k])) quarterDrift.push({ orgId: b._id, quarter: q });
    }
  }
  return { orgs: balances.length, entries: entries.length, drift: findDrift(balances, sums), broken, quarterDrift };
}
