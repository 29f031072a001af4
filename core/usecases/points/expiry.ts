import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ExpiryRunResult, ReminderRunResult } from '../../contracts/points';
import { cmd, db } from '../../db/db';
import { dueExpiryYear, expiryDraft, nextExpiry } from '../../domain/points/expiry';
import { expiringNotice } from '../../domain/points/notices';
import type { BalanceDoc } from '../../domain/points/ledger';
import { ruleId, type RuleDoc } from '../../domain/points/rule';
import type { Ctx } from '../../runtime/router';
import type { OutboxDoc } from '../shared/notify';
import { expiryConfig } from './config';
import { EntryExists, postEntryOn } from './post-entry';

const CONCURRENCY = 8;
/** Stop starting new members after this long; the next trigger resumes (cloud functions stop at 60 s). */
const TIME_BUDGET_MS = 45_000;

async function expiryRule(): Promise<RuleDoc> {
  const [r] = await db.find<RuleDoc>('rules', { code: 'ANNUAL_EXPIRY' }, { orderBy: [['version', 'desc']], limit: 1 });
  if (!r) throw new Error('rule ANNUAL_EXPIRY is missing from the catalog');
  return r;
}

async function pool<T>(items: T[], n: number, deadline: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length && Date.now() < deadline) await fn(items[next++]);
    }),
  );
}

/**
 * Annual expiry (run by the tick from 23:59:00 on 31 Dec, China time, by default): for every member with a
 * positive redeemable balance, one transaction reads the balance and posts
 * `exp:<year>:<memberId>` with redeem = −(that balance), so the amount is exactly what the
 * member held at that instant; evaluation points are untouched. Idempotent: the key exists once
 * per member and year, and `expiredYear` on the balance lets a resumed run skip members done.
 * Paged over all balances with db.findAll; a run stops starting members at its deadline and the
 * next tick (every minute for 3 hours after the expiry instant, see tick.ts) finishes the rest.
 */
export async function runAnnualExpiry(ctx: Ctx, deadline = Date.now() + TIME_BUDGET_MS): Promise<Result<ExpiryRunResult>> {
  const now = ctx.clock.now();
  const year = dueExpiryYear(now, expiryConfig());
  const rule = await expiryRule();
  const ref = { _id: ruleId(rule.code, rule.version), code: rule.code, version: rule.version, caps: {} };
  const todo = await db.findAll<BalanceDoc>('balances', { redeem: cmd().gt(0), expiredYear: cmd().neq(year) });
  const out: ExpiryRunResult = { year, members: todo.length, expired: 0, already: 0, points: 0, failed: 0 };
  await pool(todo, CONCURRENCY, deadline, async (b) => {
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
    } catch (e) {
      if (e instanceof EntryExists) out.already++;
      else {
        out.failed++;
        ctx.log.error('expiry failed for a member', { requestId: ctx.requestId, memberId: b._id, error: e instanceof Error ? e.stack : String(e) });
      }
    }
  });
  ctx.log.info('annual expiry', { requestId: ctx.requestId, ...out });
  return ok(out);
}

/**
 * Expiry reminder (run by the tick at 10:00 China time 30 days before the expiry date): queues a `pointsExpiring` notification
 * for each member with a positive redeemable balance, at most once per member and year
 * (`ntf:expiring:<year>:<memberId>`). Two requests per 100 members (which are queued already, insert the rest).
 */
export async function runExpiryReminder(ctx: Ctx): Promise<Result<ReminderRunResult>> {
  const now = ctx.clock.now();
  const next = nextExpiry(now, expiryConfig());
  const balances = await db.findAll<BalanceDoc>('balances', { redeem: cmd().gt(0) });
  let queued = 0;
  for (let i = 0; i < balances.length; i += 100) {
    const chunk = balances.slice(i, i + 100);
    const ids = chunk.map((b) => `ntf:expiring:${next.year}:${b.memberId}`);
    const have = new Set((await db.find<{ _id: string }>('outbox', { _id: cmd().in(ids) }, { limit: 100, fields: { _id: true } })).map((d) => d._id));
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
    await db.addMany('outbox', docs);
    queued += docs.length;
  }
  return ok({ year: next.year, queued });
}
