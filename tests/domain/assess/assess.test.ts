import { describe, expect, it } from '@jest/globals';
import { ballotKey, tally, type BallotDoc } from '../../../core/domain/assess/ballot';
import { campaignProgress, colourOf } from '../../../core/domain/assess/campaign';
import { DEFAULT_CONFIG } from '../../../core/domain/assess/config';
import { branchFacts, type BranchData } from '../../../core/domain/assess/facts';
import { gradeBranch, gradeOf, itemsFor, scoreItems } from '../../../core/domain/assess/member-score';
import { auditOrgLedger, computedPostings, orgEntryDraft, postOrg, type OrgBalanceDoc, type OrgEntry, type OrgOrigin } from '../../../core/domain/assess/org-ledger';
import { computedAmount, movement, orgGradeOf, reviewAmount } from '../../../core/domain/assess/org-score';
import { activeOrgRules, defaultOrgRule, DEFAULT_ORG_RULES, type OrgRuleDoc } from '../../../core/domain/assess/org-rules';
import { quarterMonths, quarterOf, quarterRange } from '../../../core/domain/assess/quarter';
import { chinaTime } from '../../../core/domain/time';

const rule = (code: string): OrgRuleDoc => defaultOrgRule(DEFAULT_ORG_RULES.find((r) => r.code === code)!);
const at = chinaTime('2026-10-08 10:00:00');
const origin = (q: string, category: OrgOrigin['category']): OrgOrigin => ({ basis: 'computed', quarter: q, category });

