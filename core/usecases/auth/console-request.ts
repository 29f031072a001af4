import { createHash, randomBytes } from 'node:crypto';
import { ok } from '../../contracts/app-error';
import { CONSOLE_QR_PREFIX, type ConsoleRequestInput, type ConsoleRequestResult } from '../../contracts/auth';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import { newRequest } from '../../domain/console/session';
import type { Ctx } from '../../runtime/context';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * auth.console.request (public): a browser asks to sign in. Answers a one-time request id (the
 * QR and, once confirmed, the CloudBase custom user id) and a poll secret only this browser
 * holds. DB requests: 1 (the add).
 */
export async function consoleRequest(ctx: Ctx, input: ConsoleRequestInput): Promise<Result<ConsoleRequestResult>> {
  const id = `cs${randomBytes(12).toString('hex')}`;
  const pollSecret = randomBytes(24).toString('base64url');
  const doc = newRequest(id, input.browser, hashSecret(pollSecret), ctx.clock.now());
  await db.add('consoleSessions', doc);
  return ok({ requestId: id, pollSecret, qr: `${CONSOLE_QR_PREFIX}${id}`, expiresAt: doc.requestExpiresAt });
}
