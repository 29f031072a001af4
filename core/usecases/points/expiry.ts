import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ExpiryRunResult, ReminderRunResult } from '../../contracts/points';
import { cmd, db } from '../../db/db';
import { dueExpiryYear, expiryDraft, nextExpiry } from '../../domain/points/expiry';
import { addTotals, advanceCursor, newJob, type JobDoc } from '../../domain/points/job';
import { expiringNotice } from '../../domain/points/notices';
import type { BalanceDoc } from '../../domain/points/ledger';
import { ruleId, type RuleDoc } from '../../domain/points/rule';
import type { Ctx } from '../../runtime/context';
import type { OutboxDoc } from '../../domain/notifications';
import { expiryConfig } from './config';
import { EntryExists, postEntryOn } from './post-entry';

const CONCURRENCY = 8;
/** Balances per chunk; the job document is written after each. */
const CHUNK = 100;
/** Stop starting new members after this long; the next tick resumes (cloud functions stop at 60 s). */
const TIME_BUDGET_MS = 45_000;

/** True when a run must start nothing more (its time is up). */
export type Budget = () => boolean;
export const timeBudget =
  (until: number): Budget =>
  () =>
    Date.now() >= until;

async function expiryRule(): Promise<RuleDoc | null> {
  const [r] = await db.find<RuleDoc>('rules', { code: 'ANNUAL_EXPIRY' }, { orderBy: [['version', 'desc']], limit: 1 });
  return r ?? null;
}

const loadJob = async (id: string, at: Date): Promise<JobDoc> => (await db.get<JobDoc>('pointsJobs', id)) ?? newJob(id, at);
const saveJob = ({ _id, ...job }: JobDoc): Promise<void> => db.set('pointsJobs', _id, job);

/** Runs `fn` over `items`, `n` at a time, starting none once `stop()`; returns the ids started. */
async function pool<T extends { _id: string }>(items: T[], n: number, stop: Budget, fn: (x: T) => Promise<void>): Promise<Set<string>> {
  const started = new Set<string>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length && !stop()) {
        const x = items[next++];
        started.add(x._id);
        await fn(x);
      }
    }),
  );
  return started;
}

/**
 * Annual expiry (run by the tick from 23:59:00 on 31 Dec, China time, by default): for every
 * member with a positive redeemable balance, one transaction reads the balance and posts
 * `exp:<year>:<memberId>` with redeem = −(that balance), so the amount is exactly what the
 * member held at that instant; evaluation points are untouched. A job (`pointsJobs`
 * `annualExpiry:<year>`): balances in `_id` order, 100 a chunk, 8 members at a time; after each
 * chunk the cursor moves past the members finished (never past one that failed or was not
 * started), so a run stopped by its budget, or killed, is resumed by the next tick where it
 * stopped. Each member is expired once: the entry key exists once per member and year, and
 * `expiredYear` on the balance keeps finished members out of later pages.
 * Requests: the rule, the job, then per chunk one page, 5 per member (start, balance, entry,
 * balance, commit) and the job write; a finished job: 2.
 */
