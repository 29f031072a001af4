import { AppError, fail, ok } from '../../contracts/app-error';
import type { CycleIdInput, CyclesGetInput, CycleView } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import { cycleIdOf, type CycleDoc, type CycleStatus, type ResultDoc } from '../../domain/assess/model';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize } from '../shared/authorize';
import { cycleView } from './cycle-view';

const DAY_MS = 86_400_000;

/**
 * assess.cycles.get: a town's cycle with each org's grade and its move since last quarter (the
 * county sees who moved up or down). Requests: caller, town, cycle, org results = 4.
 */
export async function getCycle(ctx: MemberCtx, input: CyclesGetInput): Promise<Result<CycleView>> {
  const c = await db.get<CycleDoc>('assessCycles', cycleIdOf(input.townId, input.quarter));
  if (!c) return fail('NOT_FOUND', '该季度尚未开始考核');
  const orgs = await db.find<ResultDoc>('assessResults', { cycleId: c._id, kind: 'org', current: true }, { orderBy: [['score', 'desc']], limit: 1000 });
  return ok(cycleView(c, orgs));
}

/**
 * Moves a cycle one step of its lifecycle in a transaction (a concurrent step conflicts):
 * draft → reviewed (the town) → published (frozen; the appeal window opens) → final (after the
 * window, no appeal pending). Requests: caller, cycle, start, cycle, update, audit, commit (+ pending appeals for final) = 7–8.
 */
async function step(ctx: MemberCtx, input: CycleIdInput, from: CycleStatus, to: CycleStatus, extra: (c: CycleDoc, now: Date) => Partial<CycleDoc> | string): Promise<Result<CycleView>> {
  const c = await db.get<CycleDoc>('assessCycles', input.cycleId);
  if (!c) return fail('NOT_FOUND');
  const auth = authorize(ctx, c.ancestors);
  if (!auth.ok) return auth;
  if (c.status !== from) return fail('CYCLE_STATE');
  const now = ctx.clock.now();
  const patch = extra(c, now);
  if (typeof patch === 'string') return fail('CYCLE_STATE', patch);
  try {
    await db.transaction(async (tx) => {
      const cur = await tx.get<CycleDoc>('assessCycles', c._id);
      if (!cur || cur.status !== from) throw new AppError('CYCLE_STATE');
      await tx.update('assessCycles', c._id, { ...patch, status: to });
      await writeAudit(
        ctx,
        {
          role: auth.grant.role,
          action: `assess.cycles.${to === 'reviewed' ? 'review' : to === 'published' ? 'publish' : 'finalize'}`,
          targetType: 'cycle',
          targetId: c._id,
          ancestors: c.ancestors,
          before: { status: from },
          after: { status: to },
        },
        tx,
      );
    });
  } catch (e) {
    if (e instanceof AppError) return e.toFail();
    throw e;
  }
  return ok(cycleView({ ...c, ...patch, status: to }, []));
}

export const reviewCycle = (ctx: MemberCtx, input: CycleIdInput): Promise<Result<CycleView>> =>
  step(ctx, input, 'draft', 'reviewed', (_c, now) => ({ reviewedBy: ctx.actor.memberId, reviewedAt: now }));

/** Publishing freezes the results as computed: nothing recomputes a published cycle; only an upheld appeal adds a version. */
export const publishCycle = (ctx: MemberCtx, input: CycleIdInput): Promise<Result<CycleView>> =>
  step(ctx, input, 'reviewed', 'published', (c, now) => ({ publishedAt: now, appealUntil: new Date(now.getTime() + c.config.appealDays * DAY_MS) }));

export async function finalizeCycle(ctx: MemberCtx, input: CycleIdInput): Promise<Result<CycleView>> {
  const pending = await db.count('appeals', { cycleId: input.cycleId, status: 'pending' });
  return step(ctx, input, 'published', 'final', (c, now) => {
    if (c.appealUntil && now.getTime() < new Date(c.appealUntil).getTime()) return '申诉期尚未结束';
    if (pending > 0) return '还有未答复的申诉';
    return { finalAt: now };
  });
}
