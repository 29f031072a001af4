import { AppError, fail, ok } from '../../contracts/app-error';
import type { AppealsAnswerInput, AppealsListInput, AppealsSubmitInput, AppealView, ResultView } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { db, DuplicateKeyError } from '../../db/db';
import { gradeOf } from '../../domain/assess/member-score';
import { resultIdOf, type AppealDoc, type CycleDoc, type ResultDoc } from '../../domain/assess/model';
import { orgGradeOf } from '../../domain/assess/org-score';
import { allowanceFor } from '../../domain/assess/member-score';
import { iso } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize, grantOn, targetOrg } from '../shared/authorize';
import { resultView } from './views';

const view = (a: AppealDoc): AppealView => ({
  id: a._id,
  resultId: a.resultId,
  cycleId: a.cycleId,
  kind: a.kind,
  subjectId: a.subjectId,
  name: a.name,
  reason: a.reason,
  status: a.status,
  answer: a.answer,
  newResultId: a.newResultId,
  createdAt: iso(a.createdAt)!,
});

/**
 * assess.appeals.submit: a member appeals their own published result, or a secretary one of their
 * branch (a member's or the org's), with a reason, within the cycle's appeal window. One appeal
 * per result version (`apl:<resultId>`). Requests: caller, result, cycle, appeal = 4.
 */
export async function submitAppeal(ctx: MemberCtx, input: AppealsSubmitInput): Promise<Result<{ appeal: AppealView }>> {
  const r = await db.get<ResultDoc>('assessResults', input.resultId);
  if (!r) return fail('NOT_FOUND');
  const own = r.kind === 'member' && r.subjectId === ctx.member._id;
  if (!own && !grantOn(ctx, r.ancestors, 'staff')) return fail('FORBIDDEN');
  const c = await db.get<CycleDoc>('assessCycles', r.cycleId);
  const now = ctx.clock.now();
  if (!c || c.status !== 'published' || !r.current || !c.appealUntil || now.getTime() >= new Date(c.appealUntil).getTime()) return fail('APPEAL_CLOSED');
  const appeal: AppealDoc = {
    _id: `apl:${r._id}`,
    resultId: r._id,
    cycleId: r.cycleId,
    kind: r.kind,
    subjectId: r.subjectId,
    name: r.name,
    ancestors: r.ancestors,
    reason: input.reason,
    byId: ctx.member._id,
    status: 'pending',
    answer: null,
    answeredBy: null,
    correctedScore: null,
    newResultId: null,
    createdAt: now,
    answeredAt: null,
  };
  try {
    await db.add('appeals', appeal);
  } catch (e) {
    if (e instanceof DuplicateKeyError) return fail('APPEAL_CLOSED');
    throw e;
  }
  return ok({ appeal: view(appeal) });
}

/**
 * assess.appeals.answer: the deciding admin answers. Upheld: a new published version of the
 * result (`v<n+1>`, the corrected score and the grade it gives, `supersedes` the old one) becomes
 * current; the old version is kept unchanged but for `current: false`. All in one transaction.
 * Requests: caller, appeal, cycle, start, appeal, result, (new result, old result,) appeal, audit, commit = 8–10.
 */
export async function answerAppeal(ctx: MemberCtx, input: AppealsAnswerInput): Promise<Result<{ appeal: AppealView; result: ResultView | null }>> {
  const a = await db.get<AppealDoc>('appeals', input.appealId);
  if (!a) return fail('NOT_FOUND');
  const auth = authorize(ctx, a.ancestors);
  if (!auth.ok) return auth;
  const c = await db.get<CycleDoc>('assessCycles', a.cycleId);
  if (!c || c.status !== 'published') return fail('CYCLE_STATE');
  const now = ctx.clock.now();
  try {
    const out = await db.transaction(async (tx) => {
      const cur = await tx.get<AppealDoc>('appeals', a._id);
      if (!cur || cur.status !== 'pending') throw new AppError('APPEAL_NOT_PENDING');
      const old = await tx.get<ResultDoc>('assessResults', a.resultId);
      if (!old) throw new AppError('NOT_FOUND');
      let next: ResultDoc | null = null;
      if (input.upheld) {
        const score = input.correctedScore;
        const grade = old.kind === 'org' ? orgGradeOf(score, c.config.orgThresholds) : gradeOf(score, c.config.thresholds);
        next = {
          ...old,
          _id: resultIdOf(old.cycleId, old.kind, old.subjectId, old.version + 1),
          version: old.version + 1,
          current: true,
          score,
          grade,
          allowance: old.kind === 'member' ? allowanceFor(c.config, old.cadre, grade as never) : null,
          supersedes: old._id,
          appealId: a._id,
          computedAt: now,
        };
        const { _id, ...rest } = next;
        await tx.set('assessResults', _id, rest);
        await tx.update('assessResults', old._id, { current: false });
      }
      const patch = {
        status: input.upheld ? 'upheld' : 'rejected',
        answer: input.answer,
        answeredBy: ctx.actor.memberId,
        answeredAt: now,
        correctedScore: input.upheld ? input.correctedScore : null,
        newResultId: next?._id ?? null,
      } as const;
      await tx.update('appeals', a._id, patch);
      await writeAudit(
        ctx,
        {
          role: auth.grant.role,
          action: 'assess.appeals.answer',
          targetType: 'appeal',
          targetId: a._id,
          ancestors: a.ancestors,
          before: { score: old.score, grade: old.grade },
          after: next ? { score: next.score, grade: next.grade, resultId: next._id } : { upheld: false },
          reason: input.answer,
        },
        tx,
      );
      return { appeal: { ...cur, ...patch }, next };
    });
    return ok({ appeal: view(out.appeal), result: out.next ? resultView(out.next, c.status) : null });
  } catch (e) {
    if (e instanceof AppError) return e.toFail();
    throw e;
  }
}

/** assess.appeals.list: appeals under an org. Requests: caller, org, appeals = 3. */
export async function listAppeals(ctx: MemberCtx, input: AppealsListInput): Promise<Result<{ appeals: AppealView[] }>> {
  const org = targetOrg(ctx);
  const docs = await db.find<AppealDoc>('appeals', { ancestors: org._id, ...(input.status ? { status: input.status } : {}) }, { orderBy: [['createdAt', 'desc']], limit: 200 });
  return ok({ appeals: docs.map(view) });
}