describe('quarters in China time', () => {
  it('puts 00:00 on 1 October (China) in Q4 whatever the host zone, and gives the quarter its months', () => {
    expect(quarterOf(chinaTime('2026-09-30 23:59:59'))).toBe('2026-Q3');
    expect(quarterOf(chinaTime('2026-10-01 00:00:00'))).toBe('2026-Q4');
    expect(quarterRange('2026-Q4').start.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(quarterRange('2026-Q4').end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(quarterMonths('2026-Q2')).toEqual(['2026-04', '2026-05', '2026-06']);
  });
});

describe('member scores and grades', () => {
  const values = { attendance: 3, dedication: 0, evalPoints: 15, claims: 0 };
  const sources = { attendance: ['a', 'b', 'c'], dedication: [], evalPoints: ['a'], claims: [] };

  it('weights each item by its fulfilment and keeps the sources of each figure', () => {
    const s = scoreItems(itemsFor(DEFAULT_CONFIG, { category: 'inService', cadre: false }), { values, sources });
    // 在职: attendance 3/3 × 40 + eval 15/30 × 40 + dedication 0/1 × 20
    expect(s.score).toBe(60);
    expect(s.items.find((i) => i.metric === 'attendance')!.sources).toEqual(['a', 'b', 'c']);
  });

  it('assesses cadres on their own items and unknown categories on the default', () => {
    expect(itemsFor(DEFAULT_CONFIG, { category: 'frail', cadre: true })).toBe(DEFAULT_CONFIG.cadre.items);
    expect(itemsFor(DEFAULT_CONFIG, { category: 'nope', cadre: false })).toBe(DEFAULT_CONFIG.categories[0].items);
  });

  it('grades by thresholds and moves 优秀 past the quota to 合格, best score first, ties by id', () => {
    expect([95, 90, 89.9, 75, 60, 59.9].map((s) => gradeOf(s, DEFAULT_CONFIG.thresholds))).toEqual(['excellent', 'excellent', 'good', 'good', 'pass', 'fail']);
    const g = gradeBranch(
      [
        { memberId: 'm3', score: 95 },
        { memberId: 'm1', score: 95 },
        { memberId: 'm2', score: 99 },
        { memberId: 'm4', score: 50 },
        { memberId: 'm5', score: 70 },
      ],
      { thresholds: DEFAULT_CONFIG.thresholds, excellentQuota: 0.4 },
    );
    expect(Object.fromEntries(g)).toEqual({ m2: 'excellent', m1: 'excellent', m3: 'good', m4: 'fail', m5: 'pass' });
    expect(
      gradeBranch(
        [
          { memberId: 'a', score: 95 },
          { memberId: 'b', score: 95 },
        ],
        { thresholds: DEFAULT_CONFIG.thresholds, excellentQuota: 0 },
      ).get('b'),
    ).toBe('excellent');
  });
});

describe('branch facts', () => {
  const data = (): BranchData => ({
    branchId: 'b1',
    members: [
      { _id: 'm1', name: '甲', ancestors: ['c', 't', 'b1'], flow: false, openid: 'o1', roles: [{ role: 'secretary', orgId: 'b1' }] },
      { _id: 'm2', name: '乙', ancestors: ['c', 't', 'b1'], flow: true, openid: 'unbound:m2', roles: [] },
    ],
    entries: [
      { _id: 'chk:E1:m1', memberId: 'm1', eval: 5, source: { type: 'checkin', id: 'E1' }, reversalOf: null },
      { _id: 'chk:D1:m2', memberId: 'm2', eval: 5, source: { type: 'checkin', id: 'D1' }, reversalOf: null },
      { _id: 'chk:E2:m1', memberId: 'm1', eval: 5, source: { type: 'checkin', id: 'E2' }, reversalOf: null },
      { _id: 'rev:chk:E2:m1', memberId: 'm1', eval: -5, source: { type: 'reversal', id: 'chk:E2:m1' }, reversalOf: 'chk:E2:m1' },
      { _id: 'clm:c1', memberId: 'm2', eval: 3, source: { type: 'claim', id: 'c1' }, reversalOf: null },
    ],
    quarterEval: { m2: 8 },
    dedicationLogs: [{ _id: 'dl1', memberId: 'm1', month: '2026-06' }],
    events: [
      { _id: 'E1', type: 'meeting', status: 'closed', startAt: chinaTime('2026-04-10 09:00:00') },
      { _id: 'E2', type: 'meeting', status: 'cancelled', startAt: chinaTime('2026-05-10 09:00:00') },
      { _id: 'D1', type: 'dedication', status: 'closed', startAt: chinaTime('2026-04-05 09:00:00') },
    ],
    claims: [{ _id: 'c1', status: 'approved', createdAt: chinaTime('2026-06-25 09:00:00'), decidedAt: null }],
    categories: {},
    months: ['2026-04', '2026-05', '2026-06'],
    quarterEnd: chinaTime('2026-07-01 00:00:00'),
  });

  it('counts attendance and dedication by event type, takes back reversed check-ins, and reads quarter totals when kept', () => {
    const { members, org } = branchFacts(data(), DEFAULT_CONFIG);
    const m1 = members.find((m) => m.memberId === 'm1')!;
    const m2 = members.find((m) => m.memberId === 'm2')!;
    expect(m1).toMatchObject({ cadre: true, values: { attendance: 1, dedication: 1, evalPoints: 5, claims: 0 } });
    expect(m1.sources.attendance).toEqual(['chk:E1:m1', 'chk:E2:m1', 'rev:chk:E2:m1']);
    expect(m2).toMatchObject({ category: 'flow', values: { dedication: 1, evalPoints: 8, claims: 1 } });
    // a fresh pending claim (less than 7 days before the quarter's end) is judged neither way
    expect(org.values).toEqual({ meetings: 1, themeDays: 0, dedicationHeld: 2, dedicationRate: 1, claimsOnTime: 1, roster: 0.5, perCapitaEval: 6.5 });
  });
});

describe('org score parts', () => {
  it('computes items by fulfilment, 评议分 from the dimension means, grades and moves', () => {
    expect(computedAmount(rule('ORG_MEETINGS'), 2)).toBe(5);
    expect(computedAmount(rule('ORG_MEETINGS'), 9)).toBe(8);
    expect(reviewAmount(rule('ORG_REVIEW'), [4, 4, 5, 3, 4])).toBe(16);
    expect(reviewAmount(rule('ORG_REVIEW'), [])).toBe(0);
    expect([85, 80, 79, 60, 59].map((t) => orgGradeOf(t, DEFAULT_CONFIG.orgThresholds))).toEqual(['first', 'first', 'second', 'second', 'third']);
    expect([movement('third', 'second'), movement('first', 'second'), movement('second', 'second'), movement(null, 'first')]).toEqual(['up', 'down', 'same', 'new']);
  });

  it('uses a saved rule version over the default of its code', () => {
    const saved = { ...rule('ORG_HONOUR'), _id: 'ORG_HONOUR@2', version: 2, points: 4 };
    expect(activeOrgRules([saved]).find((r) => r.code === 'ORG_HONOUR')).toMatchObject({ version: 2, points: 4 });
  });
});

describe('the org ledger on the member ledger pieces', () => {
  const post = (b: OrgBalanceDoc | null, code: string, amount: number, ref: string, q = '2026-Q3') => {
    const r = rule(code);
    const o = origin(q, r.category);
    return postOrg(b, orgEntryDraft({ orgId: 'b1', ancestors: ['c', 't', 'b1'], rule: r, amount, ref, origin: o, actorId: 'x', note: '', at }), 'b1', o);
  };

  it('chains entries, keeps quarter × category totals, and the audit finds no drift until an entry is edited', () => {
    const p1 = post(null, 'ORG_MEETINGS', 8, 'calc1');
    const p2 = post(p1.balance, 'ORG_HONOUR', 3, 'r1');
    const p3 = post(p2.balance, 'ORG_REVIEW', 16, 'calc1', '2026-Q4');
    expect(p2.entry.prevHash).toBe(p1.entry.hash);
    expect(p3.balance.quarters).toEqual({ '2026-Q3': { base: 8, pioneer: 0, bonus: 3, review: 0, total: 11 }, '2026-Q4': { base: 0, pioneer: 0, bonus: 0, review: 16, total: 16 } });
    const entries: OrgEntry[] = [p1.entry, p2.entry, p3.entry];
    expect(auditOrgLedger([p3.balance], entries)).toMatchObject({ drift: [], broken: [], quarterDrift: [] });
    const edited = entries.map((e) => (e._id === p2.entry._id ? { ...e, eval: 30 } : e));
    const a = auditOrgLedger([p3.balance], edited);
    expect(a.broken).toEqual([{ orgId: 'b1', entryId: p2.entry._id }]);
    expect(a.drift).toHaveLength(1);
    expect(a.quarterDrift).toEqual([{ orgId: 'b1', quarter: '2026-Q3' }]);
  });

  it('recomputes a computed item as a reversal plus a new entry, and posts nothing when unchanged', () => {
    const r = rule('ORG_MEETINGS');
    const d = { orgId: 'b1', ancestors: ['c', 't', 'b1'], rule: r, amount: 8, origin: origin('2026-Q3', 'base'), actorId: 'x', note: '', at };
    const first = computedPostings(null, d, null);
    expect(first.drafts.map((x) => x.draft.key)).toEqual(['org:b1:2026-Q3:ORG_MEETINGS:calc1']);
    const p = postOrg(null, first.drafts[0].draft, 'b1', first.drafts[0].origin);
    const b: OrgBalanceDoc = { ...p.balance, computed: { '2026-Q3|ORG_MEETINGS': { entryId: p.entry._id, amount: 8, n: 1 } } };
    expect(computedPostings(b, d, p.entry).drafts).toEqual([]);
    const changed = computedPostings(b, { ...d, amount: 5 }, p.entry);
    expect(changed.drafts.map((x) => [x.draft.key, x.draft.eval])).toEqual([
      [`rev:${p.entry._id}`, -8],
      ['org:b1:2026-Q3:ORG_MEETINGS:calc2', 5],
    ]);
  });
});

describe('ballots', () => {
  it('keys a ballot by an HMAC of round and voter: the same voter the same key, another secret another key', () => {
    expect(ballotKey('s1', 'r1', 'm:1')).toBe(ballotKey('s1', 'r1', 'm:1'));
    expect(ballotKey('s1', 'r1', 'm:1')).not.toBe(ballotKey('s2', 'r1', 'm:1'));
    expect(ballotKey('s1', 'r1', 'm:1')).not.toContain('m:1');
  });

  it('tallies per org with participation over eligible voters, including orgs nobody voted for', () => {
    const s = (n: number) => ({ leadership: n, membership: n, venues: n, systems: n, results: n });
    const ballots: BallotDoc[] = [
      { _id: 'x1', roundId: 'r', orgId: 'b1', scores: s(5) },
      { _id: 'x2', roundId: 'r', orgId: 'b1', scores: s(4) },
    ];
    const t = tally(ballots, { b1: 4, b2: 3 });
    expect(t).toEqual([
      { orgId: 'b1', ballots: 2, eligible: 4, participation: 0.5, means: s(4.5), mean: 4.5 },
      { orgId: 'b2', ballots: 0, eligible: 3, participation: 0, means: s(0), mean: 0 },
    ]);
  });
});

describe('挂图作战 progress', () => {
  it('colours against time elapsed, ranks with ties sharing a rank, and flags the unfinished bottom', () => {
    expect([colourOf(0.5, 0.5), colourOf(0.36, 0.5), colourOf(0.3, 0.5)]).toEqual(['green', 'yellow', 'red']);
    const rows = campaignProgress(
      [{ code: 'a', name: 'A', unit: '个', measure: 'reported', target: 10, deadline: null }],
      ['o1', 'o2', 'o3', 'o4'],
      { o1: { a: 10 }, o2: { a: 5 }, o3: { a: 5 }, o4: { a: 1 } },
      { o4: { a: 2 } },
      { start: chinaTime('2026-01-01 00:00:00'), end: chinaTime('2026-12-31 00:00:00'), now: chinaTime('2026-07-01 00:00:00'), bottomN: 2 },
    );
    expect(rows.map((r) => [r.orgId, r.progress, r.rank, r.flagged])).toEqual(
      [
        ['o1', 1, 1, false],
        ['o4', 0.5, 2, true],
        ['o2', 0.5, 2, true],
        ['o3', 0.5, 2, true],
      ].sort((a, b) => (a[2] as number) - (b[2] as number) || String(a[0]).localeCompare(String(b[0]))),
    );
  });
});
