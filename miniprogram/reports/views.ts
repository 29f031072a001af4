import type { RankLevel, RankPeriodKind, RankRowView } from '../../core/contracts/reports';

export const LEVELS: { value: RankLevel; label: string }[] = [
  { value: 'branch', label: '本支部' },
  { value: 'town', label: '本镇街' },
  { value: 'county', label: '全县' },
];
export const PERIODS: { value: RankPeriodKind; label: string }[] = [
  { value: 'month', label: '本月' },
  { value: 'quarter', label: '本季度' },
  { value: 'year', label: '本年度' },
];

export type RankLine = RankRowView & { rankText: string; trendText: string; trendClass: string };

/** A ranking row as the list shows it: 并列 beside a shared rank, the move since last period. */
export function rankLine(r: RankRowView): RankLine {
  let trendText = '';
  let trendClass = '';
  if (r.previousRank !== undefined) {
    if (r.previousRank === null) trendText = '新上榜';
    else if (r.previousRank > r.rank) [trendText, trendClass] = [`↑${r.previousRank - r.rank}`, 'up'];
    else if (r.previousRank < r.rank) [trendText, trendClass] = [`↓${r.rank - r.previousRank}`, 'down'];
    else trendText = '—';
  }
  return { ...r, rankText: `${r.rank}${r.tied ? '（并列）' : ''}`, trendText, trendClass };
}
