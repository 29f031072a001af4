import type { AssessConfig, OrgGrade } from './config';
import { branchFacts, type BranchData } from './facts';
import type { ResultDoc } from './model';
import { allowanceFor, gradeBranch, itemsFor, scoreItems } from './member-score';
import { computedAmount, movement, orgGradeOf, reviewAmount } from './org-score';
import type { OrgRuleDoc } from './org-rules';
import type { QuarterTotals } from './org-ledger';

/** One computed org item for the quarter: the rule, the amount, and what it was measured on. */
export type ComputedItem = { rule: OrgRuleDoc; amount: number; metric: { name: string; value: number; target: number; detail: string }; roundId?: string };

/**
 * A branch's quarter, decided (pure): every member's result (items, score, grade with the quota,
 * a cadre's allowance coefficient) and the org's computed items (基础分 and 先锋分 from data, 评议分
 * from the round's tally).
 */
export function decideBranch(
  d: BranchData,
  cfg: AssessConfig,
  rules: readonly OrgRuleDoc[],
  review: { roundId: string; means: number[] } | null,
  base: { cycleId: string; townId: string; quarter: string; now: Date },
): { members: ResultDoc[]; items: ComputedItem[]; memberCount: number } {
  const { members, org } = branchFacts(d, cfg);
  const scored = members.map((f) => ({ f, s: scoreItems(itemsFor(cfg, f), f) }));
  const grades = gradeBranch(
    scored.map(({ f, s }) => ({ memberId: f.memberId, score: s.score })),
    cfg,
  );
  const results: ResultDoc[] = scored.map(({ f, s }) => {
    const grade = grades.get(f.memberId)!;
    return {
      _id: `${base.cycleId}:member:${f.memberId}:v1`,
      cycleId: base.cycleId,
      townId: base.townId,
      quarter: base.quarter,
      kind: 'member',
      subjectId: f.memberId,
      name: f.name,
      branchId: f.branchId,
      ancestors: f.ancestors,
      version: 1,
      current: true,
      category: f.cadre ? 'cadre' : f.category,
      cadre: f.cadre,
      score: s.score,
      grade,
      allowance: allowanceFor(cfg, f.cadre, grade),
      items: s.items,
      parts: null,
      entryIds: [],
      previousGrade: null,
      movement: null,
      supersedes: null,
      appealId: null,
      computedAt: base.now,
    };
  });
  const items: ComputedItem[] = [];
  for (const rule of rules) {
    if (rule.basis === 'computed' && rule.metric) {
      const value = org.values[rule.metric];
      items.push({ rule, amount: computedAmount(rule, value), metric: { name: rule.metric, value, target: rule.target ?? 0, detail: org.detail[rule.metric] } });
    } else if (rule.basis === 'round' && review) {
      const mean = review.means.length ? review.means.reduce((n, x) => n + x, 0) / review.means.length : 0;
      items.push({
        rule,
        amount: reviewAmount(rule, review.means),
        metric: { name: 'review', value: Math.round(mean * 100) / 100, target: 5, detail: `民主评议平均分 ${mean.toFixed(2)}/5` },
        roundId: review.roundId,
      });
    }
  }
  return { members: results, items, memberCount: members.length };
}

/** The org's result for the quarter from its balance's totals (the four parts) and its grade. */
export function orgResult(
  org: { _id: string; name: string; ancestors: string[] },
  parts: QuarterTotals,
  cfg: AssessConfig,
  prev: OrgGrade | null,
  entryIds: string[],
  base: { cycleId: string; townId: string; quarter: string; now: Date },
): ResultDoc {
  const grade = orgGradeOf(parts.total, cfg.orgThresholds);
  return {
    _id: `${base.cycleId}:org:${org._id}:v1`,
    cycleId: base.cycleId,
    townId: base.townId,
    quarter: base.quarter,
    kind: 'org',
    subjectId: org._id,
    name: org.name,
    branchId: org._id,
    ancestors: org.ancestors,
    version: 1,
    current: true,
    category: null,
    cadre: false,
    score: parts.total,
    grade,
    allowance: null,
    items: [],
    parts,
    entryIds,
    previousGrade: prev,
    movement: movement(prev, grade),
    supersedes: null,
    appealId: null,
    computedAt: base.now,
  };
}
