import type { MemberStatus, OrgType, PartyStatus } from '../../contracts/auth';
import type { RoleGrant } from '../../contracts/roles';

/** Stored shapes of the org tree and roster. */
export type OrgDoc = {
  _id: string;
  name: string;
  type: OrgType;
  parentId: string | null;
  /** Root first, self last: `where({ancestors: T})` is everything under T, indexed. */
  ancestors: string[];
  /** Grid level: 1 town/street, 2 village/community branch, 3 party group. */
  gridLevel?: 1 | 2 | 3;
  firstResponsibleId?: string | null;
  directResponsibleId?: string | null;
  /** Branches only. */
  dedicationDay?: number;
  inviteCode?: string;
  temporary?: boolean;
  contact?: string;
  address?: string;
  createdAt: Date;
  /** Set by org.archive: the org is closed (hidden from the tree; nothing new goes under it). */
  archivedAt?: Date | null;
  /** An org.move whose documents below have not all followed yet (core/usecases/org/move.ts). */
  moving?: { toParentId: string; from: string[]; to: string[]; at: Date } | null;
  /** The county root only: what org.bootstrap made (core/usecases/org/bootstrap.ts). */
  bootstrap?: { branchId: string; adminMemberId: string; adminPhone: string; rules: string[]; at: Date };
  updatedAt?: Date;
};

export type MemberDoc = {
  _id: string;
  /** The bound WeChat openid, or `unbound:<_id>` (see UNBOUND_PREFIX). */
  openid: string;
  name: string;
  phone: string;
  branchId: string;
  groupId: string | null;
  /** The branch's (and group's) ancestors: which subtrees this member belongs to. */
  ancestors: string[];
  partyStatus: PartyStatus;
  status: MemberStatus;
  joinedAt: Date | null;
  /** 流动党员 attached to this branch. */
  flow: boolean;
  roles: RoleGrant[];
  /** When the current openid was bound (absent or null while unbound). */
  boundAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Placeholder openid of a member nobody has bound yet; never a real openid. */
export const UNBOUND_PREFIX = 'unbound:';
export const unboundOpenid = (memberId: string): string => UNBOUND_PREFIX + memberId;
export const isBound = (m: Pick<MemberDoc, 'openid'>): boolean => !m.openid.startsWith(UNBOUND_PREFIX);

/** 138****1234 */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
