/**
 * The periods rankings are kept for: China-time month, quarter and year. A period is named by
 * its key (`month:2026-11`, `quarter:2026-Q4`, `year:2026`, from core/domain/time.ts), which is
 * also the key of the member's total in the balance document (`totals`).
 */
export type RankPeriod = 'month' | 'quarter' | 'year';
export const RANK_PERIODS: RankPeriod[] = ['month', 'quarter', 'year'];
export const RANK_PERIOD_LABELS: Record<RankPeriod, string> = { month: '月度', quarter: '季度', year: '年度' };

const KEY = /^(month:\d{4}-(0[1-9]|1[0-2])|quarter:\d{4}-Q[1-4]|year:\d{4})$/;
export const isPeriodKey = (k: string): boolean => KEY.test(k);
export const kindOf = (key: string): RankPeriod => key.slice(0, key.indexOf(':')) as RankPeriod;

/**
 * China time is UTC+8 all year (Asia/Shanghai has had no daylight saving since 1991), so period
 * keys here are plain arithmetic: a posting computes several, and the time-zone database lookup
 * that core/domain/time.ts does costs about half a millisecond each. The domain tests check these
 * against time.ts's `periodKey` for instants across years.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The key of the China-time period of a kind containing `at` (equal to time.ts `periodKey`). */
export function keyAt(kind: RankPeriod, at: Date): string {
  const d = new Date(at.getTime() + CHINA_OFFSET_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  if (kind === 'month') return `month:${y}-${pad2(m)}`;
  if (kind === 'quarter') return `quarter:${y}-Q${Math.ceil(m / 3)}`;
  return `year:${y}`;
}

/** The first instant of the period a key names (China time). */
export function periodStart(key: string): Date {
  const [kind, v] = key.split(':');
  const y = Number(v.slice(0, 4));
  const m = kind === 'year' ? 1 : kind === 'quarter' ? (Number(v.slice(-1)) - 1) * 3 + 1 : Number(v.slice(5, 7));
  return new Date(Date.UTC(y, m - 1, 1) - CHINA_OFFSET_MS);
}

/** The first instant after the period (its end, exclusive). */
export function periodEnd(key: string): Date {
  const kind = kindOf(key);
  const months = kind === 'year' ? 12 : kind === 'quarter' ? 3 : 1;
  const start = new Date(periodStart(key).getTime() + CHINA_OFFSET_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1) - CHINA_OFFSET_MS);
}

/** The key of the period before (`month:2026-11` -> `month:2026-10`). */
export function previousKey(key: string): string {
  return keyAt(kindOf(key), new Date(periodStart(key).getTime() - 1));
}

/** The key of the period after. */
export function nextKey(key: string): string {
  return keyAt(kindOf(key), periodEnd(key));
}

/** The current period of a kind at `at`. */
export const currentKey = (kind: RankPeriod, at: Date): string => keyAt(kind, at);

/** A period key as people read it: 2026年11月, 2026年第4季度, 2026年. */
export function periodLabel(key: string): string {
  const [kind, v] = key.split(':');
  if (kind === 'month') return `${v.slice(0, 4)}年${Number(v.slice(5))}月`;
  if (kind === 'quarter') return `${v.slice(0, 4)}年第${v.slice(-1)}季度`;
  return `${v}年`;
}

/**
 * The period totals an entry moves: its evaluation points in the month, quarter and year that
 * contain `countsAt` (a reversal counts in its original's periods). Only periods still kept on
 * the balance are moved (`keep`): a period already closed and pruned is not reopened.
 */
export function totalsAfter(totals: Record<string, number> | undefined, evalPoints: number, countsAt: Date, postedAt: Date): Record<string, number> {
  const next: Record<string, number> = { ...(totals ?? {}) };
  const floor = monthOf(postedAt).floor;
  const kept = (k: string): boolean => isPeriodKey(k) && k >= floor[kindOf(k)];
  if (evalPoints !== 0) {
    const keys = monthOf(countsAt).keys;
    for (const kind of RANK_PERIODS) {
      const k = keys[kind];
      if (kept(k)) next[k] = (next[k] ?? 0) + evalPoints;
    }
  }
  // prune periods older than the previous one: they are closed and their snapshot is final
  for (const k of Object.keys(next)) if (!kept(k)) delete next[k];
  return next;
}

/**
 * The periods of the China-time month containing `at`, and what a balance keeps then (`floor`):
 * the current and the previous month, quarter and year (the previous one stays until the
 * snapshot of the period that just ended has read it), and any later period (an entry posted
 * with a clock behind another's never drops a newer total). Entries come in runs within one
 * month (a member's history, a day's postings): the last two months are remembered, as the
 * keys cost a few string builds each.
 */
type MonthKeys = { from: number; to: number; keys: Record<RankPeriod, string>; floor: Record<RankPeriod, string> };
const recentMonths: MonthKeys[] = [];
function monthOf(at: Date): MonthKeys {
  const t = at.getTime();
  for (const m of recentMonths) if (t >= m.from && t < m.to) return m;
  const month = keyAt('month', at);
  const keys = { month, quarter: keyAt('quarter', at), year: keyAt('year', at) };
  const m: MonthKeys = {
    from: periodStart(month).getTime(),
    to: periodEnd(month).getTime(),
    keys,
    floor: { month: previousKey(keys.month), quarter: previousKey(keys.quarter), year: previousKey(keys.year) },
  };
  recentMonths.unshift(m);
  recentMonths.length = Math.min(recentMonths.length, 2);
  return m;
}

/** A member's total in a period from their balance's `totals` (0 when none). */
export const totalIn = (totals: Record<string, number> | undefined, key: string): number => totals?.[key] ?? 0;
