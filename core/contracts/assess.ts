import * as z from 'zod';
import { ROLES } from './roles';
import { fileId, id, instant, memberId, reason, requestId, ruleCode } from './common';
import { CAMPAIGN_MEASURES, DIMENSIONS } from '../domain/assess/constants';
import { GRADES, MEMBER_METRICS } from '../domain/assess/config';
import { ORG_CATEGORIES, ORG_METRICS } from '../domain/assess/org-rules';

/**
 * The `assess` function's contract: the org ledger and its rules (党组织积分), 评议 rounds, the
 * quarterly assessment of members and orgs (compute → review → publish → appeal → final), and
 * 挂图作战 campaigns. Input schemas (zod, strict) and result types. See docs/api/assess.md.
 */
export const quarter = z.string().regex(/^\d{4}-Q[1-4]$/, { message: '季度格式应为 2026-Q4' });
const note = z.string().trim().max(200);
const score = z.number().int().min(1).max(5);

// --- org rules and the org ledger
export const orgRulesListInput = z.object({}).strict();
export type OrgRulesListInput = z.output<typeof orgRulesListInput>;

export const orgRulesSaveInput = z
  .object({
    code: ruleCode,
    expectedVersion: z.number().int().min(0).max(100000),
    name: z.string().trim().min(1).max(40),
    category: z.enum(ORG_CATEGORIES),
    basis: z.enum(['computed', 'confirmed', 'document', 'round']),
    points: z.number().int().min(-100).max(100),
    metric: z.enum(ORG_METRICS).optional(),
    target: z.number().min(0).max(100000).optional(),
    countyOnly: z.boolean().optional(),
  })
  .strict();
export type OrgRulesSaveInput = z.output<typeof orgRulesSaveInput>;

export const orgPostInput = z
  .object({
    orgId: id,
    ruleCode,
    quarter,
    /** confirmed items need evidence (photos or files); 加减分 a document reference (文号). */
    evidence: z.array(fileId).max(9).default([]),
    documentRef: z.string().trim().max(100).default(''),
    note: note.default(''),
    requestId,
  })
  .strict();
export type OrgPostInput = z.output<typeof orgPostInput>;

export const orgReverseInput = z.object({ entryId: z.string().min(1).max(200), reason }).strict();
export type OrgReverseInput = z.output<typeof orgReverseInput>;

export const orgScoreInput = z.object({ orgId: id, quarter }).strict();
export type OrgScoreInput = z.output<typeof orgScoreInput>;

export const orgAuditInput = z.object({ orgId: id.optional() }).strict();
export type OrgAuditInput = z.output<typeof orgAuditInput>;

export type OrgEntryView = {
  id: string;
  ruleCode: string;
  ruleVersion: number;
  name: string;
  category: string;
  basis: string;
  amount: number;
  quarter: string;
  sourceId: string;
  metric: { name: string; value: number; target: number; detail: string } | null;
  evidence: string[];
  documentRef: string;
  roundId: string | null;
  reversalOf: string | null;
  note: string;
  createdAt: string;
};
export type OrgScoreResult = { orgId: string; orgName: string; quarter: string; parts: { base: number; pioneer: number; bonus: number; review: number }; total: number; entries: OrgEntryView[] };

// --- assessment settings and member categories
export const configGetInput = z.object({}).strict();
export type ConfigGetInput = z.output<typeof configGetInput>;

const item = z.object({ metric: z.enum(MEMBER_METRICS), target: z.number().min(0).max(10000), weight: z.number().min(0).max(100) }).strict();
export const configSaveInput = z
  .object({
    expectedVersion: z.number().int().min(0).max(100000),
    categories: z
      .array(z.object({ code: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{1,19}$/), name: z.string().trim().min(1).max(20), items: z.array(item).min(1).max(8) }).strict())
      .min(1)
      .max(12),
    defaultCategory: z.string().min(1).max(20),
    flowCategory: z.string().min(1).max(20),
    thresholds: z.object({ excellent: z.number().min(0).max(100), good: z.number().min(0).max(100), pass: z.number().min(0).max(100) }).strict(),
    excellentQuota: z.number().min(0).max(1),
    cadre: z
      .object({
        roles: z.array(z.enum(ROLES)).max(6),
        items: z.array(item).min(1).max(8),
        allowance: z.object({ excellent: z.number().min(0).max(5), good: z.number().min(0).max(5), pass: z.number().min(0).max(5), fail: z.number().min(0).max(5) }).strict(),
      })
      .strict(),
    orgThresholds: z.object({ first: z.number().min(0).max(200), second: z.number().min(0).max(200) }).strict(),
    appealDays: z.number().int().min(1).max(60),
  })
  .strict();
