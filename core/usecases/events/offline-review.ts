import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { OfflineDecisionInput, OfflineDecisionResult } from '../../contracts/events';
import type { Role } from '../../contracts/roles';
import { db } from '../../db/db';
import { attended, checkinDraft, checkinFromEntry, pickCheckin, type CheckinEntry } from '../../domain/events/checkin';
import { checkinKey, type CheckinDoc, type EventDoc } from '../../domain/events/event';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { EntryExists } from '../points/post-entry';
import { creditHours } from './hours-credit';
import { postCheckinEntry } from './record-checkin';

/**
 * Staff review of offline scans (docs/flows/checkin.md, "Offline scans"). An offline scan is
 * kept as a `checkins` document with `checkinReview: 'pending'` (a check-in: not attendance,
 * nothing credited) or `checkoutReview: 'pending'` (a check-out: its hours not credited).
 * Confirming credits what it earned through the ledger, exactly once (the entry keys
 * `chk:`/`hrs:<eventId>:<memberId>`), and marks it confirmed; refusing credits nothing. Each
 * member is decided in its own transaction with its audit record. A check-in overtaken by an
 * in-person one (an online scan or a proxy check-in, whose entry already holds the check-in)
 * credits nothing more when confirmed.
 */

export type Decision = 'confirmed' | 'refused';

/** At most this many members per call (each one a transaction of up to 13 requests); `all` leaves the rest as `remaining`. */
export const PER_CALL = 50;
const PARALLEL = 5;

const isPending = (d: Pick<CheckinDoc, 'checkinReview' | 'checkoutReview'>): boolean => d.checkinReview === 'pending' || d.checkoutReview === 'pending';

/** The members with a scan awaiting review at the event (two indexed reads, one per kind of scan). */
export async function pendingMembers(eventId: string): Promise<string[]> {
  const [a, b] = await Promise.all([db.findAll<CheckinDoc>('checkins', { eventId, checkinReview: 'pending' }), db.findAll<CheckinDoc>('checkins', { eventId, checkoutReview: 'pending' })]);
  return [...new Set([...a, ...b].sort((x, y) => +x.at - +y.at || x.memberId.localeCompare(y.memberId)).map((d) => d.memberId))];
}

type Outcome = { decided: boolean; eval: number; redeem: number };
const NONE: Outcome = { decided: false, eval: 0, redeem: 0 };

/**
 * Confirms one member's pending scans in one transaction: the check-in's entry (the rule's
 * points, 0 when its cap is full) unless an in-person check-in's entry is there already, then a
 * check-out's hours not yet credited, the document, the audit record.
 * Requests (an event with a rule, a check-in): start, document, entry read, balance read, entry
 * add, balance write, document update, audit add, commit = 9; + 4 for hours (balance read, the
 * entry's 3).
 */
async function confirmOne(ctx: MemberCtx, role: Role, event: EventDoc, memberId: string, reason: string | undefined): Promise<Outcome> {
  const now = ctx.clock.now();
  const key = checkinKey(event._id, memberId);
  const reviewer = { id: ctx.actor.memberId, name: ctx.actor.name };
  return db.transaction(async (tx) => {
    const doc = await tx.get<CheckinDoc>('checkins', key);
    if (!doc || !isPending(doc)) return NONE;
    let next: CheckinDoc = { ...doc, reviewedBy: reviewer, reviewedAt: now };
    const gained = { eval: 0, redeem: 0 };
    if (doc.checkinReview === 'pending') {
      const entry = event.rule ? await tx.get<CheckinEntry>('ledger', key) : null;
      // overtaken by an in-person check-in: its entry is the check-in, nothing more to credit
      if (entry?.checkin) next = { ...next, ...pickCheckin(checkinFromEntry(entry)) };
      else {
        next = { ...next, checkinReview: 'confirmed' };
        const draft = checkinDraft(event, { _id: doc.memberId, ancestors: doc.ancestors }, { at: doc.at, offline: true, distanceM: doc.distanceM, proxy: null }, ctx.actor.memberId);
        if (draft) {
          next = await postCheckinEntry(tx, draft, next);
          Object.assign(gained, { eval: next.eval, redeem: next.redeem });
        }
      }
    }
    // hours wait when the check-out was offline, or the check-in was (credited now that it counts)
    if (next.checkoutAt && next.creditedHours === null && attended(next)) {
      next = { ...next, ...(await creditHours(tx, event, next, next.hours ?? 0, next.checkoutAt)) };
      Object.assign(gained, { eval: gained.eval + (next.hoursEval ?? 0), redeem: gained.redeem + (next.hoursRedeem ?? 0) });
    }
    if (next.checkoutReview === 'pending') next = { ...next, checkoutReview: 'confirmed' };
    const { _id, ...body } = next;
    await tx.update('checkins', _id, body);
    await writeAudit(ctx, auditOf(role, 'confirm', doc, next, gained, reason), tx);
    return { decided: true, ...gained };
  });
}

