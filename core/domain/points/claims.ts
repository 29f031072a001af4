import type { ErrorCode } from '../../contracts/errors';
import type { ClaimStatus, RuleApproverRole } from '../../contracts/points';
import { ROLES, type Role } from '../../contracts/roles';
import type { Actor } from '../authz';
import type { MemberDoc } from '../org/model';
import { PERIODS } from '../time';
import { capKey, type EntryDraft } from './ledger';
import { ruleActive, ruleSnapshot, type RuleDoc, type RuleRef } from './rule';
import { uploadedBy } from '../uploads';

/** What a claim keeps of the rule version it was made under (the entry is credited under it). */
export type ClaimRule = RuleRef & Pick<RuleDoc, 'name' | 'evalPoints' | 'redeemPoints' | 'evidence' | 'approverRole' | 'trigger'>;

/** A points claim (申报): by a member for themself, or by a grid leader on a member's behalf. */
export type ClaimDoc = {
  _id: string;
  memberId: string;
  memberName: string;
  branchId: string;
  /** The member's org ancestors (scope checks and the review queue). */
  ancestors: string[];
  rule: ClaimRule;
  note: string;
  photos: string[];
  onBehalf: boolean;
  /** Who submitted: the member, or the grid leader who reported for them. */
  reporterId: string;
  reporterName: string;
  status: ClaimStatus;
  /** Same submission retried: same fingerprint. */
  fingerprint: string;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  deciderName: string | null;
  reason: string | null;
  entryId: string | null;
};

export const claimRuleOf = (r: RuleDoc): ClaimRule => ({
  ...ruleSnapshot(r),
  evidence: r.evidence,
  approverRole: r.approverRole,
  trigger: r.trigger,
});

/** Who may approve or reject a claim under a rule: its approver role and those above it (never a plain member). */
/** A new pending claim by `reporter` for `member` (the same person unless a grid leader reports). */
export function newClaim(args: {
  id: string;
  member: Pick<MemberDoc, '_id' | 'name' | 'branchId' | 'ancestors'>;
  reporter: { id: string; name: string };
  rule: RuleDoc;
  note: string;
  photos: string[];
  at: Date;
}): ClaimDoc {
  const { member: m, reporter, rule } = args;
  return {
    _id: args.id,
    memberId: m._id,
    memberName: m.name,
    branchId: m.branchId,
    ancestors: m.ancestors,
    rule: claimRuleOf(rule),
    note: args.note,
    photos: args.photos,
    onBehalf: reporter.id !== m._id,
    reporterId: reporter.id,
    reporterName: reporter.name,
    status: 'pending',
    fingerprint: claimFingerprint({ memberId: m._id, reporterId: reporter.id, ruleCode: rule.code, note: args.note, photos: args.photos }),
    createdAt: args.at,
    decidedAt: null,
    decidedBy: null,
    deciderName: null,
    reason: null,
    entryId: null,
  };
}

/**
 * Evidence photos are uploaded under `evidence/<uploader's memberId>/` (by wx.cloud.uploadFile
 * under the owner-only storage rule, or by evidence.upload). A claim may cite only its reporter's
 * own files, so nobody can put another member's photo in front of a reviewer.
 */
export function evidenceOwnedBy(fileIDs: readonly string[], memberId: string): boolean {
  return fileIDs.every((id) => uploadedBy(id, 'evidence', memberId));
}

/**
 * Which row of the permissions table decides a claim under `rule`: its approver role and those
 * above it (core/contracts/permissions.ts, the `approver:*` variants).
 */
export function approverVariant(rule: Pick<RuleDoc, 'approverRole'>): `approver:${'gridLeader' | 'secretary' | 'orgAdmin'}` {
  return rule.approverRole === 'gridLeader' || rule.approverRole === 'orgAdmin' ? `approver:${rule.approverRole}` : 'approver:secretary';
}

/** The approver roles rules name whose claims are decided as `role`'s (a rule naming no staff approver is a secretary's). */
export function approverRolesDecidedAs(role: RuleApproverRole): Role[] {
  return ROLES.filter((r) => approverVariant({ approverRole: r }) === approverVariant({ approverRole: role }));
}

/** Who may award or deduct under an 'award' rule: a secretary or above, an admin for admin rules. */
export function awarderVariant(rule: Pick<RuleDoc, 'approverRole'>): 'approver:secretary' | 'approver:orgAdmin' {
  return rule.approverRole === 'orgAdmin' ? 'approver:orgAdmin' : 'approver:secretary';
}

