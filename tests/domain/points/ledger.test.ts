import { describe, expect, it } from '@jest/globals';
import { auditMembers } from '../../../core/domain/points/audit';
import { canonicalJson, entryHash, firstBrokenLink } from '../../../core/domain/points/chain';
import { applyDecision, decideEntry, emptyBalance, type Accepted, type BalanceDoc, type EntryDraft, type LedgerEntry } from '../../../core/domain/points/ledger';
import { chinaTime } from '../../../core/domain/time';

const rule = { _id: 'PIONEER_POST@1', code: 'PIONEER_POST', version: 1, caps: { week: 2 } };
const draft = (key: string, wall: string, over: Partial<EntryDraft> = {}): EntryDraft => ({
  key,
  memberId: 'm1',
  ancestors: ['county', 't1', 'b01'],
  eval: 2,
  redeem: 2,
  rule,
  source: { type: 'award', id: key },
  units: 1,
  actorId: 'sec',
  at: chinaTime(wall),
  ...over,
});

/** Posts drafts in order the way postEntry does (decide, then apply), returning entries and balance. */
function post(drafts: EntryDraft[], start: BalanceDoc | null = null): { entries: LedgerEntry[]; balance: BalanceDoc | null } {
  let balance = start;
  const entries: LedgerEntry[] = [];
  for (const d of drafts) {
    const decision = decideEntry(balance, d);
    if (!decision.ok) throw new Error(decision.code);
    entries.push(decision.entry);
    balance = applyDecision(balance, decision);
  }
  return { entries, balance };
}

describe('applyDecision: the one way a ledger decision changes a balance', () => {
  it('opens a balance placed where the first entry was posted, with the entry as the chain head', () => {
    const d = decideEntry(null, draft('k1', '2026-11-23 09:00:00')) as Accepted;
    expect(applyDecision(null, d)).toEqual({
      _id: 'm1',
      memberId: 'm1',
      ancestors: ['county', 't1', 'b01'],
      eval: 2,
      redeem: 2,
      entries: 1,
      head: d.entry.hash,
      caps: { 'PIONEER_POST|week:2026-W48': 1 },
      totals: { 'month:2026-11': 2, 'quarter:2026-Q4': 2, 'year:2026': 2 },
      updatedAt: chinaTime('2026-11-23 09:00:00'),
    });
  });

  it('adds amounts and uses, keeps the balance where it is, never moves updatedAt back, drops past periods', () => {
    const { balance } = post([draft('k1', '2026-11-23 09:00:00'), draft('k2', '2026-11-22 09:00:00'), draft('k3', '2026-12-01 09:00:00', { ancestors: ['county', 't2', 'b05'] })]);
    expect(balance).toMatchObject({ eval: 6, redeem: 6, entries: 3, ancestors: ['county', 't1', 'b01'], updatedAt: chinaTime('2026-12-01 09:00:00') });
    expect(balance!.caps).toEqual({ 'PIONEER_POST|week:2026-W49': 1 });
  });

  it('gives a reversal its cap use back and forgets an emptied counter', () => {
    const { entries, balance } = post([draft('k1', '2026-11-23 09:00:00')]);
    const rev = decideEntry(
      balance,
      draft('rev:k1', '2026-11-23 10:00:00', { eval: -2, redeem: -2, units: 0, reversalOf: entries[0]._id, releaseCapKeys: entries[0].capKeys, releaseUnits: 1 }),
    ) as Accepted;
    expect(applyDecision(balance, rev)).toMatchObject({ eval: 0, redeem: 0, entries: 2, caps: {} });
  });

  it('keeps fields it does not own (the expiry mark) and an empty balance has no head', () => {
    const start = { ...emptyBalance('m1', ['county', 't1', 'b01']), expiredYear: 2025 };
    expect(start).toMatchObject({ head: null, entries: 0, updatedAt: null });
    expect(post([draft('k1', '2026-11-23 09:00:00')], start).balance).toMatchObject({ expiredYear: 2025, entries: 1 });
  });
});

