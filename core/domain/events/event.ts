import type { EventStatus, EventType, ReviewState } from '../../contracts/events';
import type { RuleSnapshot } from '../points/rule';

/** What an event keeps of a rule version, taken at creation: check-in needs no rule read. */
export { ruleSnapshot, type RuleSnapshot } from '../points/rule';

/**
 * A service event. Immutable after creation except `status`/`closedAt` (to change a time or a
 * place, cancel and create again), which is what lets check-in serve it from a short cache.
 */
export type EventDoc = {
  _id: string;
  type: EventType;
  title: string;
  orgId: string;
  orgName: string;
  /** The organizing org's ancestors (self last): who may manage it. */
  ancestors: string[];
  scopeOrgId: string;
  scopeName: string;
  startAt: Date;
  endAt: Date;
  earlyMinutes: number;
  lateMinutes: number;
  /** A scan queued offline may arrive until check-in closes plus this (absent on older events: the default). */
  offlineGraceMinutes?: number;
  place: { name: string } | null;
  geofence: { lat: number; lng: number; radiusM: number } | null;
  rule: RuleSnapshot | null;
  hoursRule: RuleSnapshot | null;
  capacity: number | null;
  checkoutRequired: boolean;
  /** HMAC key of the rotating QR. Never leaves the server. */
  secret: string;
  status: EventStatus;
  closedAt: Date | null;
  closeReason: string | null;
  note: string;
  createdBy: string;
  createdByName: string;
  /** Fingerprint of the create request (a retry with the same requestId answers with this event). */
  fingerprint: string;
  createdAt: Date;
};

/**
 * One member's attendance at one event (`_id` = `chk:<eventId>:<memberId>`, the same key as its
 * ledger entry). Where it lives (docs/flows/checkin.md, "Where a check-in is kept"):
 * - an event WITH a check-in rule: on the ledger entry itself (`checkin` field, CheckinRecord in
 *   checkin.ts), written in the crediting transaction; a document in `checkins` only once there is
 *   something the immutable entry cannot hold: a check-out, or an offline scan awaiting review;
 * - an event without one: a document in `checkins`.
 * Location is kept only as distance; never coordinates.
 */
export type CheckinDoc = {
  _id: string;
  eventId: string;
  memberId: string;
  memberName: string;
  branchId: string;
  /** The member's org ancestors, for org-level attendance. */
  ancestors: string[];
  /** Scan time (an offline scan's phone time, checked against the token step). */
  at: Date;
  receivedAt: Date;
  offline: boolean;
  /** `pending`: an offline check-in nobody has confirmed: not attendance, nothing credited yet. */
  checkinReview: ReviewState;
  proxy: { byId: string; byName: string; reason: string } | null;
  distanceM: number | null;
  entryId: string | null;
  eval: number;
  redeem: number;
  capped: boolean;
  checkoutAt: Date | null;
  checkoutOffline: boolean | null;
  /** `pending`: an offline check-out whose hours wait for confirmation; null before a check-out. */
  checkoutReview: ReviewState | null;
  minutes: number | null;
  hours: number | null;
  creditedHours: number | null;
  hoursEntryId: string | null;
  hoursEval: number | null;
  hoursRedeem: number | null;
  /** Who confirmed or refused its offline scans, and when. */
  reviewedBy: { id: string; name: string } | null;
  reviewedAt: Date | null;
};

/** A refused scan, kept for staff review. One per (event, member, code, 15 s step): a spammer cannot flood it. */
export type ScanRejectionDoc = {
  _id: string;
  eventId: string | null;
  memberId: string;
  memberName: string;
  branchId: string;
  kind: 'checkin' | 'checkout';
  code: string;
  at: Date;
  scannedAt: Date | null;
  offline: boolean;
  distanceM: number | null;
};

export const checkinKey = (eventId: string, memberId: string): string => `chk:${eventId}:${memberId}`;
export const hoursKey = (eventId: string, memberId: string): string => `hrs:${eventId}:${memberId}`;
export const rejectionKey = (eventId: string | null, memberId: string, code: string, serverStep: number): string => `rej:${eventId ?? '-'}:${memberId}:${code}:${serverStep}`;

