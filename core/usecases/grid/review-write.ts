import { createHash, randomUUID } from 'node:crypto';
import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ReviewResult, ReviewsCreateInput, ReviewsPromoteInput, ReviewsRecheckInput, ReviewsRespondInput } from '../../contracts/grid';
import type { RoleGrant } from '../../contracts/roles';
import { cmd, db, DuplicateKeyError } from '../../db/db';
import { markDone, newFindings, nextReminderOf, promote, recheck, respond, type ReviewChange, type ReviewDoc } from '../../domain/grid/review';
import { chinaDate } from '../../domain/time';
import { uploadedBy } from '../../domain/uploads';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { grantOn, targetGrant, targetOrg } from '../shared/authorize';
import { enqueueNotification } from '../shared/notify';
import { responsiblesOf } from './responsibles';
import { reviewView } from './review-views';

const REVIEW_PAGE = (id: string): string => `grid/pages/review/index?id=${id}`;
const ownPhotos = (ctx: MemberCtx, photos: readonly string[]): boolean => photos.every((p) => uploadedBy(p, 'evidence', ctx.actor.memberId));

/**
 * grid.reviews.create: a reviewer records a review of an org strictly below the org of their
 * grant (a secretary reviews the branch's groups, a town admin its branches...). The reviewed
 * org's 责任人 are told. A `requestId` makes a retry answer the first review.
 * Requests: 8 — caller, org (router), its 责任人 (the org; + its role holders when it names
 * none); start, review, audit, a notification per 责任人, commit.
 */
export async function createReview(ctx: MemberCtx, input: ReviewsCreateInput): Promise<Result<ReviewResult>> {
  const org = targetOrg(ctx);
  const grant = targetGrant(ctx);
  if (grant.orgId === org._id) return fail('REVIEW_NOT_BELOW', undefined, 'orgId');
  const photos = input.findings.flatMap((f) => f.photos);
  if (!ownPhotos(ctx, photos)) return fail('INVALID_INPUT', '填写的内容有误：photos（只能使用本人上传的照片）', 'findings');
  const now = ctx.clock.now();
  const by = { id: ctx.actor.memberId, name: ctx.actor.name };
  const id = 'rv' + (input.requestId ? createHash('sha256').update(`${by.id}\n${input.requestId}`).digest('hex').slice(0, 22) : randomUUID().replace(/-/g, '').slice(0, 22));
  const findings = newFindings(input.findings, by, now);
  const review: ReviewDoc = {
    _id: id,
    orgId: org._id,
    orgName: org.name,
    ancestors: org.ancestors,
    reviewerId: by.id,
    reviewerName: by.name,
    reviewerOrgId: grant.orgId,
    kind: input.kind,
    date: input.date,
    findings,
    promoted: false,
    nextReminder: nextReminderOf(findings),
    createdAt: now,
    updatedAt: now,
  };
  const to = (await responsiblesOf([org._id])).get(org._id) ?? [];
  try {
    await db.transaction(async (tx) => {
      await tx.add('reviews', review);
      await writeAudit(
        ctx,
        { role: grant.role, action: 'grid.reviews.create', targetType: 'review', targetId: id, ancestors: org.ancestors, before: null, after: { kind: input.kind, findings: findings.length } },
        tx,
      );
      for (const memberId of to)
        await enqueueNotification(
          {
            memberId,
            template: 'reviewReceived',
            data: { org: org.name.slice(0, 20), reviewer: by.name, date: input.date, count: String(findings.length) },
            page: REVIEW_PAGE(id),
            dedupeKey: `reviewReceived:${id}:${memberId}`,
            at: now,
          },
          tx,
        );
    });
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    const first = await db.get<ReviewDoc>('reviews', id);
    if (!first || first.orgId !== org._id) return fail('CONFLICT');
    return ok({ review: reviewView(first, chinaDate(now)), duplicate: true });
  }
  return ok({ review: reviewView(review, chinaDate(now)) });
}

