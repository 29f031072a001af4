import type {
  FollowUpResult,
  HonoursResult,
  MyRankResult,
  OrgRankResult,
  RankLevel,
  RankPeriodKind,
  RankResult,
  ReportsExportResult,
  StarsHistoryResult,
  StarsListResult,
  StarsPublishResult,
  StarsView,
} from '../../core/contracts/reports';
import { call, type Result } from './cloud';

/** Typed wrappers of the `reports` function (排行、每月之星、十佳/末位) and its export. See docs/api/reports.md. */

export type RankQuery = { level: RankLevel; period: RankPeriodKind; key?: string; orgId?: string; offset?: number; limit?: number; trend?: boolean };

export function getRank(q: RankQuery): Promise<Result<RankResult>> {
  return call<RankResult>('reports', 'rank', { ...q });
}

/** The 积分 first screen: both balances and my standing at each level, in one call. */
export function getMyRank(period: RankPeriodKind = 'month', key?: string): Promise<Result<MyRankResult>> {
  return call<MyRankResult>('reports', 'myRank', key ? { period, key } : { period });
}

export function getOrgRank(q: { orgId?: string; period: RankPeriodKind; key?: string; type?: 'branch' | 'town' }): Promise<Result<OrgRankResult>> {
  return call<OrgRankResult>('reports', 'orgRank', { ...q });
}

export function listStars(q: { branchId?: string; month?: string } = {}): Promise<Result<StarsListResult>> {
  return call<StarsListResult>('reports', 'stars.list', { ...q });
}

export function confirmStars(q: { branchId: string; month: string; memberIds: string[]; reason?: string }): Promise<Result<{ stars: StarsView }>> {
  return call<{ stars: StarsView }>('reports', 'stars.confirm', { ...q });
}

export function publishStars(orgId: string, month: string): Promise<Result<StarsPublishResult>> {
  return call<StarsPublishResult>('reports', 'stars.publish', { orgId, month });
}

export function starsHistory(branchId?: string): Promise<Result<StarsHistoryResult>> {
  return call<StarsHistoryResult>('reports', 'stars.history', branchId ? { branchId } : {});
}

export function getHonours(q: { orgId: string; period: RankPeriodKind; key?: string; size?: number }): Promise<Result<HonoursResult>> {
  return call<HonoursResult>('reports', 'honours', { ...q });
}

export function recordFollowUp(q: { orgId: string; key: string; subjectId: string; note: string }): Promise<Result<FollowUpResult>> {
  return call<FollowUpResult>('reports', 'honours.followUp', { ...q });
}

/** The 通报 spreadsheet (the `files` function writes xlsx). */
export function exportReport(q: { orgId: string; period: RankPeriodKind; key?: string }): Promise<Result<ReportsExportResult>> {
  return call<ReportsExportResult>('files', 'reports.export', { ...q });
}
