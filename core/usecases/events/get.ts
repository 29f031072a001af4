import { AppError, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { EventsGetInput, EventsGetResult } from '../../contracts/events';
import { db } from '../../db/db';
import { canActOn } from '../../domain/authz';
import { checkinKey, type CheckinDoc } from '../../domain/events/event';
import type { MemberCtx } from '../../runtime/router';
import { checkinView, EVENT_STAFF, eventById, eventView } from './load';

/**
 * events.get: one event for a member of its scope (with their own check-in) or for its staff
 * (with the check-in count). Others: NOT_FOUND. Requests: caller 1 + event 1 + 1–2.
 */
export async function getEvent(ctx: MemberCtx, input: EventsGetInput): Promise<Result<EventsGetResult>> {
  const event = await eventById(input.eventId);
  const canManage = canActOn(ctx.actor, EVENT_STAFF, event.ancestors);
  const attendee = ctx.member.ancestors.includes(event.scopeOrgId);
  if (!canManage && !attendee) throw new AppError('NOT_FOUND', '活动不存在或您不在参加范围内');
  const [mine, checkedIn] = await Promise.all([
    attendee ? db.get<CheckinDoc>('checkins', checkinKey(event._id, ctx.member._id)) : Promise.resolve(null),
    canManage ? db.count('checkins', { eventId: event._id }) : Promise.resolve(null),
  ]);
  return ok({ event: eventView(event), my: mine ? checkinView(mine) : null, canManage, checkedIn });
}
