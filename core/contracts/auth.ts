import { z } from 'zod';
import type { Role } from './roles';

export const meInput = z.object({}).strict();
export type MeInput = z.infer<typeof meInput>;

export type OrgType = 'county' | 'town' | 'branch' | 'group';
export type PartyStatus = 'full' | 'probationary';
export type MemberStatus = 'active' | 'transferred' | 'suspended';

export type MeRole = { role: Role; orgId: string; orgName: string };

export type MeResult = {
  memberId: string;
  name: string;
  /** Always masked here (138****1234): the caller sees their own number only as a hint. */
  phoneMasked: string;
  partyStatus: PartyStatus;
  status: MemberStatus;
  branch: { id: string; name: string };
  group: { id: string; name: string } | null;
  town: { id: string; name: string } | null;
  roles: MeRole[];
};
