import { AppError, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { EventsListInput, EventsListResult } from '../../contracts/events';
import { cmd, db, type Where } from '../../db/db';
import { scopeRoots } from '../../domain/authz';
import { dateRange } from '../../domain/events/dedication';
import { checkinKey, type CheckinDoc, type EventDoc } from '../../domain/events/event';
import type { MemberCtx } from '../../runtime/router';
import { checkinView, EVENT_STAFF, eventView } from './load';

type Parsed = EventsListInput & { view: 'mine' | 'managed'; offset: number; limit: number };

/**
 * events.list: `mine` — events whose scope includes the caller, newest start first, with the
 * caller's own check-in; `managed` — events organized in the caller's staff scope, with
 * check-in counts. Requests: caller 1 + events 1 + check-ins 1 (one batch read or one
 * aggregation).
 */
export async function listEvents(ctx: MemberCtx, input: Parsed): Promise<Result<EventsListResult>> {
  const where: Where = {};
  if (input.view === 'mine') where.scopeOrgId = cmd().in(ctx.member.ancestors);
  else {
    const roots = scopeRoots(ctx.actor, EVENT_STAFF);
    if (!roots.length) throw new AppError('FORBIDDEN');
    where.ancestors = roots.length === 1 ? roots[0] : cmd().in(roots);
  }
  if (input.type) where.type = input.type;
  if (input.from || input.to) {
    const { start, end } = dateRange(input.from ?? '2000-01-01', input.to ?? '2999-12-31');
    where.startAt = cmd().and(cmd().gte(start), cmd().lt(end));
  }
  const page = await db.find<EventDoc>('events', where, { orderBy: [['startAt', 'desc']], skip: input.offset, limit: input.limit + 1 });
  const events = page.slice(0, input.limit);
  const nextOffset = page.length > input.limit ? input.offset + input.limit : null;
  if (!events.length) return ok({ items: [], nextOffset });
  if (input.view === 'mine') {
    const mine = await db.find<CheckinDoc>('checkins', { _id: cmd().in(events.map((e) => checkinKey(e._id, ctx.member._id))) }, { limit: events.length });
    const byEvent = new Map(mine.map((c) => [c.eventId, c]));
    return ok({ items: events.map((e) => ({ ...eventView(e), my: byEvent.has(e._id) ? checkinView(byEvent.get(e._id)!) : null, checkedIn: null })), nextOffset });
  }
  const counts = await db.aggregate<{ _id: string; n: number }>('checkins', [{ match: { eventId: cmd().in(events.map((e) => e._id)) } }, { group: { _id: '$eventId', n: { $sum: 1 } } }]);
  const n = new Map(counts.map((c) => [c._id, c.n]));
  return ok({ items: events.map((e) => ({ ...eventView(e), my: null, checkedIn: n.get(e._id) ?? 0 })), nextOffset });
}