export async function runAnnualExpiry(ctx: Ctx, stop: Budget = timeBudget(Date.now() + TIME_BUDGET_MS)): Promise<Result<ExpiryRunResult>> {
  const now = ctx.clock.now();
  const year = dueExpiryYear(now, expiryConfig());
  const rule = await expiryRule();
  if (!rule) {
    ctx.log.error('rule ANNUAL_EXPIRY is missing from the catalog', { requestId: ctx.requestId });
    return fail('NOT_FOUND', '积分规则目录中缺少年度清零规则（ANNUAL_EXPIRY）');
  }
  const ref = { _id: ruleId(rule.code, rule.version), code: rule.code, version: rule.version, caps: {} };
  const job = await loadJob(`annualExpiry:${year}`, now);
  const out: ExpiryRunResult = { year, members: 0, expired: 0, already: 0, points: 0, failed: 0, done: job.done };
  if (job.done) return ok(out);

  let scan = job.cursor;
  let blocked = false;
  while (!stop()) {
    const page = await db.find<BalanceDoc>('balances', { ...(scan ? { _id: cmd().gt(scan) } : {}), redeem: cmd().gt(0), expiredYear: cmd().neq(year) }, { orderBy: [['_id', 'asc']], limit: CHUNK });
    const finished = new Set<string>();
    const started = await pool(page, CONCURRENCY, stop, async (b) => {
      try {
        const r = await db.transaction(async (tx) => {
          const bal = await tx.get<BalanceDoc>('balances', b._id);
          if (!bal || bal.redeem <= 0) return 0;
          const entry = await postEntryOn(tx, bal, expiryDraft({ year, memberId: bal.memberId, ancestors: bal.ancestors, redeem: bal.redeem, rule: ref, at: now }), { expiredYear: year });
          return -entry.redeem;
        });
        if (r > 0) {
          out.expired++;
          out.points += r;
        }
        finished.add(b._id);
      } catch (e) {
        if (e instanceof EntryExists) {
          out.already++;
          finished.add(b._id);
        } else {
          out.failed++;
          ctx.log.error('expiry failed for a member', { requestId: ctx.requestId, memberId: b._id, error: e instanceof Error ? e.stack : String(e) });
        }
      }
    });
    out.members += started.size;
    if (!blocked)
      ({ cursor: job.cursor, blocked } = advanceCursor(
        job.cursor,
        page.map((b) => b._id),
        finished,
      ));
    const last = page.length < CHUNK && started.size === page.length;
    // the end of the balances: done, unless a member failed (the next run retries from the cursor)
    if (last) job.done = !blocked;
    await saveJob({ ...job, updatedAt: ctx.clock.now() });
    if (last || started.size < page.length) break;
    scan = page[page.length - 1]._id;
  }
  job.runs++;
  job.totals = addTotals(job.totals, { members: out.members, expired: out.expired, already: out.already, points: out.points, failed: out.failed });
  await saveJob({ ...job, updatedAt: ctx.clock.now() });
  ctx.log.info('annual expiry', { requestId: ctx.requestId, ...out, done: job.done });
  return ok({ ...out, done: job.done });
}

/**
 * Expiry reminder (run by the tick at 10:00 China time 30 days before the expiry date): queues a
 * `pointsExpiring` notification for each member with a positive redeemable balance, at most once
 * per member and year (`ntf:expiring:<year>:<memberId>`). A job like the expiry
 * (`expiryReminder:<year>`): per chunk of 100 balances, which are queued already, insert the
 * rest, move the cursor; the next tick resumes.
 * Requests: the job, then per chunk 4 (page, outbox ids, insert, job write); a finished job: 1.
 */
export async function runExpiryReminder(ctx: Ctx, stop: Budget = timeBudget(Date.now() + TIME_BUDGET_MS)): Promise<Result<ReminderRunResult>> {
  const now = ctx.clock.now();
  const next = nextExpiry(now, expiryConfig());
  const job = await loadJob(`expiryReminder:${next.year}`, now);
  let queued = 0;
  while (!job.done && !stop()) {
    const chunk = await db.find<BalanceDoc>('balances', { ...(job.cursor ? { _id: cmd().gt(job.cursor) } : {}), redeem: cmd().gt(0) }, { orderBy: [['_id', 'asc']], limit: CHUNK });
    const ids = chunk.map((b) => `ntf:expiring:${next.year}:${b.memberId}`);
    const have = new Set(chunk.length ? (await db.find<{ _id: string }>('outbox', { _id: cmd().in(ids) }, { limit: CHUNK, fields: { _id: true } })).map((d) => d._id) : []);
    const docs: OutboxDoc[] = chunk
      .filter((b, j) => !have.has(ids[j]))
      .map((b) => ({
        _id: `ntf:expiring:${next.year}:${b.memberId}`,
        memberId: b.memberId,
        template: 'pointsExpiring',
        data: expiringNotice(b.redeem, next.date),
        page: 'pages/points/index',
        status: 'pending',
        attempts: 0,
        createdAt: now,
        sentAt: null,
        error: null,
      }));
    // a concurrent run may have queued some since the read: make sure each exists, once
    await db.addManyIgnoringDuplicates('outbox', docs);
    queued += docs.length;
    job.cursor = chunk.length ? chunk[chunk.length - 1]._id : job.cursor;
    job.done = chunk.length < CHUNK;
    job.totals = addTotals(job.totals, { queued: docs.length });
    await saveJob({ ...job, updatedAt: ctx.clock.now() });
  }
  return ok({ year: next.year, queued, done: job.done });
}
