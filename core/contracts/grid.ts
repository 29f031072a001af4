import * as z from 'zod';
import { fileId, id, memberId, offset, reason, requestId, ym, ymd } from './common';

/**
 * The `grid` function: grid issues reported from the phone to closure (网格事项), their KPIs,
 * and the leaders' review ledger (点评台账). Input schemas (zod, strict) and result types; the
 * mini-program imports the types with `import type` only.
 */

export const categoryCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-zA-Z0-9_]{1,31}$/);
const note = z.string().trim().max(500).default('');
const photos = z.array(fileId).max(9).default([]);

// ---------- issues ----------

export const location = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
  })
  .strict();

/** grid.issues.report: three taps (category, photos, a sentence) plus the place. */
export const issuesReportInput = z
  .object({
    category: categoryCode,
    text: z.string().trim().min(1).max(500),
    photos,
    location,
    anonymous: z.boolean().default(false),
    /** A grid leader of several grids names the grid; otherwise their grid (or a member's own group). */
    gridId: id.optional(),
    requestId: requestId.optional(),
  })
  .strict();
export type IssuesReportInput = z.output<typeof issuesReportInput>;

const issueId = id;
export const issueRef = z.object({ issueId }).strict();
export type IssueRef = z.output<typeof issueRef>;

export const issuesAcceptInput = z.object({ issueId, note }).strict();
export type IssuesAcceptInput = z.output<typeof issuesAcceptInput>;

export const issuesReturnInput = z.object({ issueId, reason, duplicate: z.boolean().default(false) }).strict();
export type IssuesReturnInput = z.output<typeof issuesReturnInput>;

export const issuesAssignInput = z.discriminatedUnion('to', [
  z.object({ issueId, to: z.literal('member'), memberId, note }).strict(),
  z.object({ issueId, to: z.literal('org'), orgId: id, note }).strict(),
]);
export type IssuesAssignInput = z.output<typeof issuesAssignInput>;

export const issuesResolveInput = z.object({ issueId, note: z.string().trim().min(1).max(500), photos }).strict();
export type IssuesResolveInput = z.output<typeof issuesResolveInput>;

export const issuesVerifyInput = z.object({ issueId, note }).strict();
export type IssuesVerifyInput = z.output<typeof issuesVerifyInput>;

export const issuesReopenInput = z.object({ issueId, reason }).strict();
export type IssuesReopenInput = z.output<typeof issuesReopenInput>;

export const issuesCloseInput = z.object({ issueId, note }).strict();
export type IssuesCloseInput = z.output<typeof issuesCloseInput>;

export const issuesEscalateInput = z.object({ issueId, reason }).strict();
export type IssuesEscalateInput = z.output<typeof issuesEscalateInput>;

export const ISSUE_STATE_VALUES = ['reported', 'accepted', 'returned', 'assigned', 'resolved', 'verified', 'reopened', 'closed'] as const;

/**
 * grid.issues.list. `mine`: what I reported; `assigned`: what is assigned to me; `queue`: staff,
 * the issues of the grids (and orgs) they hold a role on, or of `orgId` under them.
 */
export const issuesListInput = z
  .object({
    box: z.enum(['mine', 'assigned', 'queue']).default('mine'),
    orgId: id.optional(),
    state: z.enum(ISSUE_STATE_VALUES).optional(),
    overdue: z.boolean().optional(),
    offset: offset.default(0),
    limit: z.number().int().min(1).max(100).default(30),
  })
  .strict();
export type IssuesListInput = z.output<typeof issuesListInput>;

export type IssueStateName = (typeof ISSUE_STATE_VALUES)[number];

export type TimelineView = {
  seq: number;
  kind: string;
  from: IssueStateName | null;
  to: IssueStateName;
  actorName: string;
  at: string;
  note: string;
  levelOrgId: string;
  photos: string[];
  auto: boolean;
};

