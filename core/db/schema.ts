/**
 * Every collection the backend uses, with the indexes production needs. The local cloud creates
 * them from this list; `docs/operations.md` says how to create the same on a CloudBase env.
 * Uniqueness of natural keys lives here (idempotency keys are `_id`s already).
 */
export type IndexSpec = { field: string; unique?: boolean };

export const COLLECTIONS = {
  /** Org tree: county -> town -> branch -> group. `ancestors` (self included) makes subtree queries indexed. */
  orgs: [{ field: 'parentId' }, { field: 'ancestors' }, { field: 'type' }, { field: 'inviteCode' }],
  /**
   * Roster. Roles are embedded (`roles: [{role, orgId}]`) and `openid` is on the member (unique;
   * `unbound:<memberId>` until bound, since a unique index admits one missing value only), so one
   * indexed read authorises a caller.
   */
  members: [{ field: 'openid', unique: true }, { field: 'branchId' }, { field: 'ancestors' }, { field: 'phone' }, { field: 'name' }, { field: 'roles.orgId' }],
  /** Failed binding attempts per openid per hour, for rate limiting. */
  bindAttempts: [{ field: 'openid' }],
  /** Points rules catalog, one doc per rule version (`_id` CODE@version). */
  rules: [{ field: 'code' }, { field: 'status' }, { field: 'scopeOrgId' }],
  /** The points ledger: append-only, `_id` is the idempotency key (`clm:<claimId>`, `chk:<eventId>:<memberId>`...). */
  ledger: [{ field: 'memberId' }, { field: 'source.id' }, { field: 'ruleCode' }, { field: 'ancestors' }, { field: 'reversalOf' }],
  /** Cached balances per member (`_id` memberId) with the member's cap counters, updated with each entry. */
  balances: [{ field: 'ancestors' }],
  /** Point claims (申报) awaiting a secretary. */
  claims: [{ field: 'memberId' }, { field: 'status' }, { field: 'branchId' }, { field: 'ancestors' }, { field: 'reporterId' }],
  /** Service events and their check-ins (accepted and rejected scans). */
  events: [{ field: 'orgId' }, { field: 'ancestors' }, { field: 'scopeOrgId' }, { field: 'status' }, { field: 'startAt' }],
  checkins: [{ field: 'eventId' }, { field: 'memberId' }],
  scanRejections: [{ field: 'eventId' }, { field: 'memberId' }],
  dedicationLogs: [{ field: 'branchId' }, { field: 'memberId' }, { field: 'month' }],
  /** Points store. */
  storeItems: [{ field: 'storeOrgId' }, { field: 'ancestors' }, { field: 'status' }, { field: 'scopeOrgIds' }],
  orders: [{ field: 'memberId' }, { field: 'itemId' }, { field: 'storeOrgId' }, { field: 'status' }, { field: 'pickupCode', unique: true }, { field: 'requestKey', unique: true }],
  /** Per-member per-item per-period redemption counters (`_id` item:member:period). */
  redemptionCounts: [{ field: 'memberId' }],
  /** An item's stock split over shards (`_id` <itemId>#<n>), so a rush on one item writes many documents. */
  stockShards: [{ field: 'itemId' }],
  /** Cursors of the store's timer jobs (`_id` the job), so a long run resumes on the next firing. */
  storeJobs: [],
  /** Append-only audit log of staff writes. */
  audit: [{ field: 'actorId' }, { field: 'ancestors' }],
  /** Cursors of the events timer jobs (`_id` `dedicationReminder:<date>`), so a long run resumes on the next firing. */
  eventJobs: [],
  /** Notifications waiting to be sent as subscribe messages. */
  outbox: [{ field: 'memberId' }, { field: 'status' }],
  /** Cursors of the points timer jobs (`_id` `<job>:<year>`: annual expiry, its reminder), so a long job resumes on the next tick. */
  pointsJobs: [],
  /** Grid issues (网格事项) with their timeline embedded; `scopeIds` (grid ancestors + the assigned org's) decide who sees them. */
  gridIssues: [{ field: 'reporterId' }, { field: 'scopeIds' }, { field: 'levelOrgId' }, { field: 'state' }, { field: 'deadlineAt' }, { field: 'assignee.memberId' }, { field: 'month' }],
  /** Grid KPI counters, `_id` `<county>:<YYYY-MM>:<town>:<shard>`, each a town's tree of per-org counters (core/domain/grid/kpi.ts). */
  gridStats: [{ field: 'root' }, { field: 'month' }, { field: 'town' }],
  /** A county's grid issue categories and deadlines (`_id` the county), over the defaults. */
  gridConfig: [],
  /** Cursors of the grid timer (`_id` the job), so a long run resumes on the next firing. */
  gridJobs: [],
  /** 点评台账: one review of an org with its findings and 整改 measures embedded. */
  reviews: [{ field: 'orgId' }, { field: 'ancestors' }, { field: 'reviewerId' }, { field: 'nextReminder' }, { field: 'promoted' }],
  /** Ranking snapshots, one per period and org (`_id` `<periodKey>|<orgId>`): rankings are served from these (docs/flows/rankings.md). */
  rankSnapshots: [{ field: 'period' }],
  /** Cursors of the reports snapshot job (`_id` `snapshot:<periodKey>`), so a run past its budget resumes. */
  reportJobs: [],
  /** 每月之星 per branch and month (`_id` `<YYYY-MM>|<branchId>`): proposal, the secretary's picks, publication. */
  stars: [{ field: 'branchId' }, { field: 'ancestors' }, { field: 'month' }],
  /** 末位 follow-ups (约谈), `_id` `<periodKey>|<orgId>|<subjectId>`. */
  followUps: [{ field: 'orgId' }, { field: 'period' }],
  /** Members listed apart from ranking by category (`_id` memberId), set by staff. */
  rankExclusions: [{ field: 'ancestors' }],
  /** Web console logins (`_id` = the login request id = the CloudBase custom user id), by member for the phone's list. */
  consoleSessions: [{ field: 'memberId' }],
  /** Org (党组织积分) rule versions (`_id` CODE@version); the defaults in core/domain/assess/org-rules.ts are version 1. */
  orgRules: [{ field: 'code' }, { field: 'status' }],
  /** The org ledger: append-only, `_id` the idempotency key; an account is an org (`memberId` = orgId, the shared ledger field). */
  orgLedger: [{ field: 'memberId' }, { field: 'ancestors' }, { field: 'reversalOf' }, { field: 'origin.quarter' }],
  /** Cached org balances (`_id` orgId) with the chain head and quarter/category totals, updated with each org entry. */
  orgBalances: [{ field: 'ancestors' }],
  /** Assessment settings versions (`_id` `v<n>`, plus `current`). */
  assessConfig: [],
  /** A member's assessment category (`_id` memberId), when set by staff. */
  memberCategories: [{ field: 'branchId' }, { field: 'ancestors' }],
  /** 民主评议 rounds; the HMAC secret of an open round (erased at close), invite-code hashes, tallies after close. */
  rounds: [{ field: 'status' }, { field: 'ancestors' }, { field: 'orgIds' }],
  /** Anonymous ballots: `_id` = HMAC(round secret, round|voter), only round, org and scores. */
  ballots: [{ field: 'roundId' }],
  /** Quarterly assessment cycles per town (`_id` `<townId>:<quarter>`): status, cursor of the chunked computation. */
  assessCycles: [{ field: 'townId' }, { field: 'status' }, { field: 'quarter' }],
  /** Assessment results, one per member and per org and version (`_id` `<cycleId>:<kind>:<subjectId>:v<n>`); frozen once published. */
  assessResults: [{ field: 'cycleId' }, { field: 'subjectId' }, { field: 'branchId' }, { field: 'ancestors' }, { field: 'quarter' }],
  /** Appeals against a published result (`_id` `apl:<resultId>`). */
  appeals: [{ field: 'cycleId' }, { field: 'ancestors' }, { field: 'status' }],
  /** 挂图作战 campaigns: indicators, targets per org, responsible persons. */
  campaigns: [{ field: 'ancestors' }, { field: 'orgIds' }],
  /** Indicator values reported by an org with evidence (`_id` `<campaignId>:<orgId>:<code>`). */
  campaignReports: [{ field: 'campaignId' }],
  /** 督导 notes and 约谈 follow-up records of a campaign. */
  campaignNotes: [{ field: 'campaignId' }, { field: 'orgId' }],
} satisfies Record<string, IndexSpec[]>;

export type CollectionName = keyof typeof COLLECTIONS;

export function collectionSpecs(): { name: string; indexes: IndexSpec[] }[] {
  return Object.entries(COLLECTIONS).map(([name, indexes]) => ({ name, indexes }));
}
