import { AppError } from '../../contracts/app-error';
import { db } from '../../db/db';
import type { Actor } from '../../domain/authz';
import type { BindingDoc, MemberDoc } from '../../domain/org';

/** The member bound to an openid; NOT_BOUND when there is none. Two reads, by _id. */
export async function loadBoundMember(openid: string): Promise<MemberDoc> {
  const binding = await db.get<BindingDoc>('bindings', openid);
  const member = binding ? await db.get<MemberDoc>('members', binding.memberId) : null;
  if (!member) throw new AppError('NOT_BOUND');
  return member;
}

export function actorOf(member: MemberDoc): Actor {
  return { memberId: member._id, name: member.name, branchId: member.branchId, ancestors: member.ancestors, roles: member.roles };
}
