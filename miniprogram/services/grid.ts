import type {
  ConfigResult,
  HighlightsResult,
  IssueResult,
  IssuesListInput,
  IssuesListResult,
  ReviewResult,
  ReviewsCreateInput,
  ReviewsListInput,
  ReviewsListResult,
  ReviewsStatsResult,
  StatsResult,
} from '../../core/contracts/grid';
import { call, type Result } from './cloud';

/** Typed wrappers of the `grid` function (网格事项, 点评台账), one per action. See docs/api/grid.md. */

export type ReportRequest = { category: string; text: string; photos: string[]; location: { latitude: number; longitude: number }; anonymous: boolean; requestId: string };

export const gridConfig = (): Promise<Result<ConfigResult>> => call<ConfigResult>('grid', 'config.get', {});
export const reportIssue = (input: ReportRequest): Promise<Result<IssueResult>> => call<IssueResult>('grid', 'issues.report', { ...input });
export const listIssues = (input: Partial<IssuesListInput>): Promise<Result<IssuesListResult>> => call<IssuesListResult>('grid', 'issues.list', { ...input });
export const getIssue = (issueId: string): Promise<Result<IssueResult>> => call<IssueResult>('grid', 'issues.get', { issueId });

/** One of the transitions (accept, return, assign, resolve, verify, reopen, close, escalate) with its fields. */
export const issueStep = (action: string, issueId: string, fields: Record<string, unknown> = {}): Promise<Result<IssueResult>> => call<IssueResult>('grid', `issues.${action}`, { issueId, ...fields });

export const gridStats = (orgId: string, months: number, orgPath?: string[]): Promise<Result<StatsResult>> => call<StatsResult>('grid', 'stats', { orgId, months, ...(orgPath ? { orgPath } : {}) });

export const createReview = (input: ReviewsCreateInput): Promise<Result<ReviewResult>> => call<ReviewResult>('grid', 'reviews.create', { ...input });
export const listReviews = (input: Partial<ReviewsListInput>): Promise<Result<ReviewsListResult>> => call<ReviewsListResult>('grid', 'reviews.list', { ...input });
export const getReview = (reviewId: string): Promise<Result<ReviewResult>> => call<ReviewResult>('grid', 'reviews.get', { reviewId });
export const reviewStep = (action: 'respond' | 'recheck' | 'promote', fields: Record<string, unknown>): Promise<Result<ReviewResult>> => call<ReviewResult>('grid', `reviews.${action}`, { ...fields });
export const listHighlights = (): Promise<Result<HighlightsResult>> => call<HighlightsResult>('grid', 'reviews.highlights', {});
export const reviewStats = (orgId: string): Promise<Result<ReviewsStatsResult>> => call<ReviewsStatsResult>('grid', 'reviews.stats', { orgId });
