import { distanceM } from './geo';
import { offlineDeadline, openAt, windowOf, type EventDoc } from './event';
import { scanSignatureValid } from './scene';
import { freshness, stepOf, type ParsedToken } from './token';

/** Codes a scan can be refused with, in the order the guards run. */
export type ScanRefusal =
  'CHECKIN_TOKEN_INVALID' | 'EVENT_NOT_OPEN' | 'CHECKIN_TOKEN_EXPIRED' | 'CHECKIN_OFFLINE_TOO_LATE' | 'CHECKIN_OUT_OF_WINDOW' | 'CHECKIN_NOT_IN_SCOPE' | 'LOCATION_REQUIRED' | 'CHECKIN_OUT_OF_RANGE';
/** A scan time this far ahead of the server clock is a forgery, not clock drift. */
export const MAX_FUTURE_SKEW_MS = 60_000;

export type ScanRequest = {
  token: ParsedToken | null;
  /** The event page the scan was made from, when there is one. */
  expectedEventId?: string;
  /** Offline scans only: when the phone read the code. */
  scannedAt: Date | null;
  location: { lat: number; lng: number } | null;
  /** check-in checks the member's scope; check-out relies on the check-in having done so. */
  kind: 'checkin' | 'checkout';
};

export type ScanEvent = Pick<EventDoc, '_id' | 'secret' | 'status' | 'closedAt' | 'startAt' | 'endAt' | 'earlyMinutes' | 'lateMinutes' | 'offlineGraceMinutes' | 'scopeOrgId' | 'geofence'>;

export type ScanDecision = { ok: true; at: Date; offline: boolean; distanceM: number | null } | { ok: false; code: ScanRefusal; distanceM: number | null };

/**
 * The ordered guards of a scan (DESIGN.md "Check-in"), pure, the clock passed in:
 * 1. the text is one of our codes and names an existing event (else TOKEN_INVALID), and the
 *    event page it was scanned from, if any (a code of another event is TOKEN_INVALID);
 * 2. the event is open at the scan time (cancelled, or closed before the scan: EVENT_NOT_OPEN);
 * 3. the signature (text token) or MAC (小程序码 scene, scene.ts) is the event's (TOKEN_INVALID)
 *    and the token fresh: its step is the scan's step or the one before (TOKEN_EXPIRED; a later
 *    step, a scan time in the future: INVALID);
 *    an offline scan arriving after check-in closed plus the event's grace: OFFLINE_TOO_LATE;
 * 4. the scan time is inside the window start − early … end + late (OUT_OF_WINDOW);
 * 5. check-in: the member belongs to the event's scope org (NOT_IN_SCOPE);
 * 6. with a geofence: a location was sent (LOCATION_REQUIRED) within the radius (OUT_OF_RANGE).
 * The scan time is the server's now, or for an offline scan the phone's scan time, accepted
 * only because the token step it carries must match it. An accepted offline scan still credits
 * nothing until staff confirm it (the use case's concern, `offline: true` here).
 */
export function checkScan(req: ScanRequest, event: ScanEvent | null, member: { ancestors: string[]; status: string }, now: Date): ScanDecision {
  const refuse = (code: ScanRefusal, d: number | null = null): ScanDecision => ({ ok: false, code, distanceM: d });
  const t = req.token;
  if (!t || !event || t.eventId !== event._id) return refuse('CHECKIN_TOKEN_INVALID');
  if (req.expectedEventId && req.expectedEventId !== t.eventId) return refuse('CHECKIN_TOKEN_INVALID');
  const offline = req.scannedAt !== null;
  const at = req.scannedAt ?? now;
  if (!openAt(event, at)) return refuse('EVENT_NOT_OPEN');
  if (!scanSignatureValid(t, event.secret)) return refuse('CHECKIN_TOKEN_INVALID');
  if (offline) {
    if (+at > +now + MAX_FUTURE_SKEW_MS) return refuse('CHECKIN_TOKEN_INVALID');
    // a screenshot forwarded after the event is over is no longer worth reviewing
    if (+now > +offlineDeadline(event)) return refuse('CHECKIN_OFFLINE_TOO_LATE');
    // the token cannot come from a step the server has not reached, whatever the phone says
    if (t.step > stepOf(now)) return refuse('CHECKIN_TOKEN_INVALID');
  }
  const stale = freshness(t.step, stepOf(at));
  if (stale) return refuse(stale);
  const w = windowOf(event);
  if (+at < +w.opensAt || +at > +w.closesAt) return refuse('CHECKIN_OUT_OF_WINDOW');
  if (req.kind === 'checkin' && (member.status !== 'active' || !member.ancestors.includes(event.scopeOrgId))) return refuse('CHECKIN_NOT_IN_SCOPE');
  let d: number | null = null;
  if (event.geofence) {
    if (!req.location) return refuse('LOCATION_REQUIRED');
    d = Math.round(distanceM(req.location, event.geofence));
    if (d > event.geofence.radiusM) return refuse('CHECKIN_OUT_OF_RANGE', d);
  }
  return { ok: true, at, offline, distanceM: d };
}
