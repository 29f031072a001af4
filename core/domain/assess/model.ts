import type { AssessConfig, Grade, OrgGrade } from './config';
import type { Dimension, OrgTally } from './ballot';
import type { ItemScore } from './member-score';
import type { Indicator } from './campaign';
import type { OrgRuleDoc } from './org-rules';
import type { QuarterTotals } from './org-ledger';

/** Stored shapes of the assessment area (collections in core/db/schema.ts). */

export type RoundDoc = {
  _id: string;
  title: string;
  quarter: string;
  scopeOrgId: string;
  ancestors: string[];
  orgIds: string[];
  dimensions: Dimension[];
  status: 'open' | 'closed';
  /** HMAC key of the ballots' ids while open; null once closed (erased: nobody can link a ballot to a voter after). */
  secret: string | null;
  /** sha256(round|code) -> orgId: representatives of the masses vote for that org. */
  invites: Record<string, string>;
  /** Eligible voters per org, counted at close (members + invites). */
  eligible: Record<string, number>;
  tallies: OrgTally[] | null;
  openedBy: string;
  openedAt: Date;
  closedAt: Date | null;
  fingerprint: string;
};

export type CycleStatus = 'computing' | 'draft' | 'reviewed' | 'published' | 'final';

export type CycleDoc = {
  _id: string;
  townId: string;
  ancestors: string[];
  quarter: string;
  status: CycleStatus;
  config: AssessConfig;
  rules: OrgRuleDoc[];
  /** The branches to compute (ids, sorted) and how far the chunked computation got. */
  branches: string[];
  cursor: number;
  members: number;
  orgs: number;
  startedAt: Date;
  computedAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  publishedAt: Date | null;
  appealUntil: Date | null;
  finalAt: Date | null;
};

export type ResultDoc = {
  _id: string;
  cycleId: string;
  townId: string;
  quarter: string;
  kind: 'member' | 'org';
  subjectId: string;
  name: string;
  branchId: string;
  ancestors: string[];
  version: number;
  current: boolean;
  category: string | null;
  cadre: boolean;
  score: number;
  grade: Grade | OrgGrade;
  allowance: number | null;
  items: ItemScore[];
  /** Org results: the four parts and the org ledger entries they sum. */
  parts: QuarterTotals | null;
  entryIds: string[];
  previousGrade: OrgGrade | null;
  movement: 'up' | 'down' | 'same' | 'new' | null;
  supersedes: string | null;
  appealId: string | null;
  computedAt: Date;
};

export type AppealDoc = {
  _id: string;
  resultId: string;
  cycleId: string;
  kind: 'member' | 'org';
  subjectId: string;
  name: string;
  ancestors: string[];
  reason: string;
  byId: string;
  status: 'pending' | 'upheld' | 'rejected';
  answer: string | null;
  answeredBy: string | null;
  correctedScore: number | null;
  newResultId: string | null;
  createdAt: Date;
  answeredAt: Date | null;
};

export type CampaignDoc = {
  _id: string;
  title: string;
  scopeOrgId: string;
  ancestors: string[];
  orgIds: string[];
  indicators: Indicator[];
  targets: Record<string, Record<string, number>>;
  responsible: Record<string, string>;
  bottomN: number;
  startAt: Date;
  endAt: Date;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
};

export type CampaignReportDoc = { _id: string; campaignId: string; orgId: string; indicator: string; value: number; evidence: string[]; note: string; byId: string; at: Date };
export type CampaignNoteDoc = { _id: string; campaignId: string; orgId: string; kind: 'supervision' | 'talk'; note: string; byId: string; byName: string; at: Date };

export const cycleIdOf = (townId: string, quarter: string): string => `${townId}:${quarter}`;
export const resultIdOf = (cycleId: string, kind: 'member' | 'org', subjectId: string, version: number): string => `${cycleId}:${kind}:${subjectId}:v${version}`;
