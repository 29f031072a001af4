import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { EventsQrInput, EventsQrResult } from '../../contracts/events';
import { openAt, windowState } from '../../domain/events/event';
import { issueToken, msToNextStep, STEP_MS, stepOf } from '../../domain/events/token';
import type { MemberCtx } from '../../runtime/context';
import { grantOn } from '../shared/authorize';
import { countAttended, countCheckedOut } from './checkin-store';
import { EVENT_MISSING, loadEvent } from './loaders';
import { iso } from '../../domain/time';
/**
 * events.qr: the current rotating token for the secretary's QR page (staff of the organizing
 * org only), when the next one is due, and the live check-in count. The page calls it once per
 * 15 s step. The secret never leaves the server. Requests: caller 1 + event 1 + count 1 = 3
 * (+1 for the check-out count when the event asks for check-out).
 */
export async function qr(ctx: MemberCtx, input: EventsQrInput): Promise<Result<EventsQrResult>> {
  const now = ctx.clock.now();
  const event = await loadEvent(input.eventId);
  if (!event) return fail('NOT_FOUND', EVENT_MISSING, 'eventId');
  if (!grantOn(ctx, event.ancestors)) return fail('FORBIDDEN');
  if (!openAt(event, now)) return fail('EVENT_NOT_OPEN', event.status === 'cancelled' ? '活动已取消' : '活动已结束签到');
  const step = stepOf(now);
  const [checkedIn, checkedOut] = await Promise.all([countAttended(event), event.checkoutRequired ? countCheckedOut(event) : Promise.resolve(null)]);
  return ok({
    eventId: event._id,
    token: issueToken(event.secret, event._id, step),
    step,
    stepSeconds: STEP_MS / 1000,
    refreshInMs: msToNextStep(now),
    serverTime: iso(now)!,
    window: windowState(event, now),
    checkedIn,
    checkedOut,
  });
}