export type IssueView = {
  id: string;
  category: string;
  categoryName: string;
  text: string;
  photos: string[];
  location: { latitude: number; longitude: number };
  anonymous: boolean;
  reporterId: string;
  reporterName: string;
  gridId: string;
  levelOrgId: string;
  /** county | town | branch | group */
  level: string;
  state: IssueStateName;
  stateLabel: string;
  assignee: { kind: 'member' | 'org'; id: string; name: string } | null;
  resolution: { note: string; photos: string[] } | null;
  reportedAt: string;
  deadlineAt: string | null;
  /** Past its deadline now, or went past one before. */
  overdue: boolean;
  escalations: number;
  closedAt: string | null;
};

export type IssueDetail = IssueView & {
  timeline: TimelineView[];
  /** What the caller may do now (the page shows these buttons). */
  can: { accept: boolean; return: boolean; assign: boolean; resolve: boolean; verify: boolean; reopen: boolean; close: boolean; escalate: boolean };
};

export type IssuesListResult = { issues: IssueView[]; more: boolean };
export type IssueResult = { issue: IssueDetail; duplicate?: boolean };

// ---------- stats ----------

/** grid.stats: one org's KPIs for a month (default: this month) and the months before it, with its children. */
export const statsInput = z
  .object({
    orgId: id,
    /** The org's ancestors, county first, the org last (the page has them from a parent's stats); else the caller's own path, else one read. */
    orgPath: z.array(id).min(1).max(8).optional(),
    month: ym.optional(),
    /** How many months back, the asked one included (for the trend chart). */
    months: z.number().int().min(1).max(12).default(1),
  })
  .strict();
export type StatsInput = z.output<typeof statsInput>;

export type KpiView = {
  reported: number;
  accepted: number;
  returned: number;
  closed: number;
  overdue: number;
  closedFirst: number;
  closeRate: number | null;
  firstLevelShare: number | null;
  medianHours: number | null;
};
export type StatsResult = {
  orgId: string;
  /** The org's ancestors, county first, the org last: a child's stats call passes `[...orgPath, childId]`. */
  orgPath: string[];
  month: string;
  kpi: KpiView;
  /** Oldest first, the asked month last. */
  trend: { month: string; kpi: KpiView }[];
  /** The org's direct children with counts this month. */
  children: { orgId: string; kpi: KpiView }[];
};

// ---------- config ----------

export const configGetInput = z.object({}).strict();
export type ConfigGetInput = z.output<typeof configGetInput>;

const hoursField = z
  .number()
  .int()
  .min(1)
  .max(24 * 90);
export const configSaveInput = z
  .object({
    countyId: id,
    membersMayReport: z.boolean(),
    categories: z
      .array(
        z
          .object({
            code: categoryCode,
            name: z.string().trim().min(1).max(20),
            deadlines: z.object({ group: hoursField, branch: hoursField, town: hoursField, county: hoursField }).strict(),
            active: z.boolean().default(true),
          })
          .strict(),
      )
      .max(40),
  })
  .strict();
export type ConfigSaveInput = z.output<typeof configSaveInput>;

export type CategoryView = { code: string; name: string; deadlines: { group: number; branch: number; town: number; county: number }; active: boolean };
export type ConfigResult = { membersMayReport: boolean; categories: CategoryView[] };

// ---------- reviews (点评台账) ----------

export const REVIEW_KINDS = ['onsite', 'random', 'individual', 'cross'] as const;
export const REVIEW_KIND_LABELS: Record<(typeof REVIEW_KINDS)[number], string> = { onsite: '现场点评', random: '随机点评', individual: '个别点评', cross: '交叉点评' };
export const FINDING_TAGS = ['highlight', 'difficulty', 'hotspot', 'weakness'] as const;
export const FINDING_TAG_LABELS: Record<(typeof FINDING_TAGS)[number], string> = { highlight: '亮点', difficulty: '难点', hotspot: '热点', weakness: '弱点' };

const measure = z
  .object({
    text: z.string().trim().min(1).max(300),
    responsibleId: memberId.optional(),
    deadline: ymd,
  })
  .strict();