describe('the hash chain', () => {
  it('canonical JSON sorts keys at every level and writes instants as ISO strings', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: new Date('2026-01-01T00:00:00Z') } })).toBe('{"a":{"c":"2026-01-01T00:00:00.000Z","d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it('chains each entry to the previous one by seq and prevHash; the hash covers the economic fields', () => {
    const { entries, balance } = post([draft('k1', '2026-11-23 09:00:00'), draft('k2', '2026-11-23 10:00:00')]);
    expect(entries.map((e) => [e.seq, e.prevHash])).toEqual([
      [1, null],
      [2, entries[0].hash],
    ]);
    expect(balance!.head).toBe(entries[1].hash);
    const e = entries[0];
    for (const change of [
      { eval: 3 },
      { redeem: 1 },
      { memberId: 'm2' },
      { ruleId: 'X@1' },
      { source: { type: 'award' as const, id: 'other' } },
      { createdAt: new Date(0) },
      { actorId: 'x' },
      { seq: 5 },
      { prevHash: 'f' },
    ]) {
      expect(entryHash({ ...e, ...change })).not.toBe(e.hash);
    }
    // the note and the org attribution are not economic content
    expect(entryHash({ ...e, note: 'other', ancestors: ['county'] } as LedgerEntry)).toBe(e.hash);
  });

  it.each([
    ['an intact chain', (es: LedgerEntry[]) => es, null],
    ['an edited amount', (es: LedgerEntry[]) => [es[0], { ...es[1], eval: 99 }, es[2]], 'k2'],
    ['an edit whose hash was recomputed', (es: LedgerEntry[]) => [es[0], rehash({ ...es[1], eval: 99 }), es[2]], 'k2'],
    ['a missing middle entry', (es: LedgerEntry[]) => [es[0], es[2]], 'k3'],
    ['a first entry that names a predecessor', (es: LedgerEntry[]) => [rehash({ ...es[0], prevHash: 'abc' }), es[1], es[2]], 'k1'],
    ['a rewritten last entry', (es: LedgerEntry[]) => [es[0], es[1], rehash({ ...es[2], redeem: 0 })], 'k3'],
  ])('names the first broken link: %s', (_name, tamper, expected) => {
    const { entries, balance } = post([draft('k1', '2026-11-23 09:00:00'), draft('k2', '2026-11-23 10:00:00'), draft('k3', '2026-11-30 10:00:00')]);
    expect(firstBrokenLink(tamper(entries), balance!.head)).toBe(expected);
  });
});

const rehash = (e: LedgerEntry): LedgerEntry => ({ ...e, hash: entryHash(e) });

describe('auditMembers: members as placed now, each with all their entries', () => {
  it('counts entries earned elsewhere for a member who moved in, and flags a balance left behind', () => {
    const { entries, balance } = post([draft('k1', '2026-11-23 09:00:00'), draft('k2', '2026-11-24 09:00:00', { ancestors: ['county', 't2', 'b05'] })]);
    const moved = { ...balance!, ancestors: ['county', 't2', 'b05'] };
    expect(auditMembers([{ _id: 'm1', ancestors: ['county', 't2', 'b05'] }], [moved], entries)).toEqual({ members: 1, entries: 2, drift: [], broken: [], misplaced: [] });
    expect(auditMembers([{ _id: 'm1', ancestors: ['county', 't2', 'b05'] }], [balance!], entries).misplaced).toEqual(['m1']);
  });

  it('reports entries without a balance as drift', () => {
    const { entries } = post([draft('k1', '2026-11-23 09:00:00')]);
    expect(auditMembers([{ _id: 'm1', ancestors: ['county'] }], [], entries).drift).toEqual([
      { memberId: 'm1', cached: { eval: 0, redeem: 0, entries: 0 }, computed: { eval: 2, redeem: 2, entries: 1 } },
    ]);
  });
});
