import dayjs from 'dayjs';
import { CHINA_TZ, chinaTime, periodKey } from '../time';

/** A China-time quarter as `2026-Q4`. */
export type Quarter = string;

export const QUARTER_RE = /^\d{4}-Q[1-4]$/;

/** The quarter containing `at` (China time). */
export const quarterOf = (at: Date): Quarter => periodKey('quarter', at).slice('quarter:'.length);

/** [start, end) instants of a China quarter. */
export function quarterRange(q: Quarter): { start: Date; end: Date } {
  const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(6))];
  const start = chinaTime(`${y}-${String((n - 1) * 3 + 1).padStart(2, '0')}-01 00:00:00`);
  return { start, end: dayjs(start).tz(CHINA_TZ).add(3, 'month').toDate() };
}

/** The months (YYYY-MM) of a quarter. */
export function quarterMonths(q: Quarter): string[] {
  const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(6))];
  return [0, 1, 2].map((i) => `${y}-${String((n - 1) * 3 + 1 + i).padStart(2, '0')}`);
}

/** The quarter before `q`. */
export function previousQuarter(q: Quarter): Quarter {
  const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(6))];
  return n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`;
}

/** Share of the quarter elapsed at `now`, 0..1. */
export function elapsedShare(start: Date, end: Date, now: Date): number {
  const total = end.getTime() - start.getTime();
  if (total <= 0) return 1;
  return Math.min(1, Math.max(0, (now.getTime() - start.getTime()) / total));
}
