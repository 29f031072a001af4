import type { IssueResult, IssuesListResult, IssueStateName, ReviewResult, ReviewsListResult, StatsResult } from '../../../core/contracts/grid';
import { call, type Result } from './cloud';

/** The `grid` function for the console's pages (grid issues, KPIs, 点评台账), typed by core/contracts/grid. */
export const STATE_LABELS: Record<IssueStateName, string> = {
  reported: '待受理',
  accepted: '已受理',
  returned: '已退回',
  assigned: '已交办',
  resolved: '已处置',
  verified: '已核实',
  reopened: '重新处置',
  closed: '已办结',
};
export const LEVEL_LABELS: Record<string, string> = { group: '网格', branch: '支部', town: '街镇', county: '县级' };

export const issuesList = (p: { orgId?: string; state?: IssueStateName; overdue?: boolean; offset: number; limit: number }): Promise<Result<IssuesListResult>> =>
  call('grid', 'issues.list', {
    box: 'queue',
    offset: p.offset,
    limit: p.limit,
    ...(p.orgId ? { orgId: p.orgId } : {}),
    ...(p.state ? { state: p.state } : {}),
    ...(p.overdue !== undefined ? { overdue: p.overdue } : {}),
  });
export const issueGet = (issueId: string): Promise<Result<IssueResult>> => call('grid', 'issues.get', { issueId });
export const stats = (orgId: string, months: number): Promise<Result<StatsResult>> => call('grid', 'stats', { orgId, months });

export const reviewsList = (p: { box: 'written' | 'received' | 'scope'; orgId?: string; offset: number }): Promise<Result<ReviewsListResult>> =>
  call('grid', 'reviews.list', { box: p.box, offset: p.offset, ...(p.orgId ? { orgId: p.orgId } : {}) });
export const reviewGet = (reviewId: string): Promise<Result<ReviewResult>> => call('grid', 'reviews.get', { reviewId });

export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`);
