import { AppError, fail, ok } from '../../contracts/app-error';
import type { ConsoleConfirmResult, ConsoleScanInput, ConsoleScanResult } from '../../contracts/auth';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import { confirmation, isConfirmable, type ConsoleSessionDoc } from '../../domain/console/session';
import type { MemberCtx } from '../../runtime/context';

/**
 * auth.console.scan (staff, from the phone): what the QR asks, so the member sees which browser
 * wants to sign in as them before confirming. A request past its two minutes, or confirmed
 * already, is CONSOLE_LOGIN_EXPIRED. Only from the phone: a console cannot sign in another.
 * DB requests: 2 (the caller, the request).
 */
export async function consoleScan(ctx: MemberCtx, input: ConsoleScanInput): Promise<Result<ConsoleScanResult>> {
  if (ctx.via === 'console') return fail('FORBIDDEN');
  const s = await db.get<ConsoleSessionDoc>('consoleSessions', input.requestId);
  if (!s) return fail('NOT_FOUND');
  if (!isConfirmable(s, ctx.clock.now())) return fail('CONSOLE_LOGIN_EXPIRED');
  return ok({ requestId: s._id, browser: s.browser, requestedAt: s.requestedAt, expiresAt: s.requestExpiresAt });
}

/**
 * auth.console.confirm (staff, from the phone): signs the browser in as the caller for 8 hours.
 * The session takes the caller's member id; what they may do is read from their roles on every
 * console call. DB requests: 5 (the caller; a transaction: start, read, update, commit).
 */
export async function consoleConfirm(ctx: MemberCtx, input: ConsoleScanInput): Promise<Result<ConsoleConfirmResult>> {
  if (ctx.via === 'console') return fail('FORBIDDEN');
  const now = ctx.clock.now();
  return db.transaction(async (tx) => {
    const s = await tx.get<ConsoleSessionDoc>('consoleSessions', input.requestId);
    if (!s) throw new AppError('NOT_FOUND');
    if (!isConfirmable(s, now)) throw new AppError('CONSOLE_LOGIN_EXPIRED');
    const patch = confirmation(ctx.member, now);
    await tx.update('consoleSessions', s._id, patch);
    ctx.log.info('console login confirmed', { requestId: ctx.requestId, memberId: ctx.member._id, session: s._id });
    return ok({ requestId: s._id, browser: s.browser, sessionExpiresAt: patch.expiresAt as Date });
  });
}
