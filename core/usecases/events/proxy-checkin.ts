import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { CheckinResult, EventsProxyCheckinInput } from '../../contracts/events';
import { openAt, windowState } from '../../domain/events/event';
import type { MemberCtx } from '../../runtime/context';
import { targetGrant, targetMember } from '../shared/authorize';
import { countAttended } from './checkin-store';
import { EVENT_MISSING, loadEvent } from './loaders';
import { recordCheckin } from './record-checkin';
import { checkinResult } from './views';

/**
 * events.proxyCheckin (代签到): a grid leader for a member of their grid group, or a secretary
 * for a member of their branch, checks in a member who has no phone with them, with a reason.
 * No token or location; the event must be open, inside its window, and the member in its
 * scope. Credited and recorded like a scan (`proxy` on the check-in, the staff member as the
 * entry's actor) and audited in the same transaction. A member already checked in is
 * ALREADY_CHECKED_IN, except the same staff member repeating the same request (a retry), which
 * answers with the first result. An offline scan of the member awaiting review is overtaken.
 * Requests: the caller 1 + the member (the router's target check) 1 + the event 1 + one
 * transaction of 6 (start, balance read, the entry carrying the check-in, balance write, audit,
 * commit) = 9; at an event without a rule the transaction is 4 (start, check-in, audit, commit).
 */
export async function proxyCheckin(ctx: MemberCtx, input: EventsProxyCheckinInput): Promise<Result<CheckinResult & { memberName: string }>> {
  const now = ctx.clock.now();
  const member = targetMember(ctx);
  const grant = targetGrant(ctx);
  const event = await loadEvent(input.eventId);
  if (!event) return fail('NOT_FOUND', EVENT_MISSING, 'eventId');
  if (!openAt(event, now)) return fail('EVENT_NOT_OPEN');
  if (windowState(event, now) !== 'open') return fail('CHECKIN_OUT_OF_WINDOW');
  if (member.status !== 'active' || !member.ancestors.includes(event.scopeOrgId)) return fail('CHECKIN_NOT_IN_SCOPE', '该党员不在本次活动的参加范围内');
  if (event.capacity !== null && (await countAttended(event)) >= event.capacity) return fail('EVENT_FULL');
  const proxy = { byId: ctx.actor.memberId, byName: ctx.actor.name, reason: input.reason };
  const r = await recordCheckin(ctx, event, member, { at: now, offline: false, distanceM: null, proxy }, now, {
    role: grant.role,
    action: 'events.proxyCheckin',
    targetType: 'member',
    targetId: member._id,
    ancestors: member.ancestors,
    before: null,
    after: { eventId: event._id, eventTitle: event.title, at: now.toISOString() },
    reason: input.reason,
  });
  if (!r.ok) return r;
  if (r.already && !(r.doc.proxy?.byId === proxy.byId && r.doc.proxy.reason === proxy.reason)) return fail('ALREADY_CHECKED_IN', `${member.name}已签到，无需重复签到`);
  return ok({ ...checkinResult(event, r.doc, r.already, now), memberName: member.name });
}
