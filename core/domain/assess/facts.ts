import { CLAIM_ON_TIME_DAYS, type OrgFacts } from './org-score';
import type { AssessConfig, MemberMetric } from './config';
import type { MemberFacts } from './member-score';
import type { OrgMetric } from './org-rules';

/**
 * The quarter's product data of one branch, as read (usecases/assess/branch-data.ts), turned into
 * each member's and the org's facts. Pure: the same rows always give the same facts, which is
 * what lets the benchmark recompute every grade independently and compare.
 */
export type EntryRow = { _id: string; memberId: string; eval: number; source: { type: string; id: string }; reversalOf: string | null };
export type BranchData = {
  branchId: string;
  members: { _id: string; name: string; ancestors: string[]; flow: boolean; openid: string; roles: { role: string; orgId: string }[] }[];
  /** The quarter's ledger entries posted under the branch. */
  entries: EntryRow[];
  /** Quarter evaluation totals kept on the balances (rankings' period totals), where present. */
  quarterEval: Record<string, number | undefined>;
  dedicationLogs: { _id: string; memberId: string; month: string }[];
  events: { _id: string; type: string; status: string; startAt: Date }[];
  claims: { _id: string; status: string; createdAt: Date; decidedAt: Date | null }[];
  categories: Record<string, string>;
  months: string[];
  quarterEnd: Date;
};

const METRICS: MemberMetric[] = ['attendance', 'dedication', 'evalPoints', 'claims'];

export function branchFacts(d: BranchData, cfg: AssessConfig): { members: MemberFacts[]; org: OrgFacts } {
  const dedicationEvents = new Set(d.events.filter((e) => e.type === 'dedication' && e.status !== 'cancelled').map((e) => e._id));
  const facts = new Map<string, MemberFacts>();
  for (const m of d.members) {
    facts.set(m._id, {
      memberId: m._id,
      name: m.name,
      branchId: d.branchId,
      ancestors: m.ancestors,
      category: d.categories[m._id] ?? (m.flow ? cfg.flowCategory : cfg.defaultCategory),
      cadre: m.roles.some((g) => (cfg.cadre.roles as string[]).includes(g.role)),
      values: { attendance: 0, dedication: 0, evalPoints: 0, claims: 0 },
      sources: { attendance: [], dedication: [], evalPoints: [], claims: [] },
    });
  }
  const evalSum = new Map<string, number>();
  for (const e of d.entries) {
    const f = facts.get(e.memberId);
    if (!f) continue;
    evalSum.set(e.memberId, (evalSum.get(e.memberId) ?? 0) + e.eval);
    if (e.eval !== 0) f.sources.evalPoints.push(e._id);
    // a reversal takes back what its original counted (keys: chk:<event>:<member>, clm:<claim>)
    const sign = e.reversalOf ? -1 : 1;
    const orig = e.reversalOf ?? e._id;
    const type = e.reversalOf ? (orig.startsWith('chk:') ? 'checkin' : orig.startsWith('clm:') ? 'claim' : 'other') : e.source.type;
    const eventId = orig.startsWith('chk:') ? orig.split(':')[1] : '';
    if (type === 'checkin') {
      const metric: MemberMetric = dedicationEvents.has(eventId) ? 'dedication' : 'attendance';
      f.values[metric] += sign;
      f.sources[metric].push(e._id);
    } else if (type === 'claim') {
      f.values.claims += sign;
      f.sources.claims.push(e._id);
    }
  }
  for (const l of d.dedicationLogs) {
    const f = facts.get(l.memberId);
    if (!f) continue;
    f.values.dedication += 1;
    f.sources.dedication.push(l._id);
  }
  for (const f of facts.values()) {
    // the rankings' quarter total when the balance keeps it; else the entries' sum
    f.values.evalPoints = d.quarterEval[f.memberId] ?? evalSum.get(f.memberId) ?? 0;
    // counts never go below zero; evaluation points may (deductions), and the item's fulfilment is floored at 0 instead
    for (const k of METRICS) if (k !== 'evalPoints') f.values[k] = Math.max(0, f.values[k]);
  }

  const members = [...facts.values()];
  const n = members.length;
  const live = d.events.filter((e) => e.status !== 'cancelled');
  const heldMonths = new Set<string>();
  for (const l of d.dedicationLogs) heldMonths.add(l.month);
  for (const e of live) if (e.type === 'dedication') heldMonths.add(monthOf(e.startAt, d.months));
  heldMonths.delete('');
  const participants = members.filter((f) => f.values.dedication > 0).length;
  const claims = d.claims.filter((c) => c.status !== 'withdrawn');
  const dayMs = 86_400_000;
  const onTime = claims.filter((c) => c.decidedAt && new Date(c.decidedAt).getTime() - new Date(c.createdAt).getTime() <= CLAIM_ON_TIME_DAYS * dayMs).length;
  // still pending but not yet overdue at the quarter's end: not counted either way
  const pendingFresh = claims.filter((c) => !c.decidedAt && d.quarterEnd.getTime() - new Date(c.createdAt).getTime() <= CLAIM_ON_TIME_DAYS * dayMs).length;
  const judged = claims.length - pendingFresh;
  const bound = d.members.filter((m) => !m.openid.startsWith('unbound:')).length;
  const evalTotal = members.reduce((s, f) => s + f.values.evalPoints, 0);
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  const values: Record<OrgMetric, number> = {
    meetings: live.filter((e) => e.type === 'meeting').length,
    themeDays: live.filter((e) => e.type === 'themeDay').length,
    dedicationHeld: heldMonths.size,
    dedicationRate: n ? r(participants / n) : 0,
    claimsOnTime: judged ? r(onTime / judged) : 1,
    roster: n ? r(bound / n) : 0,
    perCapitaEval: n ? r(evalTotal / n) : 0,
  };
  const detail: Record<OrgMetric, string> = {
    meetings: `三会一课 ${values.meetings} 次`,
    themeDays: `主题党日 ${values.themeDays} 次`,
    dedicationHeld: `开展奉献日的月份 ${values.dedicationHeld} 个`,
    dedicationRate: `参与奉献日党员 ${participants}/${n}`,
    claimsOnTime: `按时审核申报 ${onTime}/${judged}`,
    roster: `已绑定党员 ${bound}/${n}`,
    perCapitaEval: `评价积分合计 ${evalTotal}，党员 ${n} 名`,
  };
  return { members, org: { orgId: d.branchId, members: n, values, detail } };
}

/** The quarter month (YYYY-MM, China time) an instant falls in, or '' outside the quarter. */
function monthOf(at: Date, months: string[]): string {
  const m = new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
  return months.includes(m) ? m : '';
}
