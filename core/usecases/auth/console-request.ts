import { createHash, randomBytes } from 'node:crypto';
import { ok } from '../../contracts/app-error';
import { CONSOLE_CODE_PAGE, CONSOLE_QR_PREFIX, type ConsoleRequestInput, type ConsoleRequestResult } from '../../contracts/auth';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import { getUnlimitedCode } from '../../db/openapi';
import { newRequest } from '../../domain/console/session';
import type { Ctx } from '../../runtime/context';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Pixels of the login 小程序码 (WeChat's default; the page shows it at 240 px). */
const CODE_WIDTH = 430;
/**
 * At most this many login 小程序码 per function instance per minute. console.request is public,
 * so a script could spend the app's getUnlimited minute quota (WeChat 45009) that check-in codes
 * need; past the cap the answer carries no image and the page draws the ordinary QR. In memory:
 * no extra database request, and an instance is all one burst can reach.
 */
export const CONSOLE_CODES_PER_MINUTE = 30;
const issued: number[] = [];

/** Whether another code may be made at `now` (and counts it if so): a sliding one-minute window. */
export function takeCodeSlot(now: number): boolean {
  while (issued.length && issued[0] <= now - 60_000) issued.shift();
  if (issued.length >= CONSOLE_CODES_PER_MINUTE) return false;
  issued.push(now);
  return true;
}

/**
 * auth.console.request (public): a browser asks to sign in. Answers a one-time request id (the
 * QR and, once confirmed, the CloudBase custom user id), a poll secret only this browser holds,
 * and the login 小程序码 (scene = the request id, 26 characters, opening
 * staff/pages/console/index, which reads `scene`). One code per request: the id is never
 * re-issued, and the page asks for a new request only when this one expires. A refused image is
 * not a refusal of the action (the page falls back to the ordinary QR). The auth function
 * declares `wxacode.getUnlimited` in its config.json. DB requests: 1 (the add), and at most one
 * open-API call.
 */
export async function consoleRequest(ctx: Ctx, input: ConsoleRequestInput): Promise<Result<ConsoleRequestResult>> {
  const now = ctx.clock.now();
  const id = `cs${randomBytes(12).toString('hex')}`;
  const pollSecret = randomBytes(24).toString('base64url');
  const doc = newRequest(id, input.browser, hashSecret(pollSecret), now);
  const [, code] = await Promise.all([
    db.add('consoleSessions', doc),
    takeCodeSlot(now.getTime())
      ? // released page, checked: a code that cannot open the confirm page is worse than the fallback QR
        getUnlimitedCode({ scene: id, page: CONSOLE_CODE_PAGE, checkPath: true, envVersion: 'release', width: CODE_WIDTH })
      : Promise.resolve({ ok: false as const, errCode: 45009, errMsg: 'console login codes per minute reached' }),
  ]);
  if (!code.ok) ctx.log.error('console login wxacode.getUnlimited failed', { requestId: ctx.requestId, errCode: code.errCode, errMsg: code.errMsg });
  return ok({
    requestId: id,
    pollSecret,
    qr: `${CONSOLE_QR_PREFIX}${id}`,
    image: code.ok ? `data:${code.contentType};base64,${code.image.toString('base64')}` : null,
    expiresAt: doc.requestExpiresAt,
  });
}
