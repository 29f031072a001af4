import { fail, ok } from '../../contracts/app-error';
import type { CycleView, CyclesComputeInput } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { cmd, db } from '../../db/db';
import { decideBranch, orgResult, type ComputedItem } from '../../domain/assess/decide';
import { computedPostings, emptyTotals, type OrgBalanceDoc, type OrgEntry, type OrgOrigin } from '../../domain/assess/org-ledger';
import { cycleIdOf, type CycleDoc, type ResultDoc, type RoundDoc } from '../../domain/assess/model';
import { previousQuarter } from '../../domain/assess/quarter';
import type { OrgGrade } from '../../domain/assess/config';
import type { OrgDoc } from '../../domain/org/model';
import type { EntryDraft } from '../../domain/points/ledger';
import type { Ctx, MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { targetGrant, targetOrg } from '../shared/authorize';
import { readBranchData } from './branch-data';
import { cycleView } from './cycle-view';
import { loadConfig, loadOrgRules } from './loaders';
import { postOrgEntries } from './org-ledger-write';

/** A call computes for this long, then answers with its progress; the timer goes on (≤ 60 s a run). */
export const actionBudgetMs = (): number => Number(process.env.ASSESS_ACTION_BUDGET_MS ?? 20_000);
export const TIMER_BUDGET_MS = 45_000;

/**
 * assess.cycles.compute: starts (or resumes) a town's quarterly assessment as a draft. The
 * branches are computed one at a time in cursor order, for actionBudgetMs() in this call (20 s; ASSESS_ACTION_BUDGET_MS) and then
 * by the `assessTick` timer (TIMER_BUDGET_MS a run), so a county's quarter fits CloudBase timer runs.
 * A draft may be recomputed (`restart`) until the town has reviewed it; later it is frozen.
 * Per branch: 7 reads (branch data) + 2 (org entries of the quarter, previous org grade) + one
 * write per member + the org transaction (start, balance, computed entries, balance, result,
 * commit) + the cursor.
 */
export async function computeCycle(ctx: MemberCtx, input: CyclesComputeInput): Promise<Result<CycleView>> {
  const town = targetOrg(ctx);
  const id = cycleIdOf(town._id, input.quarter);
  let cycle = await db.get<CycleDoc>('assessCycles', id);
  if (cycle && cycle.status !== 'computing' && cycle.status !== 'draft') return fail('CYCLE_STATE', '考核已审核或发布，结果已冻结，不能重新计算');
  if (cycle && cycle.status === 'draft' && !input.restart) return ok(cycleView(cycle, []));
  const [branches, config, rules] = await Promise.all([db.findAll<OrgDoc>('orgs', { ancestors: town._id, type: 'branch' }), loadConfig(), loadOrgRules()]);
  if (!cycle || input.restart) {
    const fresh: CycleDoc = {
      _id: id,
      townId: town._id,
      ancestors: town.ancestors,
      quarter: input.quarter,
      status: 'computing',
      config,
      rules,
      branches: branches.map((b) => b._id).sort(),
      cursor: 0,
      members: 0,
      orgs: 0,
      startedAt: ctx.clock.now(),
      computedAt: null,
      reviewedBy: null,
      reviewedAt: null,
      publishedAt: null,
      appealUntil: null,
      finalAt: null,
    };
    const { _id, ...rest } = fresh;
    await db.set('assessCycles', _id, rest);
    await writeAudit(ctx, {
      role: targetGrant(ctx).role,
      action: 'assess.cycles.compute',
      targetType: 'cycle',
      targetId: id,
      ancestors: town.ancestors,
      before: cycle ? { status: cycle.status } : null,
      after: { status: 'computing', configVersion: config.version },
    });
    cycle = fresh;
  }
  // the budget is wall time (the platform ends a run by it), not the injectable clock
  cycle = await runChunks(cycle, ctx, Date.now() + actionBudgetMs(), ctx.actor.memberId);
  return ok(cycleView(cycle, []));
}

/** The `assessTick` timer: resumes every cycle still computing, within one run's budget. */
export async function tickCycles(ctx: Ctx): Promise<Result<{ cycles: number; done: number }>> {
  const deadline = Date.now() + TIMER_BUDGET_MS;
  const cycles = await db.find<CycleDoc>('assessCycles', { status: 'computing' }, { limit: 20 });
  let done = 0;
  for (const c of cycles) {
    if (Date.now() >= deadline) break;
    const after = await runChunks(c, ctx, deadline, 'system');
    if (after.status === 'draft') done++;
  }
  return ok({ cycles: cycles.length, done });
}

/** Computes branches from the cursor until the deadline (wall clock: the platform's limit is real time). */
export async function runChunks(cycle: CycleDoc, ctx: Ctx, deadline: number, actorId: string): Promise<CycleDoc> {
  let c = cycle;
  if (c.status !== 'computing') return c;
  const orgs = new Map((await db.find<OrgDoc>('orgs', { _id: cmd().in(c.branches.slice(c.cursor, c.cursor + 1000)) }, { limit: 1000 })).map((o) => [o._id, o]));
  const rounds = await db.find<RoundDoc>('rounds', { quarter: c.quarter, status: 'closed' }, { orderBy: [['closedAt', 'desc']], limit: 1000 });
  while (c.cursor < c.branches.length && Date.now() < deadline) {
    const branchId = c.branches[c.cursor];
    const branch = orgs.get(branchId) ?? (await db.get<OrgDoc>('orgs', branchId));
    let members = 0;
    if (branch) members = await computeBranch(c, branch, rounds, ctx.clock.now(), actorId);
    const cursor = c.cursor + 1;
    const finished = cursor >= c.branches.length;
    const patch = { cursor, members: c.members + members, orgs: c.orgs + (branch ? 1 : 0), ...(finished ? { status: 'draft' as const, computedAt: ctx.clock.now() } : {}) };
    await db.update('assessCycles', c._id, patch);
    c = { ...c, ...patch };
  }
  return c;
}

/** One branch: read its quarter, decide, write each member's result, post the org's computed items and write its result. */
async function computeBranch(c: CycleDoc, branch: OrgDoc, rounds: RoundDoc[], now: Date, actorId: string): Promise<number> {
  const base = { cycleId: c._id, townId: c.townId, quarter: c.quarter, now };
  const round = rounds.find((r) => r.orgIds.includes(branch._id) && r.tallies?.some((t) => t.orgId === branch._id && t.ballots > 0));
  const tallyOf = round?.tallies?.find((t) => t.orgId === branch._id);
  const review = round && tallyOf ? { roundId: round._id, means: Object.values(tallyOf.means) } : null;
  const [data, posted, prev] = await Promise.all([
    readBranchData(branch._id, c.quarter),
    db.find<OrgEntry>('orgLedger', { memberId: branch._id, 'origin.quarter': c.quarter }, { limit: 1000 }),
    db.find<ResultDoc>('assessResults', { subjectId: branch._id, quarter: previousQuarter(c.quarter), kind: 'org', current: true }, { limit: 1 }),
  ]);
  const decided = decideBranch(data, c.config, c.rules, review, base);
  for (const r of decided.members) {
    const { _id, ...rest } = r;
    await db.set('assessResults', _id, rest);
  }
  const { balance, entryIds } = await postComputed(branch, decided.items, c.quarter, posted, actorId, now);
  const result = orgResult(branch, balance?.quarters?.[c.quarter] ?? emptyTotals(), c.config, (prev[0]?.grade as OrgGrade | undefined) ?? null, entryIds, base);
  const { _id, ...rest } = result;
  await db.set('assessResults', _id, rest);
  return decided.members.length;
}

/**
 * Posts the org's computed items in one transaction: an unchanged item posts nothing, a changed
 * one is reversed and posted anew (computedPostings). The org's live entries of the quarter were
 * read before; a concurrent posting conflicts on the balance and the transaction re-runs.
 */
async function postComputed(branch: OrgDoc, items: ComputedItem[], quarter: string, posted: OrgEntry[], actorId: string, now: Date): Promise<{ balance: OrgBalanceDoc | null; entryIds: string[] }> {
  const byId = new Map(posted.map((e) => [e._id, e]));
  return db.transaction(async (tx) => {
    const balance = await tx.get<OrgBalanceDoc>('orgBalances', branch._id);
    const postings: { draft: EntryDraft; origin: OrgOrigin }[] = [];
    const slots: Record<string, { entryId: string; amount: number; n: number }> = {};
    for (const it of items) {
      const slotKey = `${quarter}|${it.rule.code}`;
      const slot = balance?.computed?.[slotKey];
      const live = slot ? (byId.get(slot.entryId) ?? (await tx.get<OrgEntry>('orgLedger', slot.entryId))) : null;
      const origin: OrgOrigin = { basis: it.rule.basis, quarter, category: it.rule.category, metric: it.metric, ...(it.roundId ? { roundId: it.roundId } : {}) };
      const { drafts, n } = computedPostings(
        balance,
        { orgId: branch._id, ancestors: branch.ancestors, rule: it.rule, amount: it.amount, origin, actorId, note: `${it.rule.name}：${it.metric.detail}`, at: now },
        live,
      );
      postings.push(...drafts);
      if (drafts.length) slots[slotKey] = { entryId: drafts[drafts.length - 1].draft.key, amount: it.amount, n };
    }
    if (!postings.length && balance) return { balance, entryIds: posted.map((e) => e._id) };
    const out = await postOrgEntries(tx, branch, postings, slots, balance);
    return { balance: out.balance, entryIds: [...posted.map((e) => e._id), ...out.entries.map((e) => e._id)] };
  });
}