/** Defaults per type: which rule a check-in credits, which rule a check-out credits per hour, whether check-out is asked. */
export const TYPE_DEFAULTS: Record<EventType, { ruleCode: string | null; hoursRuleCode: string | null; checkoutRequired: boolean }> = {
  dedication: { ruleCode: 'DEDICATION_DAY', hoursRuleCode: null, checkoutRequired: false },
  themeDay: { ruleCode: 'ACTIVITY_DAY', hoursRuleCode: null, checkoutRequired: false },
  meeting: { ruleCode: 'MEETING', hoursRuleCode: null, checkoutRequired: false },
  volunteer: { ruleCode: null, hoursRuleCode: 'VOLUNTEER_HOUR', checkoutRequired: true },
  gridDuty: { ruleCode: null, hoursRuleCode: null, checkoutRequired: false },
  other: { ruleCode: null, hoursRuleCode: null, checkoutRequired: false },
};

const MIN = 60_000;
/** Check-in is open from start − early to end + late (inclusive). */
export function windowOf(e: Pick<EventDoc, 'startAt' | 'endAt' | 'earlyMinutes' | 'lateMinutes'>): { opensAt: Date; closesAt: Date } {
  return { opensAt: new Date(+e.startAt - e.earlyMinutes * MIN), closesAt: new Date(+e.endAt + e.lateMinutes * MIN) };
}

/** The grace for offline scans when an event does not set one. */
export const DEFAULT_OFFLINE_GRACE_MINUTES = 30;

/**
 * The last moment a scan queued offline may reach the server: when check-in closed (the window's
 * end, or an earlier close by staff) plus the event's grace. After it a queued scan proves
 * nothing the secretary could still check at the square, so it is refused.
 */
export function offlineDeadline(e: Pick<EventDoc, 'startAt' | 'endAt' | 'earlyMinutes' | 'lateMinutes' | 'offlineGraceMinutes' | 'status' | 'closedAt'>): Date {
  const { closesAt } = windowOf(e);
  const closed = e.status !== 'open' && e.closedAt && +e.closedAt < +closesAt ? e.closedAt : closesAt;
  return new Date(+closed + (e.offlineGraceMinutes ?? DEFAULT_OFFLINE_GRACE_MINUTES) * MIN);
}

export function windowState(e: Pick<EventDoc, 'startAt' | 'endAt' | 'earlyMinutes' | 'lateMinutes'>, at: Date): 'before' | 'open' | 'after' {
  const w = windowOf(e);
  if (+at < +w.opensAt) return 'before';
  if (+at > +w.closesAt) return 'after';
  return 'open';
}

/** Was check-in possible at `at` as far as the event's status goes? */
export function openAt(e: Pick<EventDoc, 'status' | 'closedAt'>, at: Date): boolean {
  if (e.status === 'cancelled') return false;
  if (e.status === 'closed') return !!e.closedAt && +at < +e.closedAt;
  return true;
}

export const MAX_EVENT_MS = 7 * 24 * 3600 * 1000;
export const MAX_AHEAD_MS = 366 * 24 * 3600 * 1000;

/**
 * Checks an event plan: the end after the start, at most 7 days long, not already over and
 * at most a year ahead. Returns the offending field or null.
 */
export function checkPlan(p: { startAt: Date; endAt: Date; lateMinutes: number; checkoutRequired: boolean; hoursRule: boolean }, now: Date): { field: string; message: string } | null {
  if (+p.endAt <= +p.startAt) return { field: 'endAt', message: '结束时间必须晚于开始时间' };
  if (+p.endAt - +p.startAt > MAX_EVENT_MS) return { field: 'endAt', message: '活动时长不能超过 7 天' };
  if (+p.endAt + p.lateMinutes * MIN < +now) return { field: 'endAt', message: '活动已经结束，不能再创建' };
  if (+p.startAt - +now > MAX_AHEAD_MS) return { field: 'startAt', message: '只能创建一年以内的活动' };
  if (p.hoursRule && !p.checkoutRequired) return { field: 'hoursRuleCode', message: '按时长计分的活动需要签退' };
  return null;
}