/** Refuses one member's pending scans: nothing credited, the document marked, audited. start, document, update, audit, commit = 5. */
async function refuseOne(ctx: MemberCtx, role: Role, event: EventDoc, memberId: string, reason: string | undefined): Promise<Outcome> {
  const now = ctx.clock.now();
  const key = checkinKey(event._id, memberId);
  return db.transaction(async (tx) => {
    const doc = await tx.get<CheckinDoc>('checkins', key);
    if (!doc || !isPending(doc)) return NONE;
    const patch: Partial<CheckinDoc> = { reviewedBy: { id: ctx.actor.memberId, name: ctx.actor.name }, reviewedAt: now };
    if (doc.checkinReview === 'pending') patch.checkinReview = 'refused';
    if (doc.checkoutReview === 'pending') patch.checkoutReview = 'refused';
    // hours that waited for this check-in or check-out will not come
    if (doc.checkoutAt && doc.creditedHours === null) patch.creditedHours = 0;
    await tx.update('checkins', key, patch);
    await writeAudit(ctx, auditOf(role, 'refuse', doc, { ...doc, ...patch }, { eval: 0, redeem: 0 }, reason), tx);
    return { decided: true, eval: 0, redeem: 0 };
  });
}

function auditOf(role: Role, what: 'confirm' | 'refuse', before: CheckinDoc, after: CheckinDoc, credited: { eval: number; redeem: number }, reason: string | undefined) {
  return {
    role,
    action: `events.offline.${what}`,
    targetType: 'member',
    targetId: before.memberId,
    ancestors: before.ancestors,
    before: { eventId: before.eventId, checkinReview: before.checkinReview, checkoutReview: before.checkoutReview, at: before.at, checkoutAt: before.checkoutAt },
    after: { checkinReview: after.checkinReview, checkoutReview: after.checkoutReview, credited },
    reason,
  };
}

/** A member's decision, run again once if an in-person check-in posted its entry in the meantime (the re-run then finds it). */
async function decideOne(ctx: MemberCtx, role: Role, event: EventDoc, memberId: string, decision: Decision, reason: string | undefined): Promise<Outcome> {
  const run = () => (decision === 'confirmed' ? confirmOne(ctx, role, event, memberId, reason) : refuseOne(ctx, role, event, memberId, reason));
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof EntryExists)) throw e;
    return run();
  }
}

/**
 * Decides the pending offline scans of the named members (at most PER_CALL, the contract's
 * limit), or of every member (`all`: PER_CALL per call, `remaining` for the next call), a few at
 * a time (different members: no conflicts).
 */
export async function decideOffline(ctx: MemberCtx, role: Role, event: EventDoc, input: OfflineDecisionInput, decision: Decision): Promise<Result<OfflineDecisionResult>> {
  const wanted = input.all ? await pendingMembers(event._id) : [...new Set(input.memberIds)];
  const now = wanted.slice(0, PER_CALL);
  const outcomes = new Map<string, Outcome>();
  for (let i = 0; i < now.length; i += PARALLEL) {
    const chunk = now.slice(i, i + PARALLEL);
    const done = await Promise.all(chunk.map((m) => decideOne(ctx, role, event, m, decision, input.reason)));
    chunk.forEach((m, k) => outcomes.set(m, done[k]));
  }
  const decided = now.filter((m) => outcomes.get(m)?.decided);
  const credited = [...outcomes.values()].reduce((s, o) => ({ eval: s.eval + o.eval, redeem: s.redeem + o.redeem }), { eval: 0, redeem: 0 });
  return ok({ eventId: event._id, decision, decided, credited, skipped: now.filter((m) => !outcomes.get(m)?.decided), remaining: wanted.length - now.length });
}