export type ConfigSaveInput = z.output<typeof configSaveInput>;

export const categoriesSetInput = z.object({ memberId, category: z.string().min(1).max(20) }).strict();
export type CategoriesSetInput = z.output<typeof categoriesSetInput>;

// --- 评议 rounds
export const roundsOpenInput = z
  .object({
    scopeOrgId: id,
    title: z.string().trim().min(1).max(40),
    quarter,
    orgIds: z.array(id).min(1).max(200),
    /** Invite codes for representatives of the masses, per org (0 = members only). */
    invitesPerOrg: z.number().int().min(0).max(50).default(0),
    requestId,
  })
  .strict();
export type RoundsOpenInput = z.output<typeof roundsOpenInput>;

export const roundIdInput = z.object({ roundId: id }).strict();
export type RoundIdInput = z.output<typeof roundIdInput>;

export const roundsListInput = z.object({ status: z.enum(['open', 'closed']).optional() }).strict();
export type RoundsListInput = z.output<typeof roundsListInput>;

const scores = z.object(Object.fromEntries(DIMENSIONS.map((d) => [d, score])) as Record<(typeof DIMENSIONS)[number], typeof score>).strict();
export const roundsVoteInput = z.object({ roundId: id, scores }).strict();
export type RoundsVoteInput = z.output<typeof roundsVoteInput>;
export const roundsVoteByInviteInput = z.object({ roundId: id, inviteCode: z.string().trim().min(4).max(16), scores }).strict();
export type RoundsVoteByInviteInput = z.output<typeof roundsVoteByInviteInput>;

export type RoundView = {
  id: string;
  title: string;
  quarter: string;
  status: 'open' | 'closed';
  orgIds: string[];
  dimensions: { code: string; name: string }[];
  openedAt: string;
  closedAt: string | null;
};
export type RoundResult = RoundView & {
  tallies: { orgId: string; orgName: string; ballots: number; eligible: number; participation: number; means: Record<string, number>; mean: number }[] | null;
  ballots: number | null;
};

// --- quarterly assessment
export const cyclesComputeInput = z.object({ townId: id, quarter, restart: z.boolean().default(false) }).strict();
export type CyclesComputeInput = z.output<typeof cyclesComputeInput>;
export const cycleIdInput = z.object({ cycleId: id }).strict();
export type CycleIdInput = z.output<typeof cycleIdInput>;
export const cyclesGetInput = z.object({ townId: id, quarter }).strict();
export type CyclesGetInput = z.output<typeof cyclesGetInput>;

export type CycleView = {
  id: string;
  townId: string;
  quarter: string;
  status: string;
  branches: number;
  branchesDone: number;
  members: number;
  orgs: number;
  configVersion: number;
  publishedAt: string | null;
  appealUntil: string | null;
  finalAt: string | null;
  orgGrades: { orgId: string; orgName: string; total: number; grade: string; gradeName: string; previous: string | null; movement: string }[];
};

export const resultsMineInput = z.object({ quarter: quarter.optional() }).strict();
export type ResultsMineInput = z.output<typeof resultsMineInput>;
export const resultsListInput = z.object({ orgId: id, quarter, kind: z.enum(['member', 'org']).default('member'), allVersions: z.boolean().default(false) }).strict();
export type ResultsListInput = z.output<typeof resultsListInput>;

export type ResultView = {
  id: string;
  cycleId: string;
  quarter: string;
  kind: 'member' | 'org';
  subjectId: string;
  name: string;
  branchId: string;
  category: string | null;
  cadre: boolean;
  version: number;
  current: boolean;
  status: string;
  score: number;
  grade: string;
  gradeName: string;
  allowance: number | null;
  items: { metric: string; name: string; value: number; target: number; weight: number; score: number; sources: string[] }[];
  parts: { base: number; pioneer: number; bonus: number; review: number } | null;
  movement: string | null;
  supersedes: string | null;
  appealId: string | null;
};

