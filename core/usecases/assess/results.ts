import { fail, ok } from '../../contracts/app-error';
import type { ResultsListInput, ResultsMineInput, ResultView } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { cmd, db } from '../../db/db';
import type { CycleDoc, ResultDoc } from '../../domain/assess/model';
import { previousQuarter, quarterOf } from '../../domain/assess/quarter';
import type { MemberCtx } from '../../runtime/context';
import { targetOrg } from '../shared/authorize';
import { resultView } from './views';

/** What a reader sees of a cycle: results only once published (a draft is staff work in progress). */
const visible = (c: CycleDoc | undefined, staff: boolean): boolean => !!c && (c.status === 'published' || c.status === 'final' || (staff && c.status !== 'computing'));

/**
 * assess.results.mine: the caller's quarter result (default: the last quarter), current version
 * first, earlier versions after; nothing before the cycle is published. Requests: caller, results, cycle = 3.
 */
export async function myResults(ctx: MemberCtx, input: ResultsMineInput): Promise<Result<{ quarter: string; results: ResultView[] }>> {
  const quarter = input.quarter ?? previousQuarter(quarterOf(ctx.clock.now()));
  const docs = await db.find<ResultDoc>('assessResults', { subjectId: ctx.member._id, kind: 'member', quarter }, { orderBy: [['version', 'desc']], limit: 20 });
  if (!docs.length) return ok({ quarter, results: [] });
  const cycle = await db.get<CycleDoc>('assessCycles', docs[0].cycleId);
  if (!cycle || !visible(cycle, false)) return ok({ quarter, results: [] });
  return ok({ quarter, results: docs.map((d) => resultView(d, cycle.status)) });
}

/**
 * assess.results.list: the results of an org's members (or the org itself) for a quarter, within
 * the caller's scope (a secretary their branch, a town admin their town). Drafts are shown to
 * staff once computed. Requests: caller, org, results, cycles = 4.
 */
export async function listResults(ctx: MemberCtx, input: ResultsListInput): Promise<Result<{ results: ResultView[] }>> {
  const org = targetOrg(ctx);
  const where: Record<string, unknown> = { ancestors: org._id, kind: input.kind, quarter: input.quarter };
  if (!input.allVersions) where.current = true;
  const docs = await db.findAll<ResultDoc>('assessResults', where);
  const cycleIds = [...new Set(docs.map((d) => d.cycleId))];
  if (!cycleIds.length) return ok({ results: [] });
  const cycles = new Map((await db.find<CycleDoc>('assessCycles', { _id: cmd().in(cycleIds) }, { limit: 100 })).map((c) => [c._id, c]));
  const shown = docs.filter((d) => visible(cycles.get(d.cycleId), true));
  if (docs.length && !shown.length) return fail('CYCLE_STATE', '考核结果尚未计算完成');
  shown.sort((a, b) => a.branchId.localeCompare(b.branchId) || b.score - a.score || a.subjectId.localeCompare(b.subjectId) || a.version - b.version);
  return ok({ results: shown.map((d) => resultView(d, cycles.get(d.cycleId)!.status)) });
}
