import { AppError } from '../../contracts/app-error';
import { db } from '../../db/db';
import type { Actor } from '../../domain/authz';
import { UNBOUND_PREFIX, type MemberDoc } from '../../domain/org';

/** The member bound to an openid (one indexed read); NOT_BOUND when there is none. */
export async function loadBoundMember(openid: string): Promise<MemberDoc> {
  if (openid.startsWith(UNBOUND_PREFIX)) throw new AppError('NOT_BOUND');
  const [member] = await db.find<MemberDoc>('members', { openid }, { limit: 1 });
  if (!member) throw new AppError('NOT_BOUND');
  return member;
}

export function actorOf(member: MemberDoc): Actor {
  return { memberId: member._id, name: member.name, branchId: member.branchId, ancestors: member.ancestors, roles: member.roles };
}