/**
 * May `reporter` submit a claim for `member` under `rule` now? Members claim 'claim' rules for
 * themselves; a grid leader may also report 'claim' and 'grid-report' rules for members of
 * their grid (`leader`: the caller's grant for reports on behalf, from the permissions table,
 * covers the member). Returns the refusal or null.
 */
export function checkSubmission(args: { rule: RuleDoc; reporter: Actor; member: { _id: string; ancestors: string[] }; leader: boolean; photos: number; at: Date }): ErrorCode | null {
  const { rule, reporter, member, leader, photos, at } = args;
  if (!member.ancestors.includes(rule.scopeOrgId)) return 'NOT_FOUND';
  if (!ruleActive(rule, at)) return 'RULE_INACTIVE';
  const self = reporter.memberId === member._id;
  if (!self && !leader) return 'FORBIDDEN';
  if (rule.trigger === 'claim') {
    /* a member for themself, or a grid leader for a member of the grid */
  } else if (rule.trigger === 'grid-report') {
    if (!leader) return 'RULE_NOT_CLAIMABLE';
  } else return 'RULE_NOT_CLAIMABLE';
  if (rule.evidence === 'photo' && photos === 0) return 'EVIDENCE_REQUIRED';
  return null;
}

export type ApprovalCheck = { kind: 'approve' } | { kind: 'repeat' } | { kind: 'refuse'; code: ErrorCode };

/**
 * Decides an approval once the approver's role over the claim is established: never their
 * own claim (as the member or as its reporter); only a pending claim. The same approver
 * approving again is answered with the first approval (idempotent); anyone else sees
 * CLAIM_NOT_PENDING.
 */
export function checkApproval(claim: ClaimDoc, approverId: string): ApprovalCheck {
  if (claim.memberId === approverId || claim.reporterId === approverId) return { kind: 'refuse', code: 'SELF_APPROVAL' };
  if (claim.status === 'approved' && claim.decidedBy === approverId) return { kind: 'repeat' };
  if (claim.status !== 'pending') return { kind: 'refuse', code: 'CLAIM_NOT_PENDING' };
  return { kind: 'approve' };
}

export type RejectionCheck = { kind: 'reject' } | { kind: 'repeat' } | { kind: 'refuse'; code: ErrorCode };

/** A rejection: same rules as an approval; rejecting again with the same reason is a retry. */
export function checkRejection(claim: ClaimDoc, approverId: string, reason: string): RejectionCheck {
  if (claim.memberId === approverId || claim.reporterId === approverId) return { kind: 'refuse', code: 'SELF_APPROVAL' };
  if (claim.status === 'rejected' && claim.decidedBy === approverId && claim.reason === reason) return { kind: 'repeat' };
  if (claim.status !== 'pending') return { kind: 'refuse', code: 'CLAIM_NOT_PENDING' };
  return { kind: 'reject' };
}

/** Only the member or the grid leader who reported it may withdraw, and only while pending. */
export function checkWithdrawal(claim: ClaimDoc, actorId: string): ErrorCode | 'repeat' | null {
  if (claim.memberId !== actorId && claim.reporterId !== actorId) return 'FORBIDDEN';
  if (claim.status === 'withdrawn') return 'repeat';
  if (claim.status !== 'pending') return 'CLAIM_NOT_PENDING';
  return null;
}

/** The ledger entry an approved claim credits: `clm:<claimId>`, under the claim's rule version. */
export function claimEntryDraft(claim: ClaimDoc, approverId: string, at: Date): EntryDraft {
  return {
    key: `clm:${claim._id}`,
    memberId: claim.memberId,
    ancestors: claim.ancestors,
    eval: claim.rule.evalPoints,
    redeem: claim.rule.redeemPoints,
    rule: { _id: claim.rule._id, code: claim.rule.code, version: claim.rule.version, caps: claim.rule.caps },
    source: { type: 'claim', id: claim._id },
    units: 1,
    actorId: approverId,
    note: claim.note.slice(0, 100),
    at,
  };
}

/** Same submission (a retry) or another one under the same request id. */
export function claimFingerprint(c: Pick<ClaimDoc, 'memberId' | 'reporterId' | 'note' | 'photos'> & { ruleCode: string }): string {
  return JSON.stringify([c.memberId, c.reporterId, c.ruleCode, c.note, c.photos]);
}

/** Would one more use of `rule` now exceed one of its caps? (A claim that certainly cannot be credited this period.) */
export function capFull(caps: Record<string, number> | undefined, rule: Pick<RuleDoc, 'code' | 'caps'>, at: Date): boolean {
  return PERIODS.some((p) => rule.caps[p] !== undefined && (caps?.[capKey(rule.code, p, at)] ?? 0) + 1 > rule.caps[p]!);
}
