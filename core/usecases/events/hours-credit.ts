import type { Tx } from '../../db/db';
import type { CheckinDoc, EventDoc } from '../../domain/events/event';
import { hoursDraft, hoursWithinCaps } from '../../domain/events/hours';
import type { BalanceDoc } from '../../domain/points/ledger';
import { postEntry } from '../points/post-entry';

export type HoursCredit = Pick<CheckinDoc, 'creditedHours' | 'hoursEntryId' | 'hoursEval' | 'hoursRedeem'>;

/**
 * Credits a check-out's whole hours under the event's hours rule, inside the caller's
 * transaction: the balance (its cap counters) is read, the hours are trimmed to what the rule's
 * day/month caps still allow, and `hrs:<eventId>:<memberId>` is posted (units = hours). The
 * balance read, then the entry's 3 requests; nothing when there is nothing to credit. A taken
 * key throws EntryExists.
 */
export async function creditHours(tx: Tx, event: EventDoc, record: CheckinDoc, hours: number, at: Date): Promise<HoursCredit> {
  const rule = event.hoursRule;
  if (!rule || hours <= 0) return { creditedHours: 0, hoursEntryId: null, hoursEval: null, hoursRedeem: null };
  const balance = await tx.get<BalanceDoc>('balances', record.memberId);
  const credited = hoursWithinCaps(hours, rule, balance?.caps ?? {}, at);
  if (credited <= 0) return { creditedHours: 0, hoursEntryId: null, hoursEval: null, hoursRedeem: null };
  const entry = await postEntry(tx, hoursDraft({ ...event, hoursRule: rule }, record, credited, at));
  return { creditedHours: credited, hoursEntryId: entry._id, hoursEval: entry.eval, hoursRedeem: entry.redeem };
}
