import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type {
  HighlightsResult,
  ReviewResult,
  ReviewsGetInput,
  ReviewsHighlightsInput,
  ReviewsListInput,
  ReviewsListResult,
  ReviewsStatsInput,
  ReviewsStatsResult,
  ReviewStatsRow,
} from '../../contracts/grid';
import { cmd, db, type Where } from '../../db/db';
import { emptyTally, tally, type ReviewDoc, type ReviewTally } from '../../domain/grid/review';
import { chinaDate } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { grantOn, scopeOf, targetOrg } from '../shared/authorize';
import { reviewView } from './review-views';

const PAGE = 30;

/**
 * grid.reviews.list. `written`: the caller's own reviews; `received`: reviews of orgs in the
 * caller's scope (a secretary's branch and its groups; an admin's town), or under `orgId`.
 * Newest first. Requests: 2 — caller, reviews.
 */
export async function listReviews(ctx: MemberCtx, input: ReviewsListInput): Promise<Result<ReviewsListResult>> {
  const parts: Where[] = [];
  if (input.box === 'written') parts.push({ reviewerId: ctx.actor.memberId });
  else {
    const roots = scopeOf(ctx);
    if (!roots.length) return fail('FORBIDDEN');
    parts.push({ ancestors: cmd().in(roots) });
  }
  if (input.orgId) parts.push({ ancestors: input.orgId });
  const where = parts.length === 1 ? parts[0] : (cmd().and(parts) as Where);
  const rows = await db.find<ReviewDoc>('reviews', where, { orderBy: [['date', 'desc']], skip: input.offset, limit: PAGE + 1 });
  const today = chinaDate(ctx.clock.now());
  return ok({ reviews: rows.slice(0, PAGE).map((r) => reviewView(r, today)), more: rows.length > PAGE });
}

/** grid.reviews.get: for the reviewer and staff over the reviewed org. Requests: 2 — caller, review. */
export async function getReview(ctx: MemberCtx, input: ReviewsGetInput): Promise<Result<ReviewResult>> {
  const r = await db.get<ReviewDoc>('reviews', input.reviewId);
  if (!r) return fail('NOT_FOUND');
  if (r.reviewerId !== ctx.actor.memberId && !grantOn(ctx, r.ancestors)) return fail('FORBIDDEN');
  return ok({ review: reviewView(r, chinaDate(ctx.clock.now())) });
}

/** grid.reviews.highlights: the highlights marked for 推广 in the caller's county, newest first. Requests: 2 — caller, reviews. */
export async function listHighlights(ctx: MemberCtx, input: ReviewsHighlightsInput): Promise<Result<HighlightsResult>> {
  const rows = await db.find<ReviewDoc>('reviews', { promoted: true, ancestors: ctx.actor.ancestors[0] }, { orderBy: [['date', 'desc']], skip: input.offset, limit: PAGE + 1 });
  const highlights = rows
    .slice(0, PAGE)
    .flatMap((r) =>
      r.findings
        .filter((f) => f.promoted)
        .map((f) => ({ reviewId: r._id, orgId: r.orgId, orgName: r.orgName, reviewerName: r.reviewerName, date: r.date, findingId: f.id, text: f.text, photos: f.photos })),
    );
  return ok({ highlights, more: rows.length > PAGE });
}

/** At most this many reviews are tallied per call (a county's reviews of a year fit many times over). */
export const STATS_LIMIT = 1000;

/**
 * grid.reviews.stats: reviews of orgs under `orgId`, tallied per reviewed org and per reviewer:
 * findings by tag, measures, done on time, overdue. Requests: 3 — caller, org (router), reviews.
 */
export async function reviewStats(ctx: MemberCtx, _input: ReviewsStatsInput): Promise<Result<ReviewsStatsResult>> {
  const org = targetOrg(ctx);
  const rows = await db.find<ReviewDoc>('reviews', { ancestors: org._id }, { orderBy: [['date', 'desc']], limit: STATS_LIMIT });
  const today = chinaDate(ctx.clock.now());
  const byOrg = new Map<string, { name: string; t: ReviewTally }>();
  const byReviewer = new Map<string, { name: string; t: ReviewTally }>();
  for (const r of rows) {
    const o = byOrg.get(r.orgId) ?? { name: r.orgName, t: emptyTally() };
    byOrg.set(r.orgId, { ...o, t: tally(o.t, r, today) });
    const v = byReviewer.get(r.reviewerId) ?? { name: r.reviewerName, t: emptyTally() };
    byReviewer.set(r.reviewerId, { ...v, t: tally(v.t, r, today) });
  }
  const rowsOf = (m: Map<string, { name: string; t: ReviewTally }>): ReviewStatsRow[] =>
    [...m.entries()].map(([id, { name, t }]) => ({ id, name, ...t })).sort((a, b) => b.reviews - a.reviews || a.id.localeCompare(b.id));
  return ok({ byOrg: rowsOf(byOrg), byReviewer: rowsOf(byReviewer) });
}
