import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { DedicationMonthInput, DedicationMonthResult } from '../../contracts/events';
import { cmd, db } from '../../db/db';
import { tempFileUrls } from '../../db/temp-url';
import { dedicationDate, monthRange, monthRows, plannedHours } from '../../domain/events/dedication';
import { attended } from '../../domain/events/checkin';
import type { EventDoc } from '../../domain/events/event';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
import type { ClaimDoc } from '../../domain/points/claims';
import type { MemberCtx } from '../../runtime/context';
import type { DedicationLogDoc } from './dedication-log';
import { readCheckins } from './checkin-store';
import { iso } from '../../domain/time';
import { grantOn } from '../shared/authorize';

/**
 * events.dedication.month: one branch's dedication day in a month — who served (checked in at a
 * dedication-day event for the branch, or an approved service log), hours, photos of approved
 * logs (10-minute URLs), and who did not. Secretary / org admin over the branch see everyone; a
 * member asking about their own branch sees only their own row. Requests: caller 1 + branch 1 +
 * members, events, logs 3 + the check-ins at its events (entries and documents: 2; none without
 * events) + the logs' claims (1; none without logs) = 5–8, plus storage for photo URLs.
 */
export async function dedicationMonth(ctx: MemberCtx, input: DedicationMonthInput): Promise<Result<DedicationMonthResult>> {
  const branchId = input.branchId ?? ctx.member.branchId;
  const branch = await db.get<OrgDoc>('orgs', branchId);
  if (!branch || branch.type !== 'branch') return fail('NOT_FOUND', '支部不存在', 'branchId');
  const staff = grantOn(ctx, branch.ancestors, 'staff') !== undefined;
  if (!staff && ctx.member.branchId !== branch._id) return fail('FORBIDDEN');
  const { start, end } = monthRange(input.month);
  const [allMembers, events, logs] = await Promise.all([
    db.findAll<MemberDoc>('members', { branchId: branch._id, status: 'active' }),
    db.find<EventDoc>('events', { type: 'dedication', scopeOrgId: cmd().in(branch.ancestors), startAt: cmd().and(cmd().gte(start), cmd().lt(end)) }, { limit: 100 }),
    db.findAll<DedicationLogDoc>('dedicationLogs', { branchId: branch._id, month: input.month }),
  ]);
  const live = events.filter((e) => e.status !== 'cancelled');
  const [checkins, claims] = await Promise.all([
    readCheckins(live, { entries: { ancestors: branch._id }, docs: { branchId: branch._id } }).then((all) => all.filter(attended)),
    logs.length ? db.find<ClaimDoc>('claims', { _id: cmd().in(logs.map((l) => l.claimId)) }, { limit: 1000, fields: { status: true } }) : Promise.resolve([]),
  ]);
  const status = new Map(claims.map((c) => [c._id, c.status]));
  const eventHours = new Map(live.map((e) => [e._id, plannedHours(e.startAt, e.endAt)]));
  const members = staff ? allMembers : allMembers.filter((m) => m._id === ctx.member._id);
  const rows = monthRows(
    members,
    checkins.map((c) => ({ memberId: c.memberId, eventId: c.eventId, hours: c.hours })),
    eventHours,
    logs.map((l) => ({ memberId: l.memberId, hours: l.hours, status: status.get(l.claimId) ?? 'pending', photos: l.photos })),
  );
  const photos = rows.flatMap((r) => r.photos);
  const urls = photos.length ? await tempFileUrls(photos, 600) : new Map<string, string>();
  const all = monthRows(
    allMembers,
    checkins.map((c) => ({ memberId: c.memberId, eventId: c.eventId, hours: c.hours })),
    eventHours,
    logs.map((l) => ({ memberId: l.memberId, hours: l.hours, status: status.get(l.claimId) ?? 'pending', photos: [] })),
  );
  return ok({
    branchId: branch._id,
    branchName: branch.name,
    month: input.month,
    date: branch.dedicationDay ? dedicationDate(input.month, branch.dedicationDay) : null,
    events: live.map((e) => ({ id: e._id, title: e.title, startAt: iso(e.startAt)!, attended: checkins.filter((c) => c.eventId === e._id).length })),
    members: allMembers.length,
    served: all.filter((r) => r.served).length,
    hours: all.reduce((s, r) => s + r.hours, 0),
    rows: rows.map(({ photos: p, ...r }) => ({ ...r, photoUrls: p.map((f) => urls.get(f) ?? '') })),
  });
}
