import type { AssessConfig, AssessItem, Grade, MemberMetric } from './config';

/** A member's quarter, as measured from the product's data, with the entries each figure came from. */
export type MemberFacts = {
  memberId: string;
  name: string;
  branchId: string;
  ancestors: string[];
  category: string;
  cadre: boolean;
  values: Record<MemberMetric, number>;
  /** metric -> ids of the ledger entries / logs the value counts (a figure links to its sources). */
  sources: Record<MemberMetric, string[]>;
};

export type ItemScore = { metric: MemberMetric; value: number; target: number; weight: number; score: number; sources: string[] };
export type MemberScore = { score: number; items: ItemScore[] };

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Weighted fulfilment of the items, 0..100 (one decimal). */
export function scoreItems(items: readonly AssessItem[], f: Pick<MemberFacts, 'values' | 'sources'>): MemberScore {
  const total = items.reduce((n, i) => n + i.weight, 0) || 1;
  const scored = items.map((i) => {
    const value = f.values[i.metric] ?? 0;
    const share = i.target > 0 ? Math.max(0, Math.min(1, value / i.target)) : 1;
    return { metric: i.metric, value, target: i.target, weight: i.weight, score: round1((share * i.weight * 100) / total), sources: f.sources[i.metric] ?? [] };
  });
  return { score: round1(scored.reduce((n, i) => n + i.score, 0)), items: scored };
}

/** The items a member is assessed on: a cadre's 在岗履职 items, else their category's (unknown → the default). */
export function itemsFor(cfg: AssessConfig, f: Pick<MemberFacts, 'category' | 'cadre'>): AssessItem[] {
  if (f.cadre) return cfg.cadre.items;
  return (cfg.categories.find((c) => c.code === f.category) ?? cfg.categories.find((c) => c.code === cfg.defaultCategory) ?? cfg.categories[0]).items;
}

export function gradeOf(score: number, t: AssessConfig['thresholds']): Grade {
  if (score >= t.excellent) return 'excellent';
  if (score >= t.good) return 'good';
  if (score >= t.pass) return 'pass';
  return 'fail';
}

/**
 * Grades one branch's members: by threshold, then the 优秀 quota (ceil of share × members; 0 =
 * none) keeps the best by score (ties broken by id, so the same data gives the same grades) and
 * moves the rest to 合格.
 */
export function gradeBranch(scores: readonly { memberId: string; score: number }[], cfg: Pick<AssessConfig, 'thresholds' | 'excellentQuota'>): Map<string, Grade> {
  const out = new Map(scores.map((s) => [s.memberId, gradeOf(s.score, cfg.thresholds)]));
  if (cfg.excellentQuota > 0) {
    const quota = Math.ceil(cfg.excellentQuota * scores.length);
    const excellent = scores.filter((s) => out.get(s.memberId) === 'excellent').sort((a, b) => b.score - a.score || a.memberId.localeCompare(b.memberId));
    for (const s of excellent.slice(quota)) out.set(s.memberId, 'good');
  }
  return out;
}

/** A cadre's allowance coefficient for a grade (null for members who are not cadres). */
export const allowanceFor = (cfg: AssessConfig, cadre: boolean, g: Grade): number | null => (cadre ? cfg.cadre.allowance[g] : null);
