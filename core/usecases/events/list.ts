import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { EventsListInput, EventsListResult } from '../../contracts/events';
import { cmd, db, type Where } from '../../db/db';
import { dateRange } from '../../domain/events/dedication';
import type { CheckinDoc, EventDoc } from '../../domain/events/event';
import type { MemberCtx } from '../../runtime/context';
import { countAttendedByEvent, readMemberCheckins } from './checkin-store';
import { checkinView, eventView } from './views';
import { scopeOf } from '../shared/authorize';

/**
 * events.list: `mine` — events whose scope includes the caller, newest start first, with the
 * caller's own check-in; `managed` — events organized in the caller's staff scope, with
 * check-in counts. Requests: caller 1 + events 1 + check-ins 1–2 (`mine`: one batch read of
 * entries, when a listed event has a rule, and one of documents; `managed`: one count per store
 * the page's events use) = 3–4.
 */
export async function listEvents(ctx: MemberCtx, input: EventsListInput): Promise<Result<EventsListResult>> {
  const where: Where = {};
  if (input.view === 'mine') where.scopeOrgId = cmd().in(ctx.member.ancestors);
  else {
    const roots = scopeOf(ctx, 'manage');
    if (!roots.length) return fail('FORBIDDEN');
    where.ancestors = roots.length === 1 ? roots[0] : cmd().in(roots);
  }
  if (input.type) where.type = input.type;
  if (input.from || input.to) {
    const { start, end } = dateRange(input.from ?? '2000-01-01', input.to ?? '2999-12-31');
    where.startAt = cmd().and(cmd().gte(start), cmd().lt(end));
  }
  // ties on the start come back in no fixed order on CloudBase: the id makes the pages stable
  const page = await db.find<EventDoc>('events', where, {
    orderBy: [
      ['startAt', 'desc'],
      ['_id', 'desc'],
    ],
    skip: input.offset,
    limit: input.limit + 1,
  });
  const events = page.slice(0, input.limit);
  const nextOffset = page.length > input.limit ? input.offset + input.limit : null;
  if (!events.length) return ok({ items: [], nextOffset });
  if (input.view === 'mine') {
    const byEvent = new Map((await readMemberCheckins(events, ctx.member._id)).map((c) => [c.eventId, c]));
    return ok({ items: events.map((e) => ({ ...eventView(e), my: checkinOf(byEvent, e._id), checkedIn: null })), nextOffset });
  }
  const n = await countAttendedByEvent(events);
  return ok({ items: events.map((e) => ({ ...eventView(e), my: null, checkedIn: n.get(e._id) ?? 0 })), nextOffset });
}

const checkinOf = (byEvent: Map<string, CheckinDoc>, eventId: string) => {
  const c = byEvent.get(eventId);
  return c ? checkinView(c) : null;
};
