import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { DedicationRemindResult } from '../../contracts/events';
import { cmd, db } from '../../db/db';
import { reminderTarget } from '../../domain/events/dedication';
import { isBound, type MemberDoc, type OrgDoc } from '../../domain/org/model';
import type { Ctx } from '../../runtime/context';
import { enqueueNotification } from '../shared/notify';
import { type OutboxDoc } from '../../domain/notifications';
const CHUNK = 100;
/** Branches read per page. */
const PAGE = 50;
/** Start no new branch after this long (the function stops at 20 s, config.json); the next firing resumes. */
const TIME_BUDGET_MS = 12_000;

/** The run for one dedication date (`eventJobs/dedicationReminder:<date>`): which branches are done. */
type RemindJob = {
  _id: string;
  date: string;
  /** The last branch (by `_id`) whose reminders are queued; null before the first. */
  cursor: string | null;
  done: boolean;
  branches: number;
  queued: number;
  already: number;
  runs: number;
  startedAt: Date;
  updatedAt: Date;
};

const saveJob = ({ _id, ...job }: RemindJob): Promise<void> => db.set('eventJobs', _id, job);

/** Queues one branch's reminders (deduped by key): members (1 per 1,000), then per 100 bound members the existing keys (1) and the inserts (1). */
async function remindBranch(b: OrgDoc, t: { date: string; month: string }, now: Date): Promise<{ queued: number; already: number }> {
  const [mm, dd] = [Number(t.date.slice(5, 7)), Number(t.date.slice(8, 10))];
  const members = (await db.findAll<MemberDoc>('members', { branchId: b._id, status: 'active' })).filter(isBound);
  let queued = 0;
  let already = 0;
  for (let i = 0; i < members.length; i += CHUNK) {
    const docs: OutboxDoc[] = members.slice(i, i + CHUNK).map((m) => ({
      _id: `ntf:ded:${b._id}:${t.month}:${m._id}`,
      memberId: m._id,
      template: 'dedicationReminder',
      data: { branch: b.name, date: `${mm}月${dd}日`, place: b.address ?? '', tip: `明天（${mm}月${dd}日）是${b.name}党员奉献日，欢迎参加服务` },
      page: 'pages/checkin/index',
      status: 'pending',
      attempts: 0,
      createdAt: now,
      sentAt: null,
      error: null,
    }));
    const existing = new Set((await db.find<{ _id: string }>('outbox', { _id: cmd().in(docs.map((d) => d._id)) }, { limit: CHUNK, fields: { _id: true } })).map((d) => d._id));
    const fresh = docs.filter((d) => !existing.has(d._id));
    already += docs.length - fresh.length;
    if (!fresh.length) continue;
    try {
      await db.addMany('outbox', fresh);
    } catch {
      // another run raced us on some of them: one by one, each deduped by its key
      for (const d of fresh) await enqueueNotification({ memberId: d.memberId, template: d.template, data: d.data, page: d.page, dedupeKey: d._id.slice(4), at: now });
    }
    queued += fresh.length;
  }
  return { queued, already };
}

/**
 * Timer `dedicationReminder` (cloudfunctions/events/config.json: every 10 minutes from 20:00 to
 * 21:50 China time): for every branch whose dedication day is tomorrow, a reminder for each
 * bound active member into the outbox (sent later as a subscribe message by the outbox timer),
 * deduped per branch-month-member (`ntf:ded:<branchId>:<YYYY-MM>:<memberId>`).
 * A county is too big for one run within the function's timeout, so the run is a job
 * (`eventJobs/dedicationReminder:<date>`): branches in `_id` order, the cursor saved after each
 * page of branches and when the time budget runs out (at least one branch a run), and the next
 * firing resumes past it; once every branch is done, later firings that evening do nothing.
 * A run killed mid-page redoes at most that page, and the keys keep it from queuing twice.
 * Requests: the job 1, per page of 50 branches 1 + the job write 1, per branch 3 for up to 100
 * bound members (members, existing keys, inserts).
 */
export async function dedicationRemind(ctx: Ctx, deadline = Date.now() + TIME_BUDGET_MS): Promise<Result<DedicationRemindResult>> {
  const now = ctx.clock.now();
  const t = reminderTarget(now);
  const id = `dedicationReminder:${t.date}`;
  const job: RemindJob = (await db.get<RemindJob>('eventJobs', id)) ?? {
    _id: id,
    date: t.date,
    cursor: null,
    done: false,
    branches: 0,
    queued: 0,
    already: 0,
    runs: 0,
    startedAt: now,
    updatedAt: now,
  };
  const run = { branches: 0, queued: 0, already: 0 };
  if (job.done) return ok({ date: t.date, ...run, done: true });
  job.runs++;
  for (;;) {
    const where = { type: 'branch', dedicationDay: t.day, ...(job.cursor ? { _id: cmd().gt(job.cursor) } : {}) };
    const page = await db.find<OrgDoc>('orgs', where, { orderBy: [['_id', 'asc']], limit: PAGE });
    let stopped = false;
    for (const b of page) {
      if (run.branches > 0 && Date.now() >= deadline) {
        stopped = true;
        break;
      }
      const r = await remindBranch(b, t, now);
      run.branches++;
      run.queued += r.queued;
      run.already += r.already;
      Object.assign(job, { cursor: b._id, branches: job.branches + 1, queued: job.queued + r.queued, already: job.already + r.already });
    }
    job.done = !stopped && page.length < PAGE;
    job.updatedAt = now;
    await saveJob(job);
    if (stopped || job.done) break;
  }
  return ok({ date: t.date, ...run, done: job.done });
}
