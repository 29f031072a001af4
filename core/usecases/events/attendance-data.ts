import { fail } from '../../contracts/app-error';
import type { Fail } from '../../contracts/envelope';
import type { EventsAttendanceInput } from '../../contracts/events';
import { cmd, db } from '../../db/db';
import { checkPeriod, eventAttendance, periodAttendance, type EventAttendance, type EventPeriod, type MemberPeriod } from '../../domain/events/attendance';
import { dateRange } from '../../domain/events/dedication';
import type { EventDoc } from '../../domain/events/event';
import type { OrgDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';
import { authorize } from '../shared/authorize';
import { readCheckins } from './checkin-store';
import { activeMembersUnder, branchNames, EVENT_MISSING, loadEvent } from './loaders';

/**
 * The attendance of one event or of a period, in full (the view shows the first 500 rows, the
 * export all), with branch names. Reads page past 1,000 rows.
 */

/** The event's check-ins (entries and documents) and the scope's active members, then their branches' names. */
export async function loadEventAttendance(event: EventDoc): Promise<EventAttendance> {
  const [checkins, members] = await Promise.all([readCheckins([event]), activeMembersUnder(event.scopeOrgId)]);
  const names = await branchNames([...members.map((m) => m.branchId), ...checkins.map((c) => c.branchId)]);
  return eventAttendance(checkins, members, names);
}

/** Every event organized under `org` starting in [from, to] (China dates), and per member of the org. */
export async function loadPeriodAttendance(org: OrgDoc, from: string, to: string): Promise<{ events: EventPeriod[]; rows: MemberPeriod[] }> {
  const { start, end } = dateRange(from, to);
  const [events, members] = await Promise.all([db.findAll<EventDoc>('events', { ancestors: org._id, startAt: cmd().and(cmd().gte(start), cmd().lt(end)) }), activeMembersUnder(org._id)]);
  const live = events.filter((e) => e.status !== 'cancelled');
  const [checkins, names] = await Promise.all([readCheckins(live), branchNames(members.map((m) => m.branchId))]);
  return periodAttendance(live, checkins, members, names);
}

export type AttendanceTarget = { kind: 'event'; event: EventDoc } | { kind: 'period'; org: OrgDoc; from: string; to: string };

/**
 * What an attendance view or export is about, loaded and checked: the event, or the org and a
 * period (at most a year), for staff of the organizing org or above.
 */
export async function attendanceTarget(ctx: MemberCtx, input: EventsAttendanceInput): Promise<AttendanceTarget | Fail> {
  if (input.kind === 'event') {
    const event = await loadEvent(input.eventId);
    if (!event) return fail('NOT_FOUND', EVENT_MISSING, 'eventId');
    const auth = authorize(ctx, event.ancestors);
    if (!auth.ok) return auth;
    return { kind: 'event', event };
  }
  const org = await db.get<OrgDoc>('orgs', input.orgId);
  if (!org) return fail('NOT_FOUND', '组织不存在', 'orgId');
  const auth = authorize(ctx, org.ancestors);
  if (!auth.ok) return auth;
  const bad = checkPeriod(input.from, input.to);
  if (bad) return fail('INVALID_INPUT', bad.message, bad.field);
  return { kind: 'period', org, from: input.from, to: input.to };
}
