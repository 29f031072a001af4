import { timingSafeEqual } from 'node:crypto';
import { AppError, fail, ok } from '../../contracts/app-error';
import type { ConsolePollInput, ConsolePollResult } from '../../contracts/auth';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import type { ConsoleSessionDoc } from '../../domain/console/session';
import type { Ctx } from '../../runtime/context';
import { hashSecret } from './console-request';
import { createTicket, customLoginKey } from './console-ticket';

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * auth.console.poll (public): the browser that asked (it holds the poll secret) waits for the
 * phone. Pending -> `pending`; past two minutes unconfirmed -> CONSOLE_LOGIN_EXPIRED; confirmed
 * -> the custom-login ticket, handed out once (the session turns `active` in the same
 * transaction); after that `used`; ended -> CONSOLE_SESSION_ENDED. A wrong secret is NOT_FOUND,
 * as for an unknown id. DB requests: 1 (the read); 5 when it hands out the ticket (and a
 * transaction: start, read, update, commit).
 */
export async function consolePoll(ctx: Ctx, input: ConsolePollInput): Promise<Result<ConsolePollResult>> {
  const now = ctx.clock.now();
  const s = await db.get<ConsoleSessionDoc>('consoleSessions', input.requestId);
  if (!s || !sameHash(s.pollHash, hashSecret(input.pollSecret))) return fail('NOT_FOUND');
  if (s.status === 'ended') return fail('CONSOLE_SESSION_ENDED');
  if (s.status === 'active') return ok({ status: 'used' });
  if (s.status === 'pending') return now < s.requestExpiresAt ? ok({ status: 'pending', expiresAt: s.requestExpiresAt }) : fail('CONSOLE_LOGIN_EXPIRED');
  const key = customLoginKey();
  if (!key) {
    ctx.log.error('console login: CONSOLE_LOGIN_KEY is not configured', { requestId: ctx.requestId });
    return fail('INTERNAL');
  }
  return db.transaction(async (tx) => {
    const cur = await tx.get<ConsoleSessionDoc>('consoleSessions', s._id);
    // another poll handed the ticket out between the read and now
    if (!cur || cur.status !== 'confirmed' || !cur.expiresAt || !cur.memberName) throw new AppError('CONSOLE_LOGIN_EXPIRED');
    if (now >= cur.expiresAt) throw new AppError('CONSOLE_SESSION_ENDED');
    await tx.update('consoleSessions', cur._id, { status: 'active' });
    return ok({ status: 'confirmed' as const, ticket: createTicket(key, cur._id, now, cur.expiresAt), memberName: cur.memberName, expiresAt: cur.expiresAt });
  });
}
