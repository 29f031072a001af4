import { cmd, db, type Tx, type Where } from '../../db/db';
import { mergeCheckin, mergeCheckins, type CheckinEntry, type CheckinRecord } from '../../domain/events/checkin';
import { checkinKey, type CheckinDoc, type EventDoc } from '../../domain/events/event';

/**
 * Where check-ins are kept, and how they are read back (docs/flows/checkin.md, "Where a
 * check-in is kept"). At an event with a check-in rule the record rides on its ledger entry
 * (`chk:<eventId>:<memberId>`, field `checkin`), so a credited scan writes one document, not
 * two; a `checkins` document holds what an immutable entry cannot (a check-out, an offline scan
 * awaiting review). At an event without a rule the `checkins` document is the record. Reads
 * merge both by key (domain `mergeCheckin`). Both lookups are indexed: `ledger.source.id`,
 * `checkins.eventId`.
 */

const IDS_PER_QUERY = 100;

/** The filter for check-in entries of some events. */
const entryWhere = (eventIds: string[]): Where => ({ 'source.id': eventIds.length === 1 ? eventIds[0] : cmd().in(eventIds), 'source.type': 'checkin' });

/** Documents that are not attendance: an offline check-in awaiting review, or refused. */
const NOT_ATTENDED = ['pending', 'refused'];

/**
 * A transaction in which the ledger entry `key`, when postEntry adds it, carries the check-in
 * record: the same single `add` request writes both. The entry's hash (chain.ts) covers its
 * points, not this field.
 */
export function carryingCheckin(tx: Tx, key: string, record: CheckinRecord): Tx {
  return { ...tx, add: (c, doc) => tx.add(c, c === 'ledger' && doc._id === key ? { ...doc, checkin: record } : doc) };
}

/** One member's check-in at an event, or null. Two reads at an event with a rule, one without. */
export async function readCheckin(event: Pick<EventDoc, '_id' | 'rule'>, memberId: string): Promise<CheckinDoc | null> {
  const key = checkinKey(event._id, memberId);
  if (!event.rule) return db.get<CheckinDoc>('checkins', key);
  const [entry, doc] = await Promise.all([db.get<CheckinEntry>('ledger', key), db.get<CheckinDoc>('checkins', key)]);
  return mergeCheckin(entry?.checkin ? entry : null, doc);
}

/**
 * readCheckin inside a transaction (single documents, as CloudBase allows): the record, and
 * whether a `checkins` document holds it (update it) or only an entry (set one). One read, or
 * two at an event with a rule when the document does not name its entry.
 */
export async function readCheckinTx(tx: Tx, event: Pick<EventDoc, '_id' | 'rule'>, memberId: string): Promise<{ record: CheckinDoc | null; stored: boolean }> {
  const key = checkinKey(event._id, memberId);
  const doc = await tx.get<CheckinDoc>('checkins', key);
  if (!event.rule || doc?.entryId) return { record: doc, stored: !!doc };
  const entry = await tx.get<CheckinEntry>('ledger', key);
  return { record: mergeCheckin(entry?.checkin ? entry : null, doc), stored: !!doc };
}

/** Writes a record's new state to its `checkins` document (creating it when only the entry held it). */
export async function writeCheckinTx(tx: Tx, stored: boolean, record: CheckinDoc, patch: Partial<CheckinDoc>): Promise<CheckinDoc> {
  const next = { ...record, ...patch };
  const { _id, ...body } = next;
  if (stored) await tx.update('checkins', _id, body);
  else await tx.set('checkins', _id, body);
  return next;
}

/** A member's check-ins at several events (an events list): one read of entries and one of documents. */
export async function readMemberCheckins(events: Pick<EventDoc, '_id' | 'rule'>[], memberId: string): Promise<CheckinDoc[]> {
  if (!events.length) return [];
  const keys = events.map((e) => checkinKey(e._id, memberId));
  const withRule = events.filter((e) => e.rule).map((e) => checkinKey(e._id, memberId));
  const [entries, docs] = await Promise.all([
    withRule.length ? db.find<CheckinEntry>('ledger', { _id: cmd().in(withRule) }, { limit: withRule.length }) : Promise.resolve([]),
    db.find<CheckinDoc>('checkins', { _id: cmd().in(keys) }, { limit: keys.length }),
  ]);
  return mergeCheckins(
    entries.filter((e) => e.checkin),
    docs,
  );
}

/**
 * Every check-in of some events (attendance, the dedication month), paged past 1,000 and 100
 * events a query. `narrow.entries` / `narrow.docs` narrow the two reads (e.g. to a branch).
 */
export async function readCheckins(events: Pick<EventDoc, '_id' | 'rule'>[], narrow: { entries?: Where; docs?: Where } = {}): Promise<CheckinDoc[]> {
  const withRule = events.filter((e) => e.rule).map((e) => e._id);
  const all = events.map((e) => e._id);
  const entries: CheckinEntry[] = [];
  const docs: CheckinDoc[] = [];
  for (let i = 0; i < withRule.length; i += IDS_PER_QUERY) entries.push(...(await db.findAll<CheckinEntry>('ledger', { ...entryWhere(withRule.slice(i, i + IDS_PER_QUERY)), ...narrow.entries })));
  for (let i = 0; i < all.length; i += IDS_PER_QUERY) {
    const chunk = all.slice(i, i + IDS_PER_QUERY);
    docs.push(...(await db.findAll<CheckinDoc>('checkins', { eventId: chunk.length === 1 ? chunk[0] : cmd().in(chunk), ...narrow.docs })));
  }
  // an entry from before check-ins rode on entries has its record in its document
  return mergeCheckins(
    entries.filter((e) => e.checkin),
    docs,
  );
}

/** How many members are checked in (attendance: not an offline scan awaiting or refused review). One count. */
export function countAttended(event: Pick<EventDoc, '_id' | 'rule'>): Promise<number> {
  return event.rule ? db.count('ledger', entryWhere([event._id])) : db.count('checkins', { eventId: event._id, checkinReview: cmd().nin(NOT_ATTENDED) });
}

/** How many have checked out. One count. */
export function countCheckedOut(event: Pick<EventDoc, '_id'>): Promise<number> {
  return db.count('checkins', { eventId: event._id, checkoutAt: cmd().neq(null), checkinReview: cmd().nin(NOT_ATTENDED) });
}

/** Check-in counts of several events: one aggregation per store. */
export async function countAttendedByEvent(events: Pick<EventDoc, '_id' | 'rule'>[]): Promise<Map<string, number>> {
  const withRule = events.filter((e) => e.rule).map((e) => e._id);
  const without = events.filter((e) => !e.rule).map((e) => e._id);
  const group = { group: { _id: '$eventId', n: { $sum: 1 } } };
  const [a, b] = await Promise.all([
    withRule.length
      ? db.aggregate<{ _id: string; n: number }>('ledger', [
          { match: { 'source.id': cmd().in(withRule), 'source.type': 'checkin' } },
          { group: { _id: '$source.id', n: { $sum: 1 } } },
          { limit: withRule.length },
        ])
      : Promise.resolve([]),
    without.length
      ? db.aggregate<{ _id: string; n: number }>('checkins', [{ match: { eventId: cmd().in(without), checkinReview: cmd().nin(NOT_ATTENDED) } }, group, { limit: without.length }])
      : Promise.resolve([]),
  ]);
  return new Map([...a, ...b].map((c) => [c._id, c.n]));
}
