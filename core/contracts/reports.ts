import * as z from 'zod';
import { id, memberId, ym } from './common';
import type { OrgType } from './auth';

/**
 * The `reports` function's contract (rankings, 每月之星, 十佳/末位 and 通报): input schemas and
 * result types. Instants travel as ISO strings. See docs/api/reports.md.
 */

export const RANK_LEVELS = ['branch', 'town', 'county'] as const;
export type RankLevel = (typeof RANK_LEVELS)[number];
export const RANK_PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type RankPeriodKind = (typeof RANK_PERIOD_KINDS)[number];

/** A period: its kind (the current one) or a past one by key (`month:2026-10`, `quarter:2026-Q3`, `year:2025`). */
const periodKeySchema = z.string().regex(/^(month:\d{4}-(0[1-9]|1[0-2])|quarter:\d{4}-Q[1-4]|year:\d{4})$/, '期间格式应为 month:2026-11、quarter:2026-Q4 或 year:2026');
const periodFields = { period: z.enum(RANK_PERIOD_KINDS).default('month'), key: periodKeySchema.optional() };

export const rankInput = z
  .object({
    ...periodFields,
    /** The org to rank within; default: the caller's own org at `level`. */
    orgId: id.optional(),
    level: z.enum(RANK_LEVELS).default('branch'),
    offset: z.number().int().min(0).max(10000).default(0),
    limit: z.number().int().min(1).max(100).default(20),
    /** Also the previous period's ranks of the same members (a branch list with trends). */
    trend: z.boolean().default(false),
  })
  .strict();
export type RankInput = z.output<typeof rankInput>;

export const myRankInput = z.object(periodFields).strict();
export type MyRankInput = z.output<typeof myRankInput>;

export const orgRankInput = z.object({ ...periodFields, orgId: id.optional(), type: z.enum(['branch', 'town']).default('branch') }).strict();
export type OrgRankInput = z.output<typeof orgRankInput>;

export const starsListInput = z.object({ branchId: id.optional(), month: ym.optional() }).strict();
export type StarsListInput = z.output<typeof starsListInput>;

export const starsConfirmInput = z
  .object({
    branchId: id,
    month: ym,
    memberIds: z.array(memberId).min(1).max(5),
    /** Required when the picks differ from the system's proposal. */
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type StarsConfirmInput = z.output<typeof starsConfirmInput>;

export const starsPublishInput = z.object({ orgId: id, month: ym }).strict();
export type StarsPublishInput = z.output<typeof starsPublishInput>;

export const starsHistoryInput = z.object({ branchId: id.optional(), limit: z.number().int().min(1).max(24).default(12) }).strict();
export type StarsHistoryInput = z.output<typeof starsHistoryInput>;

export const honoursInput = z.object({ ...periodFields, orgId: id, size: z.number().int().min(1).max(20).optional() }).strict();
export type HonoursInput = z.output<typeof honoursInput>;

export const followUpInput = z
  .object({
    orgId: id,
    key: periodKeySchema,
    /** A bottom-ranked member or org of that period at that org. */
    subjectId: id,
    note: z.string().trim().min(1).max(500),
  })
  .strict();
export type FollowUpInput = z.output<typeof followUpInput>;

export const exclusionsSetInput = z.object({ memberId, category: z.enum(['elderly', 'ill', 'other']).nullable(), note: z.string().trim().max(200).default('') }).strict();
export type ExclusionsSetInput = z.output<typeof exclusionsSetInput>;

export const reportsExportInput = z.object({ ...periodFields, orgId: id }).strict();
export type ReportsExportInput = z.output<typeof reportsExportInput>;

// ---------- results ----------

export type RankRowView = { memberId: string; name: string; branchName: string; total: number; rank: number; tied: boolean; previousRank?: number | null; me?: boolean };
export type ExcludedView = { memberId: string; name: string; branchName: string; category: string; categoryLabel: string; total: number };
export type OrgRowView = {
  orgId: string;
  name: string;
  type: OrgType;
  rank: number;
  tied: boolean;
  members: number;
  participants: number;
  perCapita: number;
  participation: number;
  previousRank?: number | null;
};

export type SnapshotMeta = { key: string; label: string; final: boolean; asOf: string | null };

export type RankResult = SnapshotMeta & {
  org: { id: string; name: string; type: OrgType } | null;
  /** Ranked members (excluded ones are not counted). */
  count: number;
  rows: RankRowView[];
  /** The list holds the whole ranking (a branch) or its first rows only (a town, the county). */
  complete: boolean;
  excluded: ExcludedView[];
  excludedCount: number;
  perCapita: number;
  participation: number;
};

export type LevelStanding = {
  level: RankLevel;
  orgId: string;
  orgName: string;
  rank: number | null;
  of: number;
  tiedWith: number;
  percentile: number | null;
  toNext: number | null;
};

export type MyRankResult = SnapshotMeta & {
  memberId: string;
  /** Both balances, so the 积分 page's first screen is one call. */
  balance: { eval: number; redeem: number };
  total: number;
  /** Set when the member is listed apart instead of ranked. */
  excluded: { category: string; label: string } | null;
  levels: LevelStanding[];
};

export type OrgRankResult = SnapshotMeta & { org: { id: string; name: string; type: OrgType } | null; rows: OrgRowView[] };

export type StarPick = { memberId: string; name: string; total: number; proposed: boolean };
export type StarsView = {
  branchId: string;
  branchName: string;
  month: string;
  status: 'proposed' | 'confirmed' | 'published';
  proposed: StarPick[];
  picks: StarPick[];
  reason: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  publishedAt: string | null;
  /** The month's branch ranking is final (the month has ended). */
  final: boolean;
};
export type StarsListResult = { stars: StarsView | null };
export type StarsHistoryResult = { branchId: string; months: StarsView[] };
export type StarsPublishResult = { month: string; published: number; waiting: number };

export type FollowUpView = { subjectId: string; subjectKind: 'member' | 'org'; name: string; note: string; byName: string; at: string; nextTotal: number | null; nextRank: number | null };
export type HonourRow = { id: string; name: string; kind: 'member' | 'org'; rank: number; total: number; branchName?: string; followUp?: FollowUpView | null };
export type HonoursResult = SnapshotMeta & { org: { id: string; name: string; type: OrgType }; size: number; best: HonourRow[]; bottom: HonourRow[]; bestOrgs: HonourRow[]; bottomOrgs: HonourRow[] };
export type FollowUpResult = { followUp: FollowUpView };
export type ExclusionsSetResult = { memberId: string; category: string | null };
export type ReportsExportResult = { url: string; fileID: string };
