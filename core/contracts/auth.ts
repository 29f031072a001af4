import * as z from 'zod';
import type { Role } from './roles';

export const meInput = z.object({}).strict();

/** auth.workbench: what waits on the caller as staff (no input: counted within their grants). */
export const workbenchInput = z.object({}).strict();
export type WorkbenchInput = z.output<typeof workbenchInput>;
/**
 * Counts of work waiting on the caller, each within the grants that allow deciding it; `null`
 * when the caller holds no role for that kind of work (the workbench hides the entry).
 * `gridIssues` is a hook for grid reports (always null until the grid function counts them).
 */
export type WorkbenchResult = {
  claimsToReview: number | null;
  ordersToHandOut: number | null;
  offlineScans: number | null;
  gridIssues: number | null;
};

export type OrgType = 'county' | 'town' | 'branch' | 'group';
export type PartyStatus = 'full' | 'probationary';
export const PARTY_STATUS_LABELS: Record<PartyStatus, string> = { full: '正式党员', probationary: '预备党员' };
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

/**
 * auth.bind: a WeChat user binds to a roster member with the branch's invite code (from the
 * secretary's QR or typed), their name and phone number as the roster has them.
 */
export const bindInput = z
  .object({
    /** 6 characters; case and spaces are ignored. The QR text `HGJBIND:<code>` is accepted too. */
    inviteCode: z.string().trim().min(4).max(32),
    name: z.string().trim().min(1).max(30),
    phone: z
      .string()
      .trim()
      .regex(/^1[3-9]\d{9}$/),
  })
  .strict();
export type BindInput = z.output<typeof bindInput>;
/** The bound member's profile, the same shape as auth.me. */
export type BindResult = MeResult;