export const reviewsCreateInput = z
  .object({
    orgId: id,
    kind: z.enum(REVIEW_KINDS),
    date: ymd,
    findings: z
      .array(
        z
          .object({
            tag: z.enum(FINDING_TAGS),
            text: z.string().trim().min(1).max(500),
            photos,
            measure: measure.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(30),
    requestId: requestId.optional(),
  })
  .strict();
export type ReviewsCreateInput = z.output<typeof reviewsCreateInput>;

/** `written`: reviews I wrote; `received`: reviews of orgs I am secretary (or admin) of; `scope`: every review under `orgId`. */
export const reviewsListInput = z
  .object({
    box: z.enum(['written', 'received', 'scope']).default('received'),
    orgId: id.optional(),
    offset: offset.default(0),
  })
  .strict();
export type ReviewsListInput = z.output<typeof reviewsListInput>;

export const reviewsGetInput = z.object({ reviewId: id }).strict();
export type ReviewsGetInput = z.output<typeof reviewsGetInput>;

export const reviewsRespondInput = z.discriminatedUnion('kind', [
  z.object({ reviewId: id, findingId: id, kind: z.literal('respond'), text: z.string().trim().min(1).max(500) }).strict(),
  z.object({ reviewId: id, findingId: id, kind: z.literal('done'), evidence: z.string().trim().min(1).max(500), photos }).strict(),
]);
export type ReviewsRespondInput = z.output<typeof reviewsRespondInput>;

export const reviewsRecheckInput = z.discriminatedUnion('result', [
  z.object({ reviewId: id, findingId: id, result: z.literal('pass'), note }).strict(),
  z.object({ reviewId: id, findingId: id, result: z.literal('reopen'), note: reason, deadline: ymd }).strict(),
]);
export type ReviewsRecheckInput = z.output<typeof reviewsRecheckInput>;

export const reviewsPromoteInput = z.object({ reviewId: id, findingId: id, promote: z.boolean() }).strict();
export type ReviewsPromoteInput = z.output<typeof reviewsPromoteInput>;

export const reviewsHighlightsInput = z.object({ offset: offset.default(0) }).strict();
export type ReviewsHighlightsInput = z.output<typeof reviewsHighlightsInput>;

export const reviewsStatsInput = z.object({ orgId: id }).strict();
export type ReviewsStatsInput = z.output<typeof reviewsStatsInput>;

export type MeasureStatusName = 'open' | 'done' | 'passed';
export type FindingView = {
  id: string;
  tag: (typeof FINDING_TAGS)[number];
  tagLabel: string;
  text: string;
  photos: string[];
  promoted: boolean;
  responses: { text: string; by: string; at: string }[];
  measure: {
    text: string;
    responsibleId: string | null;
    deadline: string;
    status: MeasureStatusName;
    overdue: boolean;
    evidence: { text: string; photos: string[]; at: string } | null;
    history: { kind: string; note: string; by: string; at: string; deadline: string | null }[];
  } | null;
};
export type ReviewView = {
  id: string;
  orgId: string;
  orgName: string;
  reviewerId: string;
  reviewerName: string;
  kind: (typeof REVIEW_KINDS)[number];
  kindLabel: string;
  date: string;
  findings: FindingView[];
  openMeasures: number;
  overdueMeasures: number;
  createdAt: string;
};
export type ReviewResult = { review: ReviewView; duplicate?: boolean };
export type ReviewsListResult = { reviews: ReviewView[]; more: boolean };
export type HighlightsResult = {
  highlights: { reviewId: string; orgId: string; orgName: string; reviewerName: string; date: string; findingId: string; text: string; photos: string[] }[];
  more: boolean;
};
export type ReviewStatsRow = {
  id: string;
  name: string;
  reviews: number;
  byTag: Record<(typeof FINDING_TAGS)[number], number>;
  measures: number;
  doneOnTime: number;
  overdue: number;
};
export type ReviewsStatsResult = { byOrg: ReviewStatsRow[]; byReviewer: ReviewStatsRow[] };
