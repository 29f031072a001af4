import type { DedicationMineResult, DedicationMonthResult } from '../../../../core/contracts/events';

/** This month's 奉献日 for the member, in words. */
export type MonthView = { date: string; status: string; served: boolean; next: string };
export type LogRow = { id: string; title: string; line: string; status: string; theme: string };

const STATUS: Record<DedicationMineResult['logs'][number]['status'], { text: string; theme: string }> = {
  pending: { text: '审核中', theme: 'warning' },
  approved: { text: '已认定', theme: 'success' },
  rejected: { text: '未通过', theme: 'danger' },
  withdrawn: { text: '已撤回', theme: 'default' },
};

const cn = (ymd: string) => `${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`;

/** The month after `ym` (YYYY-MM). */
export function nextMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * This month's status and the next date: the branch's day this month if it is today or later,
 * else the same day next month (the day of month is the branch's setting).
 */
export function monthView(m: DedicationMonthResult, today: string): MonthView {
  const row = m.rows[0];
  const served = !!row?.served;
  const status = served ? `本月已参加（${row.hours} 小时）` : row?.pendingLogs ? '本月服务登记审核中' : '本月还未参加';
  if (!m.date) return { date: '支部尚未设置奉献日', status, served, next: '' };
  const next = m.date >= today ? m.date : `${nextMonth(m.month)}-${m.date.slice(8, 10)}`;
  return { date: `本月奉献日：${cn(m.date)}`, status, served, next: `下次奉献日：${cn(next)}` };
}

export function logRows(logs: DedicationMineResult['logs']): LogRow[] {
  return logs.map((l) => ({ id: l.id, title: `${cn(l.date)} · ${l.place}`, line: `${l.content} · ${l.hours} 小时`, status: STATUS[l.status].text, theme: STATUS[l.status].theme }));
}