/** The reviewer's office: whoever holds a review role on the org the reviewer reviewed under (the reviewer among them). */
function reviewerSide(ctx: MemberCtx, r: ReviewDoc): RoleGrant | undefined {
  return grantOn(ctx, r.ancestors.slice(0, r.ancestors.indexOf(r.reviewerOrgId) + 1));
}

/**
 * Edits one finding in one transaction: read the review, check the side, decide (pure), write,
 * audit. Requests: 6 — caller; start, review, review, audit, commit.
 */
async function editReview(
  ctx: MemberCtx,
  reviewId: string,
  findingId: string,
  action: string,
  side: (r: ReviewDoc) => RoleGrant | undefined,
  decide: (r: ReviewDoc, today: string) => ReviewChange,
): Promise<Result<ReviewResult>> {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const next = await db.transaction(async (tx) => {
    const r = await tx.get<ReviewDoc>('reviews', reviewId);
    if (!r) throw new AppError('NOT_FOUND');
    const grant = side(r);
    if (!grant) throw new AppError('FORBIDDEN');
    const c = decide(r, today);
    if (!c.ok) throw new AppError(c.code, c.message, c.field);
    await tx.update('reviews', r._id, { findings: cmd().set(c.findings), nextReminder: c.nextReminder, promoted: c.promoted, updatedAt: now });
    await writeAudit(ctx, { role: grant.role, action, targetType: 'review', targetId: r._id, ancestors: r.ancestors, before: null, after: { findingId }, reason: action }, tx);
    return { ...r, ...c, updatedAt: now };
  });
  return ok({ review: reviewView(next, today) });
}

/** grid.reviews.respond: the reviewed org (its secretary, or staff above it) answers a finding, or reports its measure done with evidence. */
export async function respondReview(ctx: MemberCtx, input: ReviewsRespondInput): Promise<Result<ReviewResult>> {
  if (input.kind === 'done' && !ownPhotos(ctx, input.photos)) return fail('INVALID_INPUT', '填写的内容有误：photos（只能使用本人上传的照片）', 'photos');
  const by = { id: ctx.actor.memberId, name: ctx.actor.name };
  return editReview(
    ctx,
    input.reviewId,
    input.findingId,
    'grid.reviews.respond',
    (r) => grantOn(ctx, r.ancestors),
    (r, today) =>
      input.kind === 'respond'
        ? respond(r.findings, input.findingId, input.text, by, ctx.clock.now())
        : markDone(r.findings, input.findingId, { text: input.evidence, photos: input.photos }, by, ctx.clock.now(), today),
  );
}

/** grid.reviews.recheck (定期复查): the reviewer or their office passes a done measure, or reopens it with a new deadline. */
export async function recheckReview(ctx: MemberCtx, input: ReviewsRecheckInput): Promise<Result<ReviewResult>> {
  const by = { id: ctx.actor.memberId, name: ctx.actor.name };
  const r = input.result === 'pass' ? { result: 'pass' as const, note: input.note } : { result: 'reopen' as const, note: input.note, deadline: input.deadline };
  return editReview(
    ctx,
    input.reviewId,
    input.findingId,
    'grid.reviews.recheck',
    (x) => reviewerSide(ctx, x),
    (x, today) => recheck(x.findings, input.findingId, r, by, ctx.clock.now(), today),
  );
}

/** grid.reviews.promote: the reviewer or their office marks a highlight for 推广 (listed county-wide), or unmarks it. */
export async function promoteFinding(ctx: MemberCtx, input: ReviewsPromoteInput): Promise<Result<ReviewResult>> {
  return editReview(
    ctx,
    input.reviewId,
    input.findingId,
    'grid.reviews.promote',
    (x) => reviewerSide(ctx, x),
    (x) => promote(x.findings, input.findingId, input.promote),
  );
}
