import type { AssessConfig, OrgGrade } from './config';
import type { OrgMetric, OrgRuleDoc } from './org-rules';

/** An org's quarter as measured from the product's data, with what each figure counts. */
export type OrgFacts = {
  orgId: string;
  members: number;
  values: Record<OrgMetric, number>;
  detail: Record<OrgMetric, string>;
};

/** Claims decided within this many days of submission count as handled on time. */
export const CLAIM_ON_TIME_DAYS = 7;

/** Points of a computed rule: rule.points × fulfilment (value / target, at most 1), rounded. */
export function computedAmount(rule: Pick<OrgRuleDoc, 'points' | 'target'>, value: number): number {
  const share = rule.target && rule.target > 0 ? Math.min(1, Math.max(0, value / rule.target)) : value > 0 ? 1 : 0;
  return Math.round(rule.points * share);
}

/** 评议分: the mean of the dimensions' mean scores (1..5) over 5, × the rule's points, rounded. */
export function reviewAmount(rule: Pick<OrgRuleDoc, 'points'>, dimensionMeans: readonly number[]): number {
  if (!dimensionMeans.length) return 0;
  const mean = dimensionMeans.reduce((n, x) => n + x, 0) / dimensionMeans.length;
  return Math.round((rule.points * mean) / 5);
}

export function orgGradeOf(total: number, t: AssessConfig['orgThresholds']): OrgGrade {
  if (total >= t.first) return 'first';
  if (total >= t.second) return 'second';
  return 'third';
}

const RANK: Record<OrgGrade, number> = { first: 3, second: 2, third: 1 };

/** Who moved: against the previous quarter's published grade (none: new). */
export function movement(prev: OrgGrade | null | undefined, now: OrgGrade): 'up' | 'down' | 'same' | 'new' {
  if (!prev) return 'new';
  return RANK[now] > RANK[prev] ? 'up' : RANK[now] < RANK[prev] ? 'down' : 'same';
}
