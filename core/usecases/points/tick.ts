import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ExpiryRunResult, OutboxRunResult, ReminderRunResult } from '../../contracts/points';
import { dueExpiryYear, expiryInstant, nextExpiry, reminderInstant } from '../../domain/points/expiry';
import type { Ctx } from '../../runtime/context';
import { expiryConfig } from './config';
import { runAnnualExpiry, runExpiryReminder, timeBudget } from './expiry';
import { runSendOutbox } from './send-outbox';

const MINUTE = 60 * 1000;
/** After the expiry instant, ticks keep resuming the expiry this long (it is idempotent and resumable). */
export const EXPIRY_WINDOW_MS = 3 * 60 * MINUTE;
/** Ticks in this window after the reminder instant queue the reminders (deduplicated per member and year). */
export const REMINDER_WINDOW_MS = 10 * MINUTE;
/** A cloud function stops at 60 s (config.json timeout): leave room to answer. */
const BUDGET_MS = 50_000;

export type TickResult = { expiry?: ExpiryRunResult; reminder?: ReminderRunResult; outbox?: OutboxRunResult };

/**
 * Timer `tick`, every minute at second 0 (cloudfunctions/points/config.json). WeChat allows one timer
 * trigger per function, so this one dispatches by the clock: the annual expiry in the 3 hours
 * from its instant, the reminder in the 10 minutes from its instant, and the notification
 * sender on every tick. The first two are chunked jobs that keep a cursor in `pointsJobs` and
 * resume on the next tick (expiry.ts); all three are idempotent, so an overlapping or repeated
 * tick is harmless. Each stops starting work in time for the next to run within the 60 s limit.
 */
export async function runTick(ctx: Ctx): Promise<Result<TickResult>> {
  const deadline = Date.now() + BUDGET_MS;
  const now = ctx.clock.now().getTime();
  const cfg = expiryConfig();
  const out: TickResult = {};
  const exp = expiryInstant(dueExpiryYear(new Date(now), cfg), cfg).getTime();
  if (now >= exp && now < exp + EXPIRY_WINDOW_MS) {
    const r = await runAnnualExpiry(ctx, timeBudget(deadline - 20_000));
    if (r.ok) out.expiry = r.data;
  }
  const rem = reminderInstant(nextExpiry(new Date(now), cfg).year, cfg).getTime();
  if (now >= rem && now < rem + REMINDER_WINDOW_MS) {
    const r = await runExpiryReminder(ctx, timeBudget(deadline - 10_000));
    if (r.ok) out.reminder = r.data;
  }
  const r = await runSendOutbox(ctx, deadline);
  if (r.ok) out.outbox = r.data;
  return ok(out);
}
