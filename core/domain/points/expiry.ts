import { chinaDate, chinaTime } from '../time';
import type { EntryDraft } from './ledger';
import type { RuleRef } from './rule';

/**
 * Annual expiry of unspent redeemable points (兑换积分年度清零). The date is configurable
 * (POINTS_EXPIRY_AT = "MM-DD HH:mm", China time); the default is 12-31 23:59, i.e. the timer
 * fires at 23:59:00 Asia/Shanghai on 31 December = 15:59:00 UTC that day. Evaluation points
 * never expire.
 */
export type ExpiryConfig = { month: number; day: number; hour: number; minute: number };

export const DEFAULT_EXPIRY: ExpiryConfig = { month: 12, day: 31, hour: 23, minute: 59 };
/** Days before the expiry that members with a positive redeemable balance are reminded. */
export const REMINDER_DAYS = 30;
/** A timer that fires a little early still counts for this year. */
const EARLY_TOLERANCE_MS = 60 * 60 * 1000;

export function parseExpiryConfig(raw: string | undefined): ExpiryConfig {
  const m = /^(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec((raw ?? '').trim());
  if (!m) return DEFAULT_EXPIRY;
  const [month, day, hour, minute] = m.slice(1).map(Number);
  // Feb 29 would skip three years in four: refuse it with the rest of the nonsense
  if (month < 1 || month > 12 || day < 1 || day > 28 + (month === 2 ? 0 : 3) || hour > 23 || minute > 59) return DEFAULT_EXPIRY;
  if (day === 31 && [4, 6, 9, 11].includes(month)) return DEFAULT_EXPIRY;
  return { month, day, hour, minute };
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** The China-time date (YYYY-MM-DD) of the year's expiry. */
export function expiryDate(year: number, c: ExpiryConfig = DEFAULT_EXPIRY): string {
  return `${year}-${p2(c.month)}-${p2(c.day)}`;
}

/** The instant of `year`'s expiry: the configured China wall-clock minute, second 0. */
export function expiryInstant(year: number, c: ExpiryConfig = DEFAULT_EXPIRY): Date {
  return chinaTime(`${expiryDate(year, c)} ${p2(c.hour)}:${p2(c.minute)}:00`);
}

/** When members are reminded of `year`'s expiry: 10:00 China time, REMINDER_DAYS calendar days before the expiry date. */
export function reminderInstant(year: number, c: ExpiryConfig = DEFAULT_EXPIRY): Date {
  return new Date(chinaTime(`${expiryDate(year, c)} 10:00:00`).getTime() - REMINDER_DAYS * 24 * 60 * 60 * 1000);
}

/** China-time year of an instant. */
const chinaYear = (at: Date): number => Number(chinaDate(at).slice(0, 4));

/**
 * The expiry a run at `now` performs: the latest one due by now (a late or repeated run still
 * expires that year, under the same keys, so it is idempotent).
 */
export function dueExpiryYear(now: Date, c: ExpiryConfig = DEFAULT_EXPIRY): number {
  const y = chinaYear(now);
  return expiryInstant(y, c).getTime() <= now.getTime() + EARLY_TOLERANCE_MS ? y : y - 1;
}

/** The next expiry strictly after `now` (what the balance page and the reminder announce). */
export function nextExpiry(now: Date, c: ExpiryConfig = DEFAULT_EXPIRY): { year: number; date: string; at: Date } {
  let y = chinaYear(now);
  if (expiryInstant(y, c).getTime() <= now.getTime()) y++;
  return { year: y, date: expiryDate(y, c), at: expiryInstant(y, c) };
}

/** The entry that zeroes a member's redeemable balance for `year`: `exp:<year>:<memberId>`. */
export function expiryDraft(args: { year: number; memberId: string; ancestors: string[]; redeem: number; rule: RuleRef; at: Date }): EntryDraft {
  return {
    key: `exp:${args.year}:${args.memberId}`,
    memberId: args.memberId,
    ancestors: args.ancestors,
    eval: 0,
    redeem: -args.redeem,
    rule: args.rule,
    source: { type: 'expiry', id: String(args.year) },
    units: 0,
    actorId: 'system',
    note: `${args.year}年度兑换积分清零`,
    at: args.at,
  };
}
