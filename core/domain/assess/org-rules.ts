/**
 * 党组织积分 rules as data (seed 000: 基础分, 先锋分, 加减分, 评议分). Every weight is data an admin
 * edits; saving a rule makes a new version (`CODE@version`) and an org ledger entry keeps the
 * version it was posted under. The seeds give categories, no numbers: the defaults below are ours
 * (DOMAIN.md §2.1, §5).
 */
export const ORG_CATEGORIES = ['base', 'pioneer', 'bonus', 'review'] as const;
export type OrgCategory = (typeof ORG_CATEGORIES)[number];
export const ORG_CATEGORY_LABELS: Record<OrgCategory, string> = { base: '基础分', pioneer: '先锋分', bonus: '加减分', review: '评议分' };

/**
 * How a rule's points arise:
 * - `computed`: each quarter from product data, by `metric` (points = rule.points × the metric's
 *   fulfilment 0..1, rounded);
 * - `confirmed`: an admin (or, for 先锋分 recognitions, the county) confirms it with evidence;
 * - `document`: an award or penalty with a document reference (加减分);
 * - `round`: from a closed 评议 round (average score / 5 × points).
 */
export type OrgRuleBasis = 'computed' | 'confirmed' | 'document' | 'round';

/** Product data an org's computed items are measured on (facts.ts). */
export const ORG_METRICS = ['meetings', 'themeDays', 'dedicationHeld', 'dedicationRate', 'claimsOnTime', 'roster', 'perCapitaEval'] as const;
export type OrgMetric = (typeof ORG_METRICS)[number];

export type OrgRuleDef = {
  code: string;
  name: string;
  category: OrgCategory;
  basis: OrgRuleBasis;
  /** Points per unit (computed/round: the maximum). Negative for a deduction. */
  points: number;
  metric?: OrgMetric;
  /** For a computed rule: the metric's value that earns the full points (e.g. 3 meetings a quarter). */
  target?: number;
  /** confirmed/document rules: only the county confirms it (示范点, 品牌 recognitions). */
  countyOnly?: boolean;
};

export type OrgRuleDoc = OrgRuleDef & { _id: string; version: number; status: 'active' | 'superseded'; createdAt: Date; createdBy: string };

export const DEFAULT_ORG_RULES: OrgRuleDef[] = [
  // 基础分 (max 40): computed from the quarter's data, plus two admin-confirmed items
  { code: 'ORG_MEETINGS', name: '三会一课按期召开', category: 'base', basis: 'computed', points: 8, metric: 'meetings', target: 3 },
  { code: 'ORG_THEME_DAYS', name: '主题党日（党员活动日）', category: 'base', basis: 'computed', points: 6, metric: 'themeDays', target: 3 },
  { code: 'ORG_DEDICATION_HELD', name: '奉献日按月开展', category: 'base', basis: 'computed', points: 6, metric: 'dedicationHeld', target: 3 },
  { code: 'ORG_DEDICATION_RATE', name: '奉献日党员参与率', category: 'base', basis: 'computed', points: 6, metric: 'dedicationRate', target: 0.8 },
  { code: 'ORG_CLAIMS_ON_TIME', name: '积分申报按时审核', category: 'base', basis: 'computed', points: 4, metric: 'claimsOnTime', target: 1 },
  { code: 'ORG_ROSTER', name: '党员名册维护（绑定率）', category: 'base', basis: 'computed', points: 4, metric: 'roster', target: 0.9 },
  { code: 'ORG_TEAM_SOUND', name: '支部班子健全', category: 'base', basis: 'confirmed', points: 3 },
  { code: 'ORG_RECRUITMENT', name: '严格党员发展程序', category: 'base', basis: 'confirmed', points: 3 },
  // 先锋分 (max 30)
  { code: 'ORG_PER_CAPITA', name: '党员人均评价积分', category: 'pioneer', basis: 'computed', points: 20, metric: 'perCapitaEval', target: 30 },
  { code: 'ORG_MODEL_SITE', name: '县级以上党建示范点', category: 'pioneer', basis: 'confirmed', points: 5, countyOnly: true },
  { code: 'ORG_BRAND', name: '有影响可推广的工作品牌', category: 'pioneer', basis: 'confirmed', points: 5, countyOnly: true },
  // 加减分
  { code: 'ORG_INSTRUCTION', name: '获得县级以上党政领导批示', category: 'bonus', basis: 'document', points: 3 },
  { code: 'ORG_HONOUR', name: '获得乡级以上集体荣誉', category: 'bonus', basis: 'document', points: 3 },
  { code: 'ORG_CRITICISM', name: '被上级通报批评', category: 'bonus', basis: 'document', points: -5 },
  { code: 'ORG_DISCIPLINE', name: '出现党员违纪违法', category: 'bonus', basis: 'document', points: -5 },
  // 评议分 (max 20)
  { code: 'ORG_REVIEW', name: '民主评议', category: 'review', basis: 'round', points: 20 },
];

/** A default rule as its version 1 (until an admin saves a version, the defaults are in force). */
export function defaultOrgRule(def: OrgRuleDef): OrgRuleDoc {
  return { ...def, _id: `${def.code}@1`, version: 1, status: 'active', createdAt: new Date('2026-01-01T00:00:00+08:00'), createdBy: 'system' };
}

/** The active version of each code: stored versions win over the defaults. */
export function activeOrgRules(stored: readonly OrgRuleDoc[]): OrgRuleDoc[] {
  const byCode = new Map<string, OrgRuleDoc>(DEFAULT_ORG_RULES.map((d) => [d.code, defaultOrgRule(d)]));
  for (const r of stored) {
    const cur = byCode.get(r.code);
    if (r.status === 'active' && (!cur || cur.version <= r.version)) byCode.set(r.code, r);
  }
  return [...byCode.values()];
}