export const appealsSubmitInput = z.object({ resultId: z.string().min(1).max(200), reason }).strict();
export type AppealsSubmitInput = z.output<typeof appealsSubmitInput>;
export const appealsAnswerInput = z.discriminatedUnion('upheld', [
  z.object({ appealId: z.string().min(1).max(220), upheld: z.literal(true), answer: reason, correctedScore: z.number().min(0).max(200) }).strict(),
  z.object({ appealId: z.string().min(1).max(220), upheld: z.literal(false), answer: reason }).strict(),
]);
export type AppealsAnswerInput = z.output<typeof appealsAnswerInput>;
export const appealsListInput = z.object({ orgId: id, status: z.enum(['pending', 'upheld', 'rejected']).optional() }).strict();
export type AppealsListInput = z.output<typeof appealsListInput>;
export type AppealView = {
  id: string;
  resultId: string;
  cycleId: string;
  kind: string;
  subjectId: string;
  name: string;
  reason: string;
  status: string;
  answer: string | null;
  newResultId: string | null;
  createdAt: string;
};

// --- 挂图作战
const indicator = z
  .object({
    code: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,19}$/),
    name: z.string().trim().min(1).max(30),
    unit: z.string().trim().max(10),
    measure: z.enum(CAMPAIGN_MEASURES),
    target: z.number().min(0).max(1e6),
    deadline: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable()
      .default(null),
  })
  .strict();
export const campaignsSaveInput = z
  .object({
    scopeOrgId: id,
    campaignId: id.optional(),
    title: z.string().trim().min(1).max(40),
    startAt: instant,
    endAt: instant,
    orgIds: z.array(id).min(1).max(1000),
    indicators: z.array(indicator).min(1).max(20),
    /** orgId -> indicator code -> target (absent: the indicator's own target). */
    targets: z.record(z.string(), z.record(z.string(), z.number().min(0).max(1e6))).default({}),
    /** orgId -> the responsible person's name. */
    responsible: z.record(z.string(), z.string().trim().max(20)).default({}),
    bottomN: z.number().int().min(0).max(50).default(3),
  })
  .strict();
export type CampaignsSaveInput = z.output<typeof campaignsSaveInput>;
export const campaignsReportInput = z
  .object({ campaignId: id, orgId: id, indicator: z.string().min(1).max(20), value: z.number().min(0).max(1e6), evidence: z.array(fileId).min(1).max(9), note: note.default('') })
  .strict();
export type CampaignsReportInput = z.output<typeof campaignsReportInput>;
export const campaignsListInput = z.object({}).strict();
export type CampaignsListInput = z.output<typeof campaignsListInput>;
export type CampaignListItem = { id: string; title: string; scopeOrgId: string; startAt: string; endAt: string; orgs: number; indicators: number };
export const campaignsProgressInput = z.object({ campaignId: id }).strict();
export type CampaignsProgressInput = z.output<typeof campaignsProgressInput>;
export const campaignsNoteInput = z.object({ campaignId: id, orgId: id, kind: z.enum(['supervision', 'talk']), note: z.string().trim().min(1).max(500), requestId }).strict();
export type CampaignsNoteInput = z.output<typeof campaignsNoteInput>;
export type CampaignProgressView = {
  id: string;
  title: string;
  elapsed: number;
  indicators: { code: string; name: string; unit: string; measure: string; target: number; deadline: string | null }[];
  rows: {
    orgId: string;
    orgName: string;
    responsible: string;
    values: Record<string, number>;
    shares: Record<string, number>;
    progress: number;
    colour: string;
    rank: number;
    flagged: boolean;
    talks: number;
    notes: { kind: string; note: string; by: string; at: string }[];
  }[];
};

// --- export (files function)
export const assessmentExportInput = z.object({ cycleId: id }).strict();
export type AssessmentExportInput = z.output<typeof assessmentExportInput>;

export const GRADE_ENUM = GRADES;
