import type {
  FollowUpResult,
  HonoursResult,
  OrgRankResult,
  RankLevel,
  RankPeriodKind,
  RankResult,
  ReportsExportResult,
  StarsHistoryResult,
  StarsListResult,
  StarsPublishResult,
  StarsView,
} from '../../../core/contracts/reports';
import { call, type Result } from './cloud';

/** The `reports` function for the console's pages (rankings, 每月之星, 十佳/末位, 通报), typed by core/contracts/reports. */
export type Period = { period: RankPeriodKind; key?: string };

export const PERIOD_LABELS: Record<RankPeriodKind, string> = { month: '月度', quarter: '季度', year: '年度' };
export const LEVEL_LABELS: Record<RankLevel, string> = { branch: '支部', town: '街镇', county: '全县' };
export const STAR_STATUS_LABELS: Record<StarsView['status'], string> = { proposed: '系统推荐（待确认）', confirmed: '已确认（待发布）', published: '已发布' };

const periodOf = (p: Period) => (p.key ? { period: p.period, key: p.key } : { period: p.period });

export const rank = (p: Period & { orgId?: string; level: RankLevel; offset: number; limit: number; trend?: boolean }): Promise<Result<RankResult>> =>
  call('reports', 'rank', { ...periodOf(p), level: p.level, offset: p.offset, limit: p.limit, trend: p.trend ?? false, ...(p.orgId ? { orgId: p.orgId } : {}) });

export const orgRank = (p: Period & { orgId?: string; type: 'branch' | 'town' }): Promise<Result<OrgRankResult>> =>
  call('reports', 'orgRank', { ...periodOf(p), type: p.type, ...(p.orgId ? { orgId: p.orgId } : {}) });

export const starsList = (branchId: string, month?: string): Promise<Result<StarsListResult>> => call('reports', 'stars.list', { branchId, ...(month ? { month } : {}) });
export const starsConfirm = (branchId: string, month: string, memberIds: string[], reason?: string): Promise<Result<StarsListResult>> =>
  call('reports', 'stars.confirm', { branchId, month, memberIds, ...(reason ? { reason } : {}) });
export const starsPublish = (orgId: string, month: string): Promise<Result<StarsPublishResult>> => call('reports', 'stars.publish', { orgId, month });
export const starsHistory = (branchId: string): Promise<Result<StarsHistoryResult>> => call('reports', 'stars.history', { branchId, limit: 12 });

export const honours = (p: Period & { orgId: string }): Promise<Result<HonoursResult>> => call('reports', 'honours', { ...periodOf(p), orgId: p.orgId });
export const followUp = (orgId: string, key: string, subjectId: string, note: string): Promise<Result<FollowUpResult>> => call('reports', 'honours.followUp', { orgId, key, subjectId, note });

/** The 通报 as an .xlsx made by the `files` function (it alone bundles exceljs): a short-lived download URL. */
export const exportReport = (p: Period & { orgId: string }): Promise<Result<ReportsExportResult>> => call('files', 'reports.export', { ...periodOf(p), orgId: p.orgId });

/** The current month as `2026-11` in China time (the periods' clock). */
export function thisMonth(now = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3600_000);
  return `${china.getUTCFullYear()}-${String(china.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month before, as `2026-10` (每月之星 are proposed once a month's ranking is final). */
export function lastMonth(now = new Date()): string {
  const [y, m] = thisMonth(now).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Opens a download the functions made (a temp URL), without leaving the console. */
export function download(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  a.target = '_blank';
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
