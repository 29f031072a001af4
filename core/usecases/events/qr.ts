import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { CHECKIN_CODE_PAGE, type EventsQrInput, type EventsQrResult } from '../../contracts/events';
import { getUnlimitedCode } from '../../db/openapi';
import { openAt, windowState } from '../../domain/events/event';
import { encodeScene } from '../../domain/events/scene';
import { issueToken, msToNextStep, STEP_MS, stepOf } from '../../domain/events/token';
import { iso } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { grantOn } from '../shared/authorize';
import { countAttended, countCheckedOut } from './checkin-store';
import { EVENT_MISSING, loadEvent } from './loaders';

/** Pixels of the 小程序码: WeChat's default, sharp on a phone held up or a projector. */
const CODE_WIDTH = 430;

/**
 * events.qr: the current step's check-in code for the secretary's QR page (staff of the
 * organizing org only): the 小程序码 (wxacode.getUnlimited, its scene carrying event, step and
 * MAC; WeChat's 扫一扫 opens pages/checkin/index with it) as an inline data URL, the fallback
 * text token, when the next one is due, and the live check-in count. The page calls it once per
 * 15 s step; the secret never leaves the server. The events function declares
 * `wxacode.getUnlimited` in its config.json. A refused image (quota, page not yet published) is
 * not a refusal of the action: the page shows the fallback QR. Requests: caller 1 + event 1 +
 * count 1 = 3 (+1 for the check-out count when the event asks for check-out), and one open-API
 * call (not a database request).
 */
export async function qr(ctx: MemberCtx, input: EventsQrInput): Promise<Result<EventsQrResult>> {
  const now = ctx.clock.now();
  const event = await loadEvent(input.eventId);
  if (!event) return fail('NOT_FOUND', EVENT_MISSING, 'eventId');
  if (!grantOn(ctx, event.ancestors)) return fail('FORBIDDEN');
  if (!openAt(event, now)) return fail('EVENT_NOT_OPEN', event.status === 'cancelled' ? '活动已取消' : '活动已结束签到');
  const step = stepOf(now);
  const scene = encodeScene(event.secret, event._id, step);
  const [checkedIn, checkedOut, code] = await Promise.all([
    countAttended(event),
    event.checkoutRequired ? countCheckedOut(event) : Promise.resolve(null),
    // a trial or develop build's page is not published: WeChat's check_path would refuse it
    getUnlimitedCode({ scene, page: CHECKIN_CODE_PAGE, checkPath: input.envVersion === 'release', envVersion: input.envVersion, width: CODE_WIDTH }),
  ]);
  if (!code.ok) ctx.log.error('wxacode.getUnlimited failed', { requestId: ctx.requestId, eventId: event._id, errCode: code.errCode, errMsg: code.errMsg });
  return ok({
    eventId: event._id,
    token: issueToken(event.secret, event._id, step),
    scene,
    image: code.ok ? `data:${code.contentType};base64,${code.image.toString('base64')}` : null,
    imageError: code.ok ? null : `${code.errCode} ${code.errMsg}`.trim(),
    step,
    stepSeconds: STEP_MS / 1000,
    refreshInMs: msToNextStep(now),
    serverTime: iso(now)!,
    window: windowState(event, now),
    checkedIn,
    checkedOut,
  });
}
