import { AppError, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { cmd, db } from '../../db/db';
import { dueTransition, isDue, type IssueDoc } from '../../domain/grid/issue';
import { SHARDS } from '../../domain/grid/kpi';
import { escalatedNotice } from '../../domain/grid/notices';
import { dueReminders, markReminded, nextReminderOf, type ReviewDoc } from '../../domain/grid/review';
import { chinaDate } from '../../domain/time';
import type { Ctx } from '../../runtime/context';
import { enqueueNotification } from '../shared/notify';
import { responsiblesOf } from './responsibles';
import { runTransition, SYSTEM_ACTOR } from './transition';

/**
 * Timer `gridTick` (cloudfunctions/grid/config.json, every 10 minutes; timeout 60 s): escalates
 * every issue past its level's deadline one level up (at the county: marks it overdue), then
 * reminds both sides of 整改 measures past their deadline. One transaction per issue; an issue
 * someone dealt with meanwhile is skipped (no longer due when the transaction reads it), and a
 * deadline is escalated exactly once (the escalation sets the next one).
 *
 * In pages of 100 by issue id from a cursor (`gridJobs/escalate`): a run starts no page or chunk
 * once its budget is spent (`more: true`), and the next firing resumes after the last issue it
 * went through; a run that reaches the end resets the cursor. Escalated issues leave the query
 * (their deadline moved), so a resumed run never sees them again.
 * Requests: 1 (cursor) + per page: 1 (issues) + 1–2 (责任人 of the levels above) + per issue
 * 5–6 (start, issue, issue, shard, notifications, commit); the reminders likewise.
 */
export const TICK_BUDGET_MS = 40_000;
const PAGE = 100;
/** Escalations in flight: one per KPI shard, each counting in its own (they never conflict with each other). */
const PARALLEL = SHARDS;
const JOB = 'escalate';

export type TickReport = { escalated: number; overdueAtTop: number; skipped: number; failed: number; reminded: number; more: boolean; cursor: string };

export async function gridTick(ctx: Ctx, opts: { budgetMs?: number } = {}): Promise<Result<TickReport>> {
  const started = performance.now();
  const budget = opts.budgetMs ?? TICK_BUDGET_MS;
  const spent = () => performance.now() - started >= budget;
  const now = ctx.clock.now();
  const report: TickReport = { escalated: 0, overdueAtTop: 0, skipped: 0, failed: 0, reminded: 0, more: false, cursor: '' };

  const from = (await db.get<{ after: string }>('gridJobs', JOB))?.after ?? '';
  let after = from;
  pages: for (;;) {
    const where = { deadlineAt: cmd().lte(now), ...(after ? { _id: cmd().gt(after) } : {}) };
    const page = await db.find<IssueDoc>('gridIssues', where, { orderBy: [['_id', 'asc']], limit: PAGE, fields: { timeline: false } });
    const ups = await responsiblesOf(page.map((i) => i.ancestors[Math.max(i.levelIndex - 1, 0)]));
    for (let k = 0; k < page.length; k += PARALLEL) {
      const chunk = page.slice(k, k + PARALLEL);
      await Promise.all(chunk.map((i, slot) => escalateOne(ctx, i, now, ups, report, slot)));
      after = chunk[chunk.length - 1]._id;
      if (spent() && (k + PARALLEL < page.length || page.length === PAGE)) {
        report.more = true;
        break pages;
      }
    }
    if (page.length < PAGE) {
      after = '';
      break;
    }
  }
  report.cursor = after;
  if (after !== from) await db.set('gridJobs', JOB, { after, updatedAt: now });
  if (!report.more) report.reminded = await remindMeasures(ctx, now, spent);
  if (report.escalated || report.overdueAtTop || report.failed || report.more || report.reminded) ctx.log.info('grid tick', { requestId: ctx.requestId, ...report });
  return ok(report);
}

async function escalateOne(ctx: Ctx, seen: IssueDoc, now: Date, ups: Map<string, string[]>, report: TickReport, slot: number): Promise<void> {
  if (!isDue(seen, now)) return;
  const upId = seen.ancestors[Math.max(seen.levelIndex - 1, 0)];
  const to = ups.get(upId) ?? [];
  try {
    const r = await runTransition(ctx, SYSTEM_ACTOR, {
      issueId: seen._id,
      action: 'grid.issues.escalate',
      shard: slot,
      who: () => ({ ok: true, grant: null }),
      build: (i) => dueTransition(i, now) ?? { ok: false, code: 'ISSUE_NOT_DUE', message: '' },
      // the level above the one read before the transaction: only if that is still where it was
      notices: (before, after, at) => (before.levelIndex === seen.levelIndex ? to.map((id) => escalatedNotice(after, id, '超过办理时限', at)) : []),
    });
    if (!r.ok) report.failed++;
    else if (r.data.levelIndex < seen.levelIndex) report.escalated++;
    else report.overdueAtTop++;
  } catch (e) {
    if (e instanceof AppError && (e.code === 'ISSUE_NOT_DUE' || e.code === 'ISSUE_WRONG_STATE' || e.code === 'ISSUE_CLOSED')) {
      report.skipped++;
      return;
    }
    report.failed++;
    ctx.log.error('grid escalation failed', { requestId: ctx.requestId, issueId: seen._id, error: e instanceof Error ? e.stack : String(e) });
  }
}

/**
 * Reminds of measures open past their deadline, once per deadline: the measure's responsible
 * (or the reviewed org's 责任人) and the reviewer. Reviews with such a measure carry
 * `nextReminder` ≤ yesterday (indexed); each is one transaction (start, review, review,
 * notifications, commit).
 */
async function remindMeasures(ctx: Ctx, now: Date, spent: () => boolean): Promise<number> {
  const today = chinaDate(now);
  let sent = 0;
  for (;;) {
    const page = await db.find<ReviewDoc>('reviews', { nextReminder: cmd().lt(today) }, { orderBy: [['_id', 'asc']], limit: PAGE });
    if (!page.length) return sent;
    const heads = await responsiblesOf(page.map((r) => r.orgId));
    for (const seen of page) {
      await db.transaction(async (tx) => {
        const r = await tx.get<ReviewDoc>('reviews', seen._id);
        if (!r) return;
        const due = dueReminders(r.findings, today);
        const findings = markReminded(
          r.findings,
          due.map((f) => f.id),
        );
        await tx.update('reviews', r._id, { findings: cmd().set(findings), nextReminder: nextReminderOf(findings), updatedAt: now });
        for (const f of due) {
          const m = f.measure!;
          const who = [...new Set([...(m.responsibleId ? [m.responsibleId] : (heads.get(r.orgId) ?? [])), r.reviewerId])];
          for (const memberId of who)
            await enqueueNotification(
              {
                memberId,
                template: 'measureOverdue',
                data: { org: r.orgName.slice(0, 20), measure: m.text.slice(0, 20), deadline: m.deadline },
                page: `grid/pages/review/index?id=${r._id}`,
                dedupeKey: `measureOverdue:${r._id}:${f.id}:${m.deadline}:${memberId}`,
                at: now,
              },
              tx,
            );
        }
      });
      sent++;
    }
    if (page.length < PAGE || spent()) return sent;
  }
}
