import * as z from 'zod';
import { fileId, id, memberId, offset, reason, requestId, ruleCode, ymd } from './common';
import type { Role } from './roles';

/**
 * The `points` function's contract: input schemas (zod, strict) and result types. The
 * mini-program imports the types only (`import type`). Instants travel as ISO strings.
 */

export const TRIGGERS = ['qr-checkin', 'claim', 'grid-report', 'award', 'system'] as const;
/** Who a rule names as the approver of its claims (the role and those above it decide). */
export const RULE_APPROVER_ROLES = ['gridLeader', 'secretary', 'orgAdmin'] as const;
export type RuleApproverRole = (typeof RULE_APPROVER_ROLES)[number];
export const CATEGORIES = ['duty', 'vanguard', 'dedication', 'meeting', 'volunteer', 'pioneer', 'grid', 'honour', 'violation'] as const;
export const CLAIM_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export type RuleTrigger = (typeof TRIGGERS)[number];
export type RuleCategoryName = (typeof CATEGORIES)[number];

// ---------- rules ----------

export const rulesListInput = z
  .object({
    /** 'catalog': the rules the caller can earn under now ("how to earn"); 'claimable': those they may claim;
     *  'manage' (orgAdmin): every version of every rule in the admin's scope. */
    view: z.enum(['catalog', 'claimable', 'manage', 'award']).default('catalog'),
  })
  .strict();
export type RulesListInput = z.output<typeof rulesListInput>;

