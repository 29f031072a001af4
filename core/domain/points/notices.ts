import dayjs from 'dayjs';
import { CHINA_TZ } from '../time';

/** Template data for the points notifications (our field names; the sender maps them to the template's). */
export const chinaMinute = (at: Date): string => dayjs(at).tz(CHINA_TZ).format('YYYY-MM-DD HH:mm');

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** "评价积分+5，兑换积分+5" (an account that does not move is left out). */
export function pointsText(evalPts: number, redeemPts: number): string {
  const parts = [];
  if (evalPts) parts.push(`评价积分${signed(evalPts)}`);
  if (redeemPts) parts.push(`兑换积分${signed(redeemPts)}`);
  return parts.join('，') || '0';
}

/** Subscribe-message fields cap "thing" values at 20 characters. */
export const short = (s: string, n = 20): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function approvedNotice(ruleName: string, evalPts: number, redeemPts: number, at: Date): Record<string, string> {
  return { rule: short(ruleName), result: '已通过', points: pointsText(evalPts, redeemPts), time: chinaMinute(at) };
}

export function rejectedNotice(ruleName: string, reason: string, at: Date): Record<string, string> {
  return { rule: short(ruleName), result: '未通过', reason: short(reason), time: chinaMinute(at) };
}

/** A new claim waiting for its approver (the secretary's 待审核提醒). */
export function toReviewNotice(memberName: string, ruleName: string, at: Date): Record<string, string> {
  return { member: short(memberName), rule: short(ruleName), time: chinaMinute(at) };
}

export function expiringNotice(points: number, date: string): Record<string, string> {
  return { points: String(points), date, note: short('未使用的兑换积分将于年底清零，请及时兑换') };
}
