import type { Tx } from '../../db/db';
import type { IssueDoc } from '../../domain/grid/issue';
import { decideEntry, type BalanceDoc, type EntryDraft } from '../../domain/points/ledger';
import { ruleActive, type RuleDoc } from '../../domain/points/rule';
import type { MemberDoc } from '../../domain/org/model';
import { postEntryOn } from '../points/post-entry';
import { activeRule } from '../points/rules-cache';

/** Which rule credits which moment of an issue (docs/flows/grid.md "Points"). */
export const GRID_RULES = { reported: 'GRID_ISSUE_REPORTED', resolved: 'GRID_ISSUE_RESOLVED' } as const;
export type CreditKind = keyof typeof GRID_RULES;

/** The rule to credit with, read before the transaction (rule cache); null when switched off. */
export async function creditRule(kind: CreditKind, at: Date): Promise<RuleDoc | null> {
  const r = await activeRule(GRID_RULES[kind]);
  return r.ok && ruleActive(r.data, at) ? r.data : null;
}

/** The ledger key: one entry per issue and kind, whatever retries or reopenings happen. */
export const creditKey = (kind: CreditKind, issueId: string): string => `grid:${kind === 'reported' ? 'rep' : 'res'}:${issueId}`;

/**
 * Credits the reporter (on acceptance) or the resolver (on verification) in the transition's
 * transaction: 3 requests (balance, entry, balance), +1 for a member without a balance yet. A
 * full cap credits nothing and says so ('capped'): the issue goes on.
 */
export async function creditIssue(tx: Tx, issue: IssueDoc, kind: CreditKind, rule: RuleDoc | null, at: Date): Promise<'credited' | 'capped' | null> {
  const memberId = kind === 'reported' ? issue.reporterId : issue.resolverId;
  if (!rule || !memberId) return null;
  const balance = await tx.get<BalanceDoc>('balances', memberId);
  const placed = balance ?? (await tx.get<MemberDoc>('members', memberId));
  if (!placed) return null;
  const draft: EntryDraft = {
    key: creditKey(kind, issue._id),
    memberId,
    ancestors: placed.ancestors,
    eval: rule.evalPoints,
    redeem: rule.redeemPoints,
    rule: { _id: rule._id, code: rule.code, version: rule.version, caps: rule.caps },
    source: { type: 'grid', id: issue._id },
    units: 1,
    actorId: 'system',
    note: `${issue.categoryName}：${issue.text.slice(0, 40)}`,
    at,
  };
  if (!decideEntry(balance, draft).ok) return 'capped';
  await postEntryOn(tx, balance, draft);
  return 'credited';
}
