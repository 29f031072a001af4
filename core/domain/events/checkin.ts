import type { MemberDoc } from '../org';
import type { EntryDraft } from '../points/ledger';
import { ruleRefOf } from '../points/rule';
import { checkinKey, type CheckinDoc, type EventDoc } from './event';

export type CheckinFacts = {
  at: Date;
  offline: boolean;
  distanceM: number | null;
  proxy: CheckinDoc['proxy'];
};

/** The ledger entry a check-in credits under the event's rule snapshot: `chk:<eventId>:<memberId>`, one use of the caps. */
export function checkinDraft(event: EventDoc, member: MemberDoc, f: CheckinFacts, actorId: string): EntryDraft | null {
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
    proxy: f.proxy,
    distanceM: f.distanceM,
    entryId: null,
    eval: 0,
    redeem: 0,
    capped: false,
    checkoutAt: null,
    checkoutOffline: null,
    minutes: null,
    hours: null,
    creditedHours: null,
    hoursEntryId: null,
    hoursEval: null,
    hoursRedeem: null,
  };
}
