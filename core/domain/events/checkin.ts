import type { MemberDoc } from '../org/model';
import type { EntryDraft, LedgerEntry } from '../points/ledger';
import { ruleRefOf } from '../points/rule';
import { checkinKey, type CheckinDoc, type EventDoc } from './event';

export type CheckinFacts = {
  at: Date;
  offline: boolean;
  distanceM: number | null;
  proxy: CheckinDoc['proxy'];
};

/** The ledger entry a check-in credits under the event's rule snapshot: `chk:<eventId>:<memberId>`, one use of the caps. */
export function checkinDraft(event: EventDoc, member: Pick<MemberDoc, '_id' | 'ancestors'>, f: CheckinFacts, actorId: string): EntryDraft | null {
  const r = event.rule;
  if (!r) return null;
  return {
    key: checkinKey(event._id, member._id),
    memberId: member._id,
    ancestors: member.ancestors,
    eval: r.evalPoints,
    redeem: r.redeemPoints,
    rule: ruleRefOf(r),
    source: { type: 'checkin', id: event._id },
    units: 1,
    actorId,
    note: (f.proxy ? `${event.title}（代签到：${f.proxy.reason}）` : f.offline ? `${event.title}（离线签到）` : event.title).slice(0, 100),
    at: f.at,
  };
}

/**
 * The same check-in when the rule's period cap is already full: the member was there, so the
 * check-in is still recorded, as an entry of 0 points that uses no cap (it keeps the key, so a
 * later scan of the same event, even in a period with room, credits nothing twice).
 */
export function cappedDraft(d: EntryDraft): EntryDraft {
  return { ...d, eval: 0, redeem: 0, units: 0, note: `${d.note ?? ''}（已达本期上限，不计分）`.slice(0, 100) };
}

/** A check-in's check-out fields before any check-out (hours are credited at check-out). */
const NOT_CHECKED_OUT = {
  checkoutAt: null,
  checkoutOffline: null,
  checkoutReview: null,
  minutes: null,
  hours: null,
  creditedHours: null,
  hoursEntryId: null,
  hoursEval: null,
  hoursRedeem: null,
} as const satisfies Partial<CheckinDoc>;

/** A new check-in record, before any credit (`entryId` and amounts are set when one posts). */
export function newCheckinDoc(event: EventDoc, member: MemberDoc, f: CheckinFacts, receivedAt: Date): CheckinDoc {
  return {
    _id: checkinKey(event._id, member._id),
    eventId: event._id,
    memberId: member._id,
    memberName: member.name,
    branchId: member.branchId,
    ancestors: member.ancestors,
    at: f.at,
    receivedAt,
    offline: f.offline,
    checkinReview: f.offline ? 'pending' : 'none',
    proxy: f.proxy,
    distanceM: f.distanceM,
    entryId: null,
    eval: 0,
    redeem: 0,
    capped: false,
    ...NOT_CHECKED_OUT,
    reviewedBy: null,
    reviewedAt: null,
  };
}

/**
 * What a credited check-in's ledger entry carries of its check-in (the `checkin` field): with
 * the entry's own member, amounts and time, the whole record (checkinFromEntry). The entry's
 * hash covers its points, not this.
 */
export type CheckinRecord = Pick<CheckinDoc, 'eventId' | 'memberName' | 'branchId' | 'receivedAt' | 'offline' | 'checkinReview' | 'proxy' | 'distanceM' | 'capped' | 'reviewedBy' | 'reviewedAt'>;

export const recordOf = (d: CheckinDoc): CheckinRecord => ({
  eventId: d.eventId,
  memberName: d.memberName,
  branchId: d.branchId,
  receivedAt: d.receivedAt,
  offline: d.offline,
  checkinReview: d.checkinReview,
  proxy: d.proxy,
  distanceM: d.distanceM,
  capped: d.capped,
  reviewedBy: d.reviewedBy,
  reviewedAt: d.reviewedAt,
});

/** A check-in entry: a ledger entry with its check-in record. */
export type CheckinEntry = Pick<LedgerEntry, '_id' | 'memberId' | 'ancestors' | 'eval' | 'redeem' | 'createdAt'> & { checkin: CheckinRecord };

/** The check-in an entry records (no check-out yet: that lives in a `checkins` document). */
export function checkinFromEntry(e: CheckinEntry): CheckinDoc {
  const c = e.checkin;
  return {
    _id: e._id,
    eventId: c.eventId,
    memberId: e.memberId,
    memberName: c.memberName,
    branchId: c.branchId,
    ancestors: e.ancestors,
    at: e.createdAt,
    receivedAt: c.receivedAt,
    offline: c.offline,
    checkinReview: c.checkinReview,
    proxy: c.proxy,
    distanceM: c.distanceM,
    entryId: e._id,
    eval: e.eval,
    redeem: e.redeem,
    capped: c.capped,
    ...NOT_CHECKED_OUT,
    reviewedBy: c.reviewedBy,
    reviewedAt: c.reviewedAt,
  };
}

/**
 * One member's check-in at an event from what is stored: the entry (an event with a rule) and
 * the document. A document that names the entry (`entryId`) is the whole record (the entry
 * plus a check-out or a review). A document without it next to an entry is an offline scan
 * overtaken by an online scan or a proxy check-in, which the entry records: the entry's
 * check-in, the document's check-out if any.
 */
export function mergeCheckin(entry: CheckinEntry | null, doc: CheckinDoc | null): CheckinDoc | null {
  if (!entry) return doc;
  const fromEntry = checkinFromEntry(entry);
  if (!doc) return fromEntry;
  if (doc.entryId) return doc;
  return {
    ...doc,
    ...pickCheckin(fromEntry),
  };
}

/** The check-in half of a record (the rest is its check-out and review). */
export function pickCheckin(d: CheckinDoc): Pick<CheckinDoc, 'at' | 'receivedAt' | 'offline' | 'checkinReview' | 'proxy' | 'distanceM' | 'entryId' | 'eval' | 'redeem' | 'capped'> {
  return {
    at: d.at,
    receivedAt: d.receivedAt,
    offline: d.offline,
    checkinReview: d.checkinReview,
    proxy: d.proxy,
    distanceM: d.distanceM,
    entryId: d.entryId,
    eval: d.eval,
    redeem: d.redeem,
    capped: d.capped,
  };
}

/** Is this member checked in (attendance), as opposed to an offline scan awaiting or refused review? */
export const attended = (d: Pick<CheckinDoc, 'checkinReview'>): boolean => d.checkinReview === 'none' || d.checkinReview === 'confirmed';

/** Merges entries and documents of the same events into one record per (event, member). */
export function mergeCheckins(entries: CheckinEntry[], docs: CheckinDoc[]): CheckinDoc[] {
  const byKey = new Map<string, CheckinDoc | null>(docs.map((d) => [d._id, d]));
  const out: CheckinDoc[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    seen.add(e._id);
    out.push(mergeCheckin(e, byKey.get(e._id) ?? null)!);
  }
  for (const d of docs) if (!seen.has(d._id)) out.push(d);
  return out;
}
