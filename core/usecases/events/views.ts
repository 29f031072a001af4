import type { CheckinResult, CheckinView, EventView } from '../../contracts/events';
import { DEFAULT_OFFLINE_GRACE_MINUTES, offlineDeadline, windowOf, type CheckinDoc, type EventDoc, type RuleSnapshot } from '../../domain/events/event';
import { iso } from '../../domain/time';

/** What clients see of events and check-ins: instants as ISO strings, never the QR secret. */

const rulePoints = (r: RuleSnapshot | null) => (r ? { code: r.code, name: r.name, evalPoints: r.evalPoints, redeemPoints: r.redeemPoints } : null);

export function eventView(e: EventDoc): EventView {
  const w = windowOf(e);
  return {
    id: e._id,
    type: e.type,
    title: e.title,
    orgId: e.orgId,
    orgName: e.orgName,
    scopeOrgId: e.scopeOrgId,
    scopeName: e.scopeName,
    startAt: iso(e.startAt)!,
    endAt: iso(e.endAt)!,
    earlyMinutes: e.earlyMinutes,
    lateMinutes: e.lateMinutes,
    opensAt: iso(w.opensAt)!,
    closesAt: iso(w.closesAt)!,
    offlineGraceMinutes: e.offlineGraceMinutes ?? DEFAULT_OFFLINE_GRACE_MINUTES,
    offlineUntil: iso(offlineDeadline(e))!,
    place: e.place,
    geofence: e.geofence,
    rule: rulePoints(e.rule),
    hoursRule: rulePoints(e.hoursRule),
    capacity: e.capacity,
    checkoutRequired: e.checkoutRequired,
    status: e.status,
    closedAt: iso(e.closedAt),
    note: e.note,
    createdAt: iso(e.createdAt)!,
    createdByName: e.createdByName,
  };
}

export function checkinView(c: CheckinDoc): CheckinView {
  return {
    eventId: c.eventId,
    memberId: c.memberId,
    memberName: c.memberName,
    at: iso(c.at)!,
    offline: c.offline,
    review: c.checkinReview ?? 'none',
    proxy: c.proxy ? { byName: c.proxy.byName, reason: c.proxy.reason } : null,
    distanceM: c.distanceM,
    points: { eval: c.eval, redeem: c.redeem },
    capped: c.capped,
    checkoutAt: iso(c.checkoutAt),
    checkoutReview: c.checkoutAt ? (c.checkoutReview ?? 'none') : null,
    minutes: c.minutes,
    hours: c.hours,
    creditedHours: c.creditedHours,
    hoursPoints: c.hoursEntryId ? { eval: c.hoursEval ?? 0, redeem: c.hoursRedeem ?? 0 } : null,
  };
}

export function checkinResult(event: EventDoc, doc: CheckinDoc, already: boolean, now: Date): CheckinResult {
  return {
    ...checkinView(doc),
    eventTitle: event.title,
    checkoutRequired: event.checkoutRequired,
    already,
    serverTime: iso(now)!,
  };
}
