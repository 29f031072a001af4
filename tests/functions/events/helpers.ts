import type { EventsCreateInput, EventView } from '../../../core/contracts/events';
import type { EventDoc } from '../../../core/domain/events/event';
import { issueToken, stepOf } from '../../../core/domain/events/token';
import type { MemberDoc } from '../../../core/domain/org/model';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { expectOk, type Call } from '../../support/cloud';

export const SECRETARY_B01 = 'demo-secretary-b01';

/** Binds roster members to test openids (`t-<memberId>`), leaving already bound ones as they are. */
export async function bindMembers(cloud: LocalCloud, ids: string[]): Promise<string[]> {
  for (const id of ids) {
    const m = cloud.store.getById('members', id) as unknown as MemberDoc;
    if (m.openid.startsWith('unbound:')) await cloud.store.updateById('members', id, { $set: { openid: `t-${id}` } }).durable;
  }
  return ids.map((id) => (cloud.store.getById('members', id) as unknown as MemberDoc).openid);
}

export const memberIds = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `m${String(from + i).padStart(4, '0')}`);

export async function createEvent(call: Call, input: Partial<EventsCreateInput> & Pick<EventsCreateInput, 'startAt' | 'endAt'>, as = SECRETARY_B01): Promise<EventView> {
  const r = await call<{ event: EventView }>(as, { action: 'create', type: 'dedication', title: '11月党员奉献日', orgId: 'b01', ...input });
  return expectOk(r).event;
}

export function eventDoc(cloud: LocalCloud, id: string): EventDoc {
  return cloud.store.getById('events', id) as unknown as EventDoc;
}

/** The token the QR showed at instant `at` (made with the event's stored secret, as events.qr does). */
export function tokenAt(cloud: LocalCloud, eventId: string, at: Date | number): string {
  return issueToken(eventDoc(cloud, eventId).secret, eventId, stepOf(at));
}

export type Credits = { entries: number; checkins: number; eval: number; redeem: number };

/**
 * What check-in/out could have written for a member: their check-in/out entries, the check-ins
 * that count as attendance (a check-in entry at an event with a rule, else a `checkins`
 * document that is not an offline scan awaiting or refused review), balance (other seeds may
 * have credited them before).
 */
export function creditsOf(cloud: LocalCloud, memberId: string): Credits {
  const b = cloud.store.getById('balances', memberId) as unknown as { eval: number; redeem: number } | null;
  return {
    entries: cloud.store.count('ledger', { memberId, 'source.type': { $in: ['checkin', 'checkout'] } }),
    checkins: cloud.store.count('ledger', { memberId, 'source.type': 'checkin' }) + cloud.store.count('checkins', { memberId, entryId: null, checkinReview: { $nin: ['pending', 'refused'] } }),
    eval: b?.eval ?? 0,
    redeem: b?.redeem ?? 0,
  };
}

/** The member's offline scans awaiting staff review (`checkins` documents with a pending check-in or check-out). */
export function pendingScans(cloud: LocalCloud, memberId: string): number {
  return cloud.store.count('checkins', { memberId, $or: [{ checkinReview: 'pending' }, { checkoutReview: 'pending' }] });
}

export function rejections(cloud: LocalCloud, memberId: string): { code: string; eventId: string | null }[] {
  return (cloud.store.find('scanRejections', { memberId }, { limit: 1000 }) as unknown as { code: string; eventId: string | null }[]).map((r) => ({ code: r.code, eventId: r.eventId }));
}

/** The change in a member's credits made by `run`. */
export async function creditDelta(cloud: LocalCloud, memberId: string, run: () => Promise<unknown>): Promise<Credits> {
  const a = creditsOf(cloud, memberId);
  await run();
  const b = creditsOf(cloud, memberId);
  return { entries: b.entries - a.entries, checkins: b.checkins - a.checkins, eval: b.eval - a.eval, redeem: b.redeem - a.redeem };
}

export const NOTHING: Credits = { entries: 0, checkins: 0, eval: 0, redeem: 0 };
