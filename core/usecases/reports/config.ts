import { EXCLUSION_CATEGORIES, type ExclusionCategory } from '../../domain/reports/snapshot';

/**
 * Deployment settings of the reports function, from its environment variables (set per
 * function in the CloudBase console; docs/api/reports.md):
 * - REPORTS_EXCLUDE: the categories listed apart from ranking, comma-separated, of
 *   elderly, ill, flow (流动党员), other; default "elderly,ill,other" (流动党员 ranked unless the county adds flow).
 *   Suspended members are always listed apart.
 * - REPORTS_STARS: 每月之星 proposed per branch, default 2.
 * - REPORTS_HONOURS: the size of 十佳 / 末位, default 10.
 */
export type ReportsConfig = { excluded: ExclusionCategory[]; starsPerBranch: number; honourSize: number; topSize: number; bottomSize: number };

export function reportsConfig(): ReportsConfig {
  const raw = process.env.REPORTS_EXCLUDE ?? 'elderly,ill,other';
  const excluded = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is ExclusionCategory => s in EXCLUSION_CATEGORIES);
  const int = (v: string | undefined, d: number, max: number) => {
    const n = Number(v);
    return Number.isInteger(n) && n >= 1 && n <= max ? n : d;
  };
  return {
    excluded,
    starsPerBranch: int(process.env.REPORTS_STARS, 2, 5),
    honourSize: int(process.env.REPORTS_HONOURS, 10, 20),
    // what a town's or the county's snapshot lists by name; ranks below come from the histogram
    topSize: 100,
    bottomSize: 20,
  };
}
