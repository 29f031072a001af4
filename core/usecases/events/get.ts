import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { EventsGetInput, EventsGetResult } from '../../contracts/events';
import type { MemberCtx } from '../../runtime/context';
import { countAttended, readCheckin } from './checkin-store';
import { EVENT_MISSING, loadEvent } from './loaders';
import { checkinView, eventView } from './views';
import { grantOn } from '../shared/authorize';

/**
 * events.get: one event for a member of its scope (with their own check-in) or for its staff
 * (with the check-in count). Others: NOT_FOUND. Requests: caller 1 + event 1 + the caller's
 * check-in (its entry and its document at an event with a rule: 2; else 1) + the count for staff
 * 1 = 3–5.
 */
export async function getEvent(ctx: MemberCtx, input: EventsGetInput): Promise<Result<EventsGetResult>> {
  const event = await loadEvent(input.eventId);
  if (!event) return fail('NOT_FOUND', EVENT_MISSING, 'eventId');
  const canManage = grantOn(ctx, event.ancestors, 'manage') !== undefined;
  const attendee = ctx.member.ancestors.includes(event.scopeOrgId);
  if (!canManage && !attendee) return fail('NOT_FOUND', '活动不存在或您不在参加范围内');
  const [mine, checkedIn] = await Promise.all([attendee ? readCheckin(event, ctx.member._id) : Promise.resolve(null), canManage ? countAttended(event) : Promise.resolve(null)]);
  return ok({ event: eventView(event), my: mine ? checkinView(mine) : null, canManage, checkedIn });
}
