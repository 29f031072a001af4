import { AppError } from '../../contracts/app-error';
import type { CheckinView, EventView } from '../../contracts/events';
import type { Role } from '../../contracts/roles';
import { db } from '../../db/db';
import type { MemberDoc } from '../../domain/org';
import { windowOf, type CheckinDoc, type EventDoc, type RuleSnapshot } from '../../domain/events/event';

/** Who manages an event (creates it, shows its QR, closes it, sees attendance): staff of the organizing org or above. */
export const EVENT_STAFF: Role[] = ['secretary', 'orgAdmin', 'gridLeader'];

/**
 * Events for scans, cached per warm instance for EVENT_CACHE_MS (default 10 s; 0 turns it off).
 * An event is immutable after creation except its status, so the cache can only be stale about
 * a close or cancel, and for at most that long on other instances (this instance forgets on
 * close) — shorter than a token's own 15–30 s life, so it widens nothing a screenshot could
 * do. It saves the event read on nearly every scan of a busy event. Concurrent misses share one
 * read.
 */
const cache = new Map<string, { doc: EventDoc; until: number }>();
const inflight = new Map<string, Promise<EventDoc | null>>();
const MAX_CACHED = 500;

const cacheMs = (): number => {
  const v = Number(process.env.EVENT_CACHE_MS ?? 10_000);
  return Number.isFinite(v) && v > 0 ? v : 0;
};

export function eventForScan(id: string): Promise<EventDoc | null> {
  const ttl = cacheMs();
  if (!ttl) return db.get<EventDoc>('events', id);
  const hit = cache.get(id);
  if (hit && hit.until > Date.now()) return Promise.resolve(hit.doc);
  let p = inflight.get(id);
  if (!p) {
    p = db
      .get<EventDoc>('events', id)
      .then((doc) => {
        if (doc) {
          if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
          cache.set(id, { doc, until: Date.now() + ttl });
        }
        return doc;
      })
      .finally(() => inflight.delete(id));
    inflight.set(id, p);
  }
  return p;
}

/** Drops an event from this instance's cache (after a close or cancel here). */
export function forgetEvent(id: string): void {
  cache.delete(id);
}

/** Tests: start from an empty cache. */
export function clearEventCache(): void {
  cache.clear();
}

/** The event, read now (never cached); NOT_FOUND when missing. */
export async function eventById(id: string): Promise<EventDoc> {
  const e = await db.get<EventDoc>('events', id);
  if (!e) throw new AppError('NOT_FOUND', '活动不存在或已被删除');
  return e;
}

/** A roster member by id; NOT_FOUND when missing. */
export async function memberById(id: string): Promise<MemberDoc> {
  const m = await db.get<MemberDoc>('members', id);
  if (!m) throw new AppError('NOT_FOUND', '花名册中没有这名党员');
  return m;
}

export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

const rulePoints = (r: RuleSnapshot | null) => (r ? { code: r.code, name: r.name, evalPoints: r.evalPoints, redeemPoints: r.redeemPoints } : null);

/** What clients see of an event: everything but the secret. */
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
    proxy: c.proxy ? { byName: c.proxy.byName, reason: c.proxy.reason } : null,
    distanceM: c.distanceM,
    points: { eval: c.eval, redeem: c.redeem },
    capped: c.capped,
    checkoutAt: iso(c.checkoutAt),
    minutes: c.minutes,
    hours: c.hours,
    creditedHours: c.creditedHours,
    hoursPoints: c.hoursEntryId ? { eval: c.hoursEval ?? 0, redeem: c.hoursRedeem ?? 0 } : null,
  };
}