const capValue = z.number().int().min(1).max(1000);
export const rulesSaveInput = z
  .object({
    code: ruleCode,
    /** The version being edited (0 for a new code): a stale editor gets CONFLICT. */
    expectedVersion: z.number().int().min(0).max(100000),
    name: z.string().trim().min(1).max(40),
    category: z.enum(CATEGORIES),
    evalPoints: z.number().int().min(-1000).max(1000),
    redeemPoints: z.number().int().min(-1000).max(1000),
    trigger: z.enum(['qr-checkin', 'claim', 'grid-report', 'award']),
    caps: z.object({ day: capValue.optional(), week: capValue.optional(), month: capValue.optional(), quarter: capValue.optional(), year: capValue.optional() }).strict(),
    evidence: z.enum(['photo', 'none']),
    approverRole: z.enum(RULE_APPROVER_ROLES),
    description: z.string().trim().max(500),
    /** The org whose members the rule applies to: the county, or a town's own rule. */
    scopeOrgId: id,
    status: z.enum(['active', 'disabled']),
    activeFrom: z.iso.datetime({ offset: true }).optional(),
    activeTo: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();
export type RulesSaveInput = z.output<typeof rulesSaveInput>;

export type RuleView = {
  id: string;
  code: string;
  version: number;
  name: string;
  category: RuleCategoryName;
  evalPoints: number;
  redeemPoints: number;
  trigger: RuleTrigger;
  caps: { day?: number; week?: number; month?: number; quarter?: number; year?: number };
  evidence: 'photo' | 'none';
  approverRole: Role;
  description: string;
  scopeOrgId: string;
  status: 'active' | 'superseded' | 'disabled';
  activeFrom: string;
  activeTo: string | null;
  /** 'manage' view only: may the caller save a new version of it. */
  editable?: boolean;
};
export type RulesListResult = { rules: RuleView[] };

// ---------- balance and ledger ----------

export const balanceInput = z.object({ memberId: memberId.optional() }).strict();
export type BalanceResult = {
  memberId: string;
  eval: number;
  redeem: number;
  updatedAt: string | null;
  /** The next annual expiry of unspent redeemable points (China date) and how many would go. */
  expiry: { date: string; points: number };
};

export const ledgerListInput = z
  .object({
    memberId: memberId.optional(),
    account: z.enum(['all', 'eval', 'redeem']).default('all'),
    ruleCode: ruleCode.optional(),
    /** China-time dates, inclusive. */
    from: ymd.optional(),
    to: ymd.optional(),
    offset: offset.default(0),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();
export type LedgerListInput = z.output<typeof ledgerListInput>;
/** What a client sends (defaults may be left out). */
export type LedgerListRequest = z.input<typeof ledgerListInput>;
export type EntrySourceName = 'claim' | 'checkin' | 'checkout' | 'order' | 'refund' | 'award' | 'expiry' | 'reversal' | 'grid';
export type LedgerItem = {
  id: string;
  at: string;
  eval: number;
  redeem: number;
  ruleId: string;
  ruleCode: string;
  ruleName: string;
  ruleVersion: number;
  source: { type: EntrySourceName; id: string };
  note: string;
  reversalOf: string | null;
};
export type LedgerListResult = { items: LedgerItem[]; nextOffset: number | null };

export const ledgerAuditInput = z.object({ orgId: id.optional() }).strict();
export type DriftView = { memberId: string; cached: { eval: number; redeem: number; entries: number }; computed: { eval: number; redeem: number; entries: number } };
/** Per member, the first entry whose hash-chain link is broken (edited or removed outside the functions). */
export type BrokenChainView = { memberId: string; entryId: string };
/**
 * Members are audited where they are now, each with all their entries. `drift`, `broken` and
 * `misplaced` (members whose balance document was left under another org) must all be empty.
 */
export type LedgerAuditResult = { orgId: string; members: number; entries: number; drift: DriftView[]; broken: BrokenChainView[]; misplaced: string[] };

export const ledgerReverseInput = z.object({ entryId: z.string().min(1).max(200), reason }).strict();
export type LedgerReverseInput = z.output<typeof ledgerReverseInput>;
export type CreditResult = {
  entryId: string;
  memberId: string;
  eval: number;
  redeem: number;
  ruleId: string;
  at: string;
  /** True when this answered a retry of an earlier identical request (nothing new credited). */
  duplicate: boolean;
};

// ---------- claims ----------

export const claimsSubmitInput = z
  .object({
    ruleCode,
    note: z.string().trim().min(1).max(500),
    photos: z.array(fileId).max(9).default([]),
    /** A grid leader reporting for a member of the grid; absent = the caller's own claim. */
    memberId: memberId.optional(),
    requestId: requestId.optional(),
  })
  .strict();
export type ClaimsSubmitInput = z.output<typeof claimsSubmitInput>;
export type ClaimsSubmitRequest = z.input<typeof claimsSubmitInput>;

export const claimsWithdrawInput = z.object({ claimId: id }).strict();
export type ClaimsWithdrawInput = z.output<typeof claimsWithdrawInput>;

export const claimsListInput = z
  .object({
    /** mine: claims for the caller; reported: claims the caller made for others; review: pending claims in the caller's scope, oldest first. */
    box: z.enum(['mine', 'reported', 'review']),
    status: z.enum(CLAIM_STATUSES).optional(),
    offset: offset.default(0),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();
export type ClaimsListInput = z.output<typeof claimsListInput>;
export type ClaimsListRequest = z.input<typeof claimsListInput>;

export const claimsApproveInput = z.object({ claimId: id }).strict();
export type ClaimsApproveInput = z.output<typeof claimsApproveInput>;
export const claimsApproveBatchInput = z.object({ claimIds: z.array(id).min(1).max(100) }).strict();
export type ClaimsApproveBatchInput = z.output<typeof claimsApproveBatchInput>;
export const claimsRejectInput = z.object({ claimId: id, reason }).strict();
export type ClaimsRejectInput = z.output<typeof claimsRejectInput>;

export type ClaimView = {
  id: string;
  memberId: string;
  memberName: string;
  branchId: string;
  rule: { id: string; code: string; name: string; version: number; evalPoints: number; redeemPoints: number; evidence: 'photo' | 'none' };
  note: string;
  photos: string[];
  /** Short-lived URLs for the photos (review and own claims), same order as `photos`; '' if a file is gone. */
  photoUrls: string[];
  /** Reported by a grid leader on the member's behalf. */
  onBehalf: boolean;
  reporterId: string;
  reporterName: string;
  status: ClaimStatus;
  createdAt: string;
  decidedAt: string | null;
  deciderName: string | null;
  reason: string | null;
  entryId: string | null;
};
export type ClaimsListResult = { items: ClaimView[]; nextOffset: number | null };
export type ClaimsSubmitResult = { claim: ClaimView; duplicate: boolean };
export type ClaimDecisionResult = { claimId: string; status: ClaimStatus; entryId: string | null; eval: number; redeem: number; decidedAt: string };
export type BatchItem = { claimId: string; ok: true; entryId: string; eval: number; redeem: number } | { claimId: string; ok: false; code: string; message: string };
export type ClaimsApproveBatchResult = { results: BatchItem[]; approved: number; failed: number };

// ---------- awards ----------

export const awardsGrantInput = z
  .object({
    memberId,
    ruleCode,
    reason,
    /** Retry key: the award's ledger entry is `awd:<requestId>`. */
    requestId: requestId.optional(),
  })
  .strict();
export type AwardsGrantInput = z.output<typeof awardsGrantInput>;

// ---------- evidence upload (local mode) ----------

/** ~600 KB of image as base64: the local gateway caps bodies at 1 MB. */
export const evidenceUploadInput = z
  .object({
    ext: z.enum(['jpg', 'jpeg', 'png', 'webp']),
    contentBase64: z
      .string()
      .min(4)
      .max(820_000)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();
export type EvidenceUploadInput = z.output<typeof evidenceUploadInput>;
export type EvidenceUploadResult = { fileID: string };

// ---------- timers ----------

/** One run of a chunked job (this run's counts); `done`: the whole job has finished, later runs do nothing. */
export type ExpiryRunResult = { year: number; members: number; expired: number; already: number; points: number; failed: number; done: boolean };
export type ReminderRunResult = { year: number; queued: number; done: boolean };
export type OutboxRunResult = { picked: number; sent: number; skipped: number; failed: number };
