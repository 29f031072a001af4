import { AppError, fail } from '../../contracts/app-error';
import type { Fail } from '../../contracts/envelope';
import { db, DuplicateKeyError, type Tx } from '../../db/db';
import { cappedDraft, checkinDraft, newCheckinDoc, recordOf, type CheckinFacts } from '../../domain/events/checkin';
import { checkinKey, type CheckinDoc, type EventDoc } from '../../domain/events/event';
import type { EntryDraft, LedgerEntry } from '../../domain/points/ledger';
import type { MemberDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { type AuditInput } from '../../domain/audit';
import { EntryExists, postEntry } from '../points/post-entry';
import { carryingCheckin, readCheckin } from './checkin-store';

export type Recorded = { ok: true; doc: CheckinDoc; already: boolean };
/** A `chk:` key taken by something that is not this member's check-in was not made here: never answer for it. */
const foreignKey = (): Fail => fail('CONFLICT');

/**
 * Posts a check-in's entry with its record on it (checkin-store.ts): the rule's points, or 0
 * points when the rule's period cap is already full (the member was there: `capped`). Inside
 * the caller's transaction: balance read, entry add, balance write (3 requests; a full cap adds
 * the refusal's entry read and a second balance read). A taken key throws EntryExists.
 */
export async function postCheckinEntry(tx: Tx, draft: EntryDraft, doc: CheckinDoc): Promise<CheckinDoc> {
  let entry: LedgerEntry;
  let capped = false;
  try {
    entry = await postEntry(carryingCheckin(tx, draft.key, recordOf(doc)), draft);
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'CAP_EXCEEDED')) throw e;
    capped = true;
    entry = await postEntry(carryingCheckin(tx, draft.key, recordOf({ ...doc, capped })), cappedDraft(draft));
  }
  return { ...doc, capped, entryId: entry._id, eval: entry.eval, redeem: entry.redeem };
}

/**
 * Records a check-in made in person (a scan online, or a proxy check-in) exactly once.
 * - With a points rule: ONE transaction of 5 requests (start, balance read, entry add carrying
 *   the record, balance write, commit); no `checkins` document.
 * - Without a rule: one `checkins` add (a transaction of 4 with the audit of a proxy check-in).
 * A repeated scan — a taken key — answers with the first check-in and credits nothing
 * (`already`). An offline scan of the same member still awaiting review at an event without a
 * rule is overtaken: the in-person check-in replaces it (`already: false`). `audit`: the staff
 * write to log with it (proxy check-in), in the same transaction.
 */
export async function recordCheckin(ctx: MemberCtx, event: EventDoc, member: MemberDoc, f: CheckinFacts, now: Date, audit?: AuditInput): Promise<Recorded | Fail> {
  const base = newCheckinDoc(event, member, f, now);
  const draft = checkinDraft(event, member, f, f.proxy ? f.proxy.byId : member._id);
  try {
    // attendance only and no audit: one add, no transaction
    if (!draft && !audit) await db.add('checkins', base);
    const doc =
      !draft && !audit
        ? base
        : await db.transaction(async (tx) => {
            const d = draft ? await postCheckinEntry(tx, draft, base) : (await tx.add('checkins', base), base);
            if (audit) await writeAudit(ctx, audit, tx);
            return d;
          });
    return { ok: true, doc, already: false };
  } catch (e) {
    if (!(e instanceof EntryExists) && !(e instanceof DuplicateKeyError)) throw e;
  }
  const first = await readCheckin(event, member._id);
  if (!first) return foreignKey();
  if (!draft && first.checkinReview === 'pending') return overtakeOfflineScan(ctx, first, base, audit);
  return { ok: true, doc: first, already: true };
}

/** An in-person check-in at an event without a rule replaces an offline scan awaiting review. */
async function overtakeOfflineScan(ctx: MemberCtx, pending: CheckinDoc, base: CheckinDoc, audit?: AuditInput): Promise<Recorded | Fail> {
  const patch = { at: base.at, receivedAt: base.receivedAt, offline: false, checkinReview: base.checkinReview, proxy: base.proxy, distanceM: base.distanceM };
  const doc = await db.transaction(async (tx) => {
    const now = await tx.get<CheckinDoc>('checkins', pending._id);
    if (!now || now.checkinReview !== 'pending') return null;
    await tx.update('checkins', pending._id, patch);
    if (audit) await writeAudit(ctx, audit, tx);
    return { ...now, ...patch };
  });
  if (doc) return { ok: true, doc, already: false };
  const decided = await db.get<CheckinDoc>('checkins', pending._id);
  return decided ? { ok: true, doc: decided, already: true } : foreignKey();
}

/**
 * Keeps an offline scan for staff review: a `checkins` document with `checkinReview: pending`,
 * no entry, no points, not counted as attendance until confirmed (offline-review.ts). At an
 * event with a rule one read first (the member may already be checked in by an entry), then
 * one add. A repeated scan answers with what is kept.
 */
export async function recordOfflineCheckin(event: EventDoc, member: MemberDoc, f: CheckinFacts, now: Date): Promise<Recorded | Fail> {
  const key = checkinKey(event._id, member._id);
  const entered = event.rule ? await db.get<LedgerEntry>('ledger', key) : null;
  if (!entered) {
    const doc = newCheckinDoc(event, member, { ...f, offline: true }, now);
    try {
      await db.add('checkins', doc);
      return { ok: true, doc, already: false };
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
    }
  }
  const first = await readCheckin(event, member._id);
  return first ? { ok: true, doc: first, already: true } : foreignKey();
}
