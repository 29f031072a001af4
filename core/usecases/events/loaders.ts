import { cmd, db } from '../../db/db';
import type { EventDoc } from '../../domain/events/event';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
/**
 * Reads shared by the events use cases. They answer null for what is missing; the use case
 * decides what that means (usually `return fail('NOT_FOUND', ...)`).
 */

/** The event, read now (never cached). */
export const loadEvent = (id: string): Promise<EventDoc | null> => db.get<EventDoc>('events', id);

export const EVENT_MISSING = '活动不存在或已被删除';

/** Active members anywhere under an org, paged past 1,000. */
export const activeMembersUnder = (orgId: string): Promise<MemberDoc[]> => db.findAll<MemberDoc>('members', { ancestors: orgId, status: 'active' });

/** Branch names by id, for lists that show where a member belongs (one read per 100 branches). */
export async function branchNames(ids: Iterable<string>): Promise<Map<string, string>> {
  const all = [...new Set(ids)].filter(Boolean);
  const out = new Map<string, string>();
  for (let i = 0; i < all.length; i += 100) {
    const chunk = all.slice(i, i + 100);
    const orgs = await db.find<Pick<OrgDoc, '_id' | 'name'>>('orgs', { _id: cmd().in(chunk) }, { limit: chunk.length, fields: { _id: true, name: true } });
    for (const o of orgs) out.set(o._id, o.name);
  }
  return out;
}
