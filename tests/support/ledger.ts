import type { MemberDoc } from '../../core/domain/org/model';
import type { EntryDraft } from '../../core/domain/points/ledger';
import type { RuleDoc } from '../../core/domain/points/rule';
import type { LocalCloud } from '../../emulator/local-cloud';

export function member(cloud: LocalCloud, id: string): MemberDoc {
  return cloud.store.getById('members', id) as unknown as MemberDoc;
}

export function rule(cloud: LocalCloud, code: string): RuleDoc {
  const [r] = cloud.store.find('rules', { code, status: 'active' }, { limit: 1 }) as unknown as RuleDoc[];
  if (!r) throw new Error(`no rule ${code}`);
  return r;
}

/** A credit draft for `m` under `r`, the rule's own amounts unless overridden. */
export function draft(m: MemberDoc, r: RuleDoc, over: Partial<EntryDraft> & { key: string; at: Date }): EntryDraft {
  return {
    memberId: m._id,
    ancestors: m.ancestors,
    eval: r.evalPoints,
    redeem: r.redeemPoints,
    rule: r,
    source: { type: 'award', id: over.key },
    units: 1,
    actorId: 'test',
    ...over,
  };
}

export function entryCount(cloud: LocalCloud, memberId: string): number {
  return cloud.store.count('ledger', { memberId });
}

export function balanceOf(cloud: LocalCloud, memberId: string): { eval: number; redeem: number; entries: number; caps: Record<string, number> } {
  return (cloud.store.getById('balances', memberId) as never) ?? { eval: 0, redeem: 0, entries: 0, caps: {} };
}

/** Binds a roster member to a test openid (so a test can act as anyone in the demo county). */
export async function bindAs(cloud: LocalCloud, memberId: string, openid: string = `t-${memberId}`): Promise<string> {
  await cloud.store.updateById('members', memberId, { $set: { openid } }).durable;
  return openid;
}

/** Grants a role to a member directly in the store (tests only; org.roles.grant is the real path). */
export async function grantRole(cloud: LocalCloud, memberId: string, role: string, orgId: string): Promise<void> {
  await cloud.store.updateById('members', memberId, { $push: { roles: { role, orgId } } }).durable;
}

/** A fileID shaped like the local cloud's, for claims whose photos are never opened. */
/** An evidence fileID uploaded by `ownerId` (claims may cite only their reporter's own photos). */
export const photo = (name: string, ownerId: string): string => `cloud://local.test/evidence/${ownerId}/${name}.jpg`;

/** The member id behind an openid, for photos uploaded by that caller. */
export function memberIdOf(cloud: LocalCloud, openid: string): string {
  const [m] = cloud.store.find('members', { openid }, { limit: 1 });
  if (!m) throw new Error(`no member bound to ${openid}`);
  return m._id;
}

/**
 * A new roster member nobody's demo data touches: a copy of a plain member matching `like`
 * (default: of branch b12, with its group) under a new id, so a ledger test can assert exact
 * balances whatever other areas seed. Pass `openid` to bind it.
 */
export async function freshMember(cloud: LocalCloud, id: string, like: Record<string, unknown> = { branchId: 'b12' }, openid?: string): Promise<MemberDoc> {
  const [template] = cloud.store.find('members', { ...like, roles: { $size: 0 } }, { limit: 1 }) as unknown as MemberDoc[];
  if (!template) throw new Error(`no member like ${JSON.stringify(like)}`);
  const m: MemberDoc = { ...template, _id: id, openid: openid ?? `unbound:${id}`, phone: `199${id.replace(/\D/g, '').padStart(8, '0').slice(-8)}`, roles: [] };
  await cloud.store.insert('members', [m as unknown as Record<string, unknown>]).durable;
  return m;
}
