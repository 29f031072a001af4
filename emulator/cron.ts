/**
 * CloudBase timer-trigger cron: seven fields, `second minute hour day month weekday year`, each
 * a `*`, a number, a range `a-b`, a list `a,b` or a step `x/n` (`*` or a start, then every n),
 * months as 1-12 or JAN-DEC, weekdays as 0-6 (0 = Sunday) or SUN-SAT. When both day and
 * weekday are restricted they combine with OR. Times are China time (UTC+8) whatever the host's
 * time zone. Sources: WeChat cloud guide "定时触发器" (guide/functions/triggers.md) and
 * docs.cloudbase.net/cli-v1/functions/trigger.
 */
export type Cron = {
  readonly source: string;
  /** The first firing strictly after `afterMs` (epoch ms), or undefined when there is none (years run out). */
  next(afterMs: number): number | undefined;
};

/** The trigger time zone: UTC+8, fixed (China has no daylight saving). */
export const TRIGGER_UTC_OFFSET_MS = 8 * 3600 * 1000;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

type FieldSpec = { name: string; min: number; max: number; names?: string[]; namesFrom?: number };

const FIELDS: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: 'weekday', min: 0, max: 6, names: WEEKDAYS, namesFrom: 0 },
  { name: 'year', min: 1970, max: 2099 },
];

export class CronError extends Error {}

function value(token: string, f: FieldSpec, expr: string): number {
  const upper = token.toUpperCase();
  const named = f.names?.indexOf(upper) ?? -1;
  const n = named >= 0 ? named + (f.namesFrom ?? 0) : /^\d+$/.test(token) ? Number(token) : NaN;
  if (!Number.isInteger(n) || n < f.min || n > f.max) throw new CronError(`cron "${expr}": ${f.name} "${token}" is not in ${f.min}-${f.max}`);
  return n;
}

/** The set of values one field allows, or undefined for `*` (no restriction). */
function field(text: string, f: FieldSpec, expr: string): Set<number> | undefined {
  if (text === '*') return undefined;
  const out = new Set<number>();
  for (const part of text.split(',')) {
    if (!part) throw new CronError(`cron "${expr}": empty list item in ${f.name}`);
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined) throw new CronError(`cron "${expr}": "${part}" in ${f.name}`);
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) && Number(stepText) > 0 ? Number(stepText) : NaN;
    if (Number.isNaN(step)) throw new CronError(`cron "${expr}": step "${stepText}" in ${f.name}`);
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [f.min, f.max];
    else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined || !a || !b) throw new CronError(`cron "${expr}": range "${range}" in ${f.name}`);
      [lo, hi] = [value(a, f, expr), value(b, f, expr)];
      if (lo > hi) throw new CronError(`cron "${expr}": range "${range}" runs backwards in ${f.name}`);
    } else {
      lo = value(range, f, expr);
      // `1/10`: from 1, every 10, to the end of the field
      hi = stepText === undefined ? lo : f.max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 7) throw new CronError(`cron "${expr}": expected 7 fields (second minute hour day month weekday year), got ${parts.length}`);
  const [second, minute, hour, day, month, weekday, year] = parts.map((p, i) => field(p, FIELDS[i], expr));
  const has = (s: Set<number> | undefined, v: number) => !s || s.has(v);
  const dayMatches = (y: number, m: number, d: number): boolean => {
    const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    // both restricted: either may match (the trigger docs' 注意事项)
    if (day && weekday) return day.has(d) || weekday.has(wd);
    return has(day, d) && has(weekday, wd);
  };
  const sorted = (s: Set<number> | undefined, f: FieldSpec) => (s ? [...s].sort((a, b) => a - b) : range(f.min, f.max));
  const seconds = sorted(second, FIELDS[0]);
  const minutes = sorted(minute, FIELDS[1]);
  const hours = sorted(hour, FIELDS[2]);

  return {
    source: expr,
    next(afterMs: number): number | undefined {
      // work in China wall time: shift the instant by +8 h and read UTC fields
      const start = Math.floor((afterMs + TRIGGER_UTC_OFFSET_MS) / 1000) * 1000 + 1000;
      const s0 = new Date(start);
      for (let y = s0.getUTCFullYear(); y <= FIELDS[6].max; y++) {
        if (!has(year, y)) continue;
        for (let m = 1; m <= 12; m++) {
          if (!has(month, m)) continue;
          const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
          for (let d = 1; d <= days; d++) {
            if (Date.UTC(y, m - 1, d + 1) <= start) continue;
            if (!dayMatches(y, m, d)) continue;
            for (const h of hours) {
              if (Date.UTC(y, m - 1, d, h + 1) <= start) continue;
              for (const mi of minutes) {
                if (Date.UTC(y, m - 1, d, h, mi + 1) <= start) continue;
                for (const s of seconds) {
                  const wall = Date.UTC(y, m - 1, d, h, mi, s);
                  if (wall >= start) return wall - TRIGGER_UTC_OFFSET_MS;
                }
              }
            }
          }
        }
      }
      return undefined;
    },
  };
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
