import { elapsedShare } from './quarter';

/**
 * 挂图作战 (seed 004): a campaign's indicators per org against targets and deadlines. Progress is
 * each indicator's value / target (at most 1), the org's progress their mean; its colour compares
 * it with the share of the campaign's time elapsed; orgs are ranked (competition ranking, ties
 * share a rank) and the bottom `bottomN` flagged for a 约谈.
 */
export { CAMPAIGN_MEASURES, type CampaignMeasure } from './constants';
import type { CampaignMeasure } from './constants';

export type Indicator = { code: string; name: string; unit: string; measure: CampaignMeasure; target: number; deadline: string | null };
export type Colour = 'green' | 'yellow' | 'red';

export type OrgProgress = { orgId: string; values: Record<string, number>; shares: Record<string, number>; progress: number; colour: Colour; rank: number; flagged: boolean };

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function colourOf(progress: number, elapsed: number): Colour {
  if (progress >= elapsed - 1e-9) return 'green';
  if (progress >= elapsed * 0.7) return 'yellow';
  return 'red';
}

export function campaignProgress(
  indicators: readonly Indicator[],
  orgIds: readonly string[],
  values: Record<string, Record<string, number>>,
  targets: Record<string, Record<string, number>>,
  window: { start: Date; end: Date; now: Date; bottomN: number },
): OrgProgress[] {
  const elapsed = elapsedShare(window.start, window.end, window.now);
  const rows = orgIds.map((orgId) => {
    const shares: Record<string, number> = {};
    const vals: Record<string, number> = {};
    for (const i of indicators) {
      const v = values[orgId]?.[i.code] ?? 0;
      const t = targets[orgId]?.[i.code] ?? i.target;
      vals[i.code] = v;
      shares[i.code] = t > 0 ? round3(Math.min(1, v / t)) : 1;
    }
    const progress = indicators.length ? round3(indicators.reduce((n, i) => n + shares[i.code], 0) / indicators.length) : 0;
    return { orgId, values: vals, shares, progress, colour: colourOf(progress, elapsed), rank: 0, flagged: false };
  });
  rows.sort((a, b) => b.progress - a.progress || a.orgId.localeCompare(b.orgId));
  rows.forEach((r, i) => (r.rank = i > 0 && rows[i - 1].progress === r.progress ? rows[i - 1].rank : i + 1));
  const n = Math.min(window.bottomN, rows.length);
  if (n > 0) {
    const cut = rows[rows.length - n].progress;
    for (const r of rows) r.flagged = r.progress <= cut && r.progress < 1;
  }
  return rows;
}
