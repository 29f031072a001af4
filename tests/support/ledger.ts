import type { MemberDoc } from '../../core/domain/org';
import type { EntryDraft } from '../../core/domain/points/ledger';
import type { RuleDoc } from '../../core/domain/points/rule';
import type { LocalCloud } from '../../emulator/local-cloud';

export function member(cloud: LocalCloud, id: string): MemberDoc {
  return cloud.store.getById('members', id) as unknown as MemberDoc;
}

export function rule(cloud: LocalCloud, code: string): RuleDoc {
  const [r] = cloud.store.find('rules', { code, status: 'active' }, { limit: 1 }) as unknown as RuleDoc[];
  if (!r) throw new Error(`no rule ${code}`);
  return r;
}

/** A credit draft for `m` under `r`, the rule's own amounts unless overridden. */
export function draft(m: MemberDoc, r: RuleDoc, over: Partial<EntryDraft> & { key: string; at: Date }): EntryDraft {
  return {
    memberId: m._id,
    ancestors: m.ancestors,
    eval: r.evalPoints,
    redeem: r.redeemPoints,
    rule: r,
    source: { type: 'award', id: over.key },
    units: 1,
    actorId: 'test',
    ...over,
  };
}

export function entryCount(cloud: LocalCloud, memberId: string): number {
  return cloud.store.count('ledger', { memberId });
}

export function balanceOf(cloud: LocalCloud, memberId: string): { eval: number; redeem: number; entries: number; caps: Record<string, number> } {
  return (cloud.store.getById('balances', memberId) as never) ?? { eval: 0, redeem: 0, entries: 0, caps: {} };
}
