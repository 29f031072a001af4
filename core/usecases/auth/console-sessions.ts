import { AppError, fail, ok } from '../../contracts/app-error';
import type { ConsoleRevokeInput, ConsoleSessionsResult } from '../../contracts/auth';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import { isListed, type ConsoleSessionDoc } from '../../domain/console/session';
import type { MemberCtx } from '../../runtime/context';

/**
 * auth.console.sessions: the caller's console sign-ins still running, newest first, from the
 * phone or the console itself (`current` marks the calling one). DB requests: 2 (the caller, one
 * query; 3 from the console, whose caller is the session and then the member).
 */
export async function consoleSessions(ctx: MemberCtx): Promise<Result<ConsoleSessionsResult>> {
  const now = ctx.clock.now();
  const docs = await db.find<ConsoleSessionDoc>('consoleSessions', { memberId: ctx.member._id }, { orderBy: [['requestedAt', 'desc']], limit: 100 });
  const sessions = docs
    .filter((s) => isListed(s, now))
    .map((s) => ({ sessionId: s._id, browser: s.browser, confirmedAt: s.confirmedAt as Date, expiresAt: s.expiresAt as Date, current: s._id === ctx.consoleSessionId }));
  return ok({ sessions });
}

/** Ends one of the caller's own sessions (another member's id is NOT_FOUND). One transaction. */
async function end(ctx: MemberCtx, sessionId: string, by: 'logout' | 'revoke'): Promise<Result<{ ended: true }>> {
  const now = ctx.clock.now();
  return db.transaction(async (tx) => {
    const s = await tx.get<ConsoleSessionDoc>('consoleSessions', sessionId);
    if (!s || s.memberId !== ctx.member._id) throw new AppError('NOT_FOUND');
    if (s.status !== 'ended') await tx.update('consoleSessions', s._id, { status: 'ended', endedAt: now, endedBy: by });
    return ok({ ended: true as const });
  });
}

/** auth.console.revoke: the phone signs one of the member's consoles out. DB requests: 5 (the caller, a transaction of 4). */
export const consoleRevoke = (ctx: MemberCtx, input: ConsoleRevokeInput) => end(ctx, input.sessionId, 'revoke');

/** auth.console.logout: the console signs itself out (a call from the phone has no session to end: NOT_FOUND). DB requests: 6 (session, member, a transaction of 4). */
export async function consoleLogout(ctx: MemberCtx): Promise<Result<{ ended: true }>> {
  if (ctx.via !== 'console' || !ctx.consoleSessionId) return fail('NOT_FOUND');
  return end(ctx, ctx.consoleSessionId, 'logout');
}
