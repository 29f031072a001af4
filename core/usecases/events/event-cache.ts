import { db } from '../../db/db';
import type { EventDoc } from '../../domain/events/event';

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

/** The event for a scan: from this instance's cache when fresh, else one read; null when there is none. */
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
