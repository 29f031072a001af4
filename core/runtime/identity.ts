import { db } from '../db/db';
import type { Actor } from '../domain/authz';
import { UNBOUND_PREFIX, type MemberDoc } from '../domain/org/model';
/** The member bound to an openid (one indexed read), or null when there is none. */
export async function loadBoundMember(openid: string): Promise<MemberDoc | null> {
  if (openid.startsWith(UNBOUND_PREFIX)) return null;
  const [member] = await db.find<MemberDoc>('members', { openid }, { limit: 1 });
  return member ?? null;
}

export function actorOf(member: MemberDoc): Actor {
  return { memberId: member._id, name: member.name, branchId: member.branchId, ancestors: member.ancestors, roles: member.roles };
}
