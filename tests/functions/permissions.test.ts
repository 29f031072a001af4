import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../core/contracts/envelope';
import { PERMISSIONS, rolesFor, type Permission } from '../../core/contracts/permissions';
import { ROLES, type Role } from '../../core/contracts/roles';
import { auth } from '../../core/functions/auth';
import { events } from '../../core/functions/events';
import { files } from '../../core/functions/files';
import { org } from '../../core/functions/org';
import { points } from '../../core/functions/points';
import { reports } from '../../core/functions/reports';
import { assess } from '../../core/functions/assess';
import { DEFAULT_CONFIG } from '../../core/domain/assess/config';
import { store } from '../../core/functions/store';
import { grid } from '../../core/functions/grid';
import { newIssue, type IssueState } from '../../core/domain/grid/issue';
import { DEFAULT_CATEGORIES } from '../../core/domain/grid/config';
import { newFindings } from '../../core/domain/grid/review';
import { fixedClock } from '../../core/runtime/clock';
import type { Main } from '../../core/runtime/router';
import type { LocalCloud } from '../../emulator/local-cloud';
import { PERMISSIONS_DOC, renderPermissionsDoc } from '../../scripts/gen-permissions-doc';
import { startTestCloud } from '../support/cloud';

/**
 * Walks the permissions table (core/contracts/permissions.ts) through the real router: for every
 * action, a caller of every role in scope and out of scope of a target in branch b01 (town t1),
 * and the expected allow (anything but FORBIDDEN) or deny (FORBIDDEN). Each call gets targets of
 * its own, so what one allowed call changes cannot decide another's answer.
 */
let cloud: LocalCloud;
const clock = fixedClock('2026-11-23T02:00:00Z');
const mains: Record<string, Main> = {};

type Doc = Record<string, unknown> & { _id: string };
let seq = 0;
const fresh = (prefix: string) => `${prefix}${String(++seq).padStart(6, '0')}`;
const one = (c: string, where: Record<string, unknown>): Doc => {
  const [d] = cloud.store.find(c, where, { limit: 1 }) as Doc[];
  if (!d) throw new Error(`fixture: no ${c} matching ${JSON.stringify(where)}`);
  return d;
};
/** A copy of a document under a new id (and overrides), written straight to the store. */
const copy = (c: string, d: Doc, over: Record<string, unknown> = {}): Doc => {
  const doc = { ...structuredClone(d), _id: fresh(`pw${c.slice(0, 3)}`), ...over };
  cloud.store.insert(c, [doc]);
  return doc;
};

/** A target member of b01 (party group b01g1) of its own, so moving or unbinding it affects no other call. */
const targetMember = (): Doc => copy('members', one('members', { branchId: 'b01', roles: { $size: 0 } }), { openid: `unbound:${fresh('x')}`, roles: [] });

/** A party group of b01 of its own (org.rename, move, archive, responsibles.set change it). */
const freshGroup = (): string => {
  const id = fresh('pwg');
  cloud.store.insert('orgs', [{ _id: id, name: `走表网格${id}`, type: 'group', parentId: 'b01', ancestors: ['county', 't1', 'b01', id], gridLevel: 3, createdAt: new Date('2026-01-01T00:00:00Z') }]);
  return id;
};

/** Per action: the input a call sends, and the roles that decide for that target when a variant does. */
type Sample = { input: () => Record<string, unknown>; roles?: readonly Role[]; tolerates?: string; codeOf?: (r: Result<unknown>) => string };
const P = PERMISSIONS;
const SAMPLES: Record<string, Sample> = {
  'auth.me': { input: () => ({}) },
  'auth.bind': { input: () => ({ inviteCode: 'ZZZZZZ', name: '张三', phone: '13800000000' }) },
  'auth.workbench': { input: () => ({}) },
  'auth.console.request': { input: () => ({ browser: '测试浏览器' }) },
  'auth.console.poll': { input: () => ({ requestId: `cs${'0'.repeat(24)}`, pollSecret: 'x'.repeat(32) }) },
  'auth.console.scan': { input: () => ({ requestId: `cs${'0'.repeat(24)}` }) },
  'auth.console.confirm': { input: () => ({ requestId: `cs${'0'.repeat(24)}` }) },
  'auth.console.sessions': { input: () => ({}) },
  'auth.console.revoke': { input: () => ({ sessionId: `cs${'0'.repeat(24)}` }) },
  'auth.console.logout': { input: () => ({}) },
  'org.tree': { input: () => ({ rootId: 'b01' }) },
  'org.members.list': { input: () => ({ orgId: 'b01' }) },
  'org.members.get': { input: () => ({ memberId: targetMember()._id }) },
  'org.members.unbind': { input: () => ({ memberId: targetMember()._id, reason: '更换手机' }) },
  'org.members.transfer': { input: () => ({ memberId: targetMember()._id, toBranchId: 'b02', reason: '组织关系转接' }) },
  'org.roles.grant': { input: () => ({ memberId: targetMember()._id, role: 'gridLeader', orgId: 'b01g1' }) },
  'org.roles.revoke': { input: () => ({ memberId: targetMember()._id, role: 'gridLeader', orgId: 'b01g1' }) },
  'org.invite': { input: () => ({ branchId: 'b01' }) },
  'org.audit.list': { input: () => ({ orgId: 'b01' }) },
  'org.create': { input: () => ({ parentId: 'b01', name: `走表小组${fresh('')}`, type: 'group' }) },
  'org.rename': { input: () => ({ orgId: freshGroup(), name: `改名小组${fresh('')}` }) },
  'org.move': { input: () => ({ orgId: freshGroup(), toParentId: 'b02', reason: '网格调整' }) },
  'org.archive': { input: () => ({ orgId: freshGroup(), reason: '网格撤并' }) },
  'org.responsibles.set': { input: () => ({ orgId: freshGroup(), first: targetMember()._id, direct: null }) },
  // public, guarded by the env's bootstrap code (none is set here): the code's refusal is not the table's
  'org.bootstrap': {
    input: () => ({ code: 'not-the-bootstrap-code', countyName: '中共示范县委', adminName: '张三', adminPhone: '13800000000' }),
    codeOf: (r) => (!r.ok && r.code === 'FORBIDDEN' && r.field === 'code' ? 'BOOTSTRAP_CODE_REFUSED' : r.ok ? 'ok' : r.code),
  },
  'files.roster.upload': { input: () => ({ fileName: 'r.csv', contentBase64: Buffer.from('姓名,手机号\n').toString('base64') }) },
  // a file nobody uploaded: allowed callers get INVALID_INPUT naming the file, so the walk looks only at FORBIDDEN
  'files.roster.import': { input: () => ({ fileID: 'cloud://local.bucket/imports/nobody/x.csv', orgId: 'b01', dryRun: true }), tolerates: 'INVALID_INPUT' },
  'files.attendance.export': { input: () => ({ kind: 'period', orgId: 'b01', from: '2026-11-01', to: '2026-11-30' }) },
  'files.reports.export': { input: () => ({ orgId: 'b01', period: 'month' }) },
  'files.audit.export': { input: () => ({ orgId: 'b01' }) },
  // reports: members act on their own orgs (the defaults); staff targets are b01
  'reports.rank': { input: () => ({ level: 'branch' }) },
  'reports.myRank': { input: () => ({}) },
  'reports.orgRank': { input: () => ({}) },
  'reports.stars.list': { input: () => ({}) },
  // no final snapshot of that month in the demo data: an allowed secretary is told so (INVALID_INPUT naming the month)
  'reports.stars.confirm': { input: () => ({ branchId: 'b01', month: '2026-10', memberIds: ['m0004'] }), tolerates: 'INVALID_INPUT' },
  'reports.stars.publish': { input: () => ({ orgId: 'b01', month: '2026-10' }) },
  'reports.stars.history': { input: () => ({}) },
  'reports.honours': { input: () => ({ orgId: 'b01', period: 'month' }) },
  'reports.honours.followUp': { input: () => ({ orgId: 'b01', key: 'month:2026-10', subjectId: 'm0004', note: '已约谈' }) },
  'reports.exclusions.set': { input: () => ({ memberId: targetMember()._id, category: 'elderly' }) },
  'points.rules.list': { input: () => ({ view: 'catalog' }) },
  'points.rules.save': {
    input: () => ({
      code: fresh('PW_RULE_'),
      expectedVersion: 0,
      name: '走表测试',
      category: 'duty',
      evalPoints: 1,
      redeemPoints: 1,
      trigger: 'claim',
      caps: {},
      evidence: 'none',
      approverRole: 'secretary',
      description: '',
      scopeOrgId: 't1',
      status: 'active',
    }),
  },
  'points.balance': { input: () => ({ memberId: targetMember()._id }) },
  'points.ledger.list': { input: () => ({ memberId: targetMember()._id }) },
  'points.ledger.audit': { input: () => ({ orgId: 'b01' }) },
  'points.ledger.reverse': { input: () => ({ entryId: awardEntry(), reason: '走表测试' }) },
  'points.claims.submit': { input: () => ({ ruleCode: 'DUTY_FULFILLED', note: '走表测试' }) },
  'points.claims.withdraw': { input: () => ({ claimId: 'nosuchclaim' }) },
  'points.claims.list': { input: () => ({ box: 'mine' }) },
  // a pending claim under a secretary-approved rule: grid leaders may not decide it
  'points.claims.approve': { input: () => ({ claimId: pendingClaim() }), roles: P.points['claims.approve'].variants['approver:secretary'] },
  // a batch answers per claim: the one claim's code is the answer
  'points.claims.approveBatch': {
    input: () => ({ claimIds: [pendingClaim()] }),
    roles: P.points['claims.approveBatch'].variants['approver:secretary'],
    codeOf: (r) => (r.ok ? ((r.data as { results: { ok: boolean; code?: string }[] }).results[0].code ?? 'ok') : r.code),
  },
  'points.claims.reject': { input: () => ({ claimId: pendingClaim(), reason: '佐证不足' }), roles: P.points['claims.reject'].variants['approver:secretary'] },
  'points.awards.grant': { input: () => ({ memberId: targetMember()._id, ruleCode: 'HONOUR_MONTH_STAR', reason: '走表测试' }), roles: P.points['awards.grant'].variants['approver:secretary'] },
  'points.evidence.upload': { input: () => ({ ext: 'jpg', contentBase64: Buffer.from([0xff, 0xd8, 0xff, 0xe0]).toString('base64') }) },
  'events.create': {
    input: () => ({ type: 'meeting', title: '走表测试', orgId: 'b01', startAt: '2026-11-24T01:00:00.000Z', endAt: '2026-11-24T03:00:00.000Z', requestId: fresh('req') }),
  },
  'events.list': { input: () => ({ view: 'mine' }) },
  'events.get': { input: () => ({ eventId: eventOfB01() }) },
  'events.qr': { input: () => ({ eventId: eventOfB01() }) },
  'events.close': { input: () => ({ eventId: eventOfB01(), status: 'closed' }) },
  'events.checkin': { input: () => ({ token: 'HGJ:NOSUCHEVENT:1:AAAAAAAAAA' }) },
  'events.checkout': { input: () => ({ token: 'HGJ:NOSUCHEVENT:1:AAAAAAAAAA' }) },
  'events.proxyCheckin': { input: () => ({ eventId: eventOfB01(), memberId: targetMember()._id, reason: '手机没电' }) },
  'events.attendance': { input: () => ({ kind: 'event', eventId: eventOfB01() }) },
  'events.offline.confirm': { input: () => ({ eventId: eventOfB01(), all: true }) },
  'events.offline.refuse': { input: () => ({ eventId: eventOfB01(), all: true }) },
  'events.dedication.config': { input: () => ({ branchId: 'b01', day: 10 }) },
  'events.dedication.log': { input: () => ({ date: '2026-11-20', place: '社区', content: '走表测试', hours: 1, photos: ['cloud://local.bucket/evidence/nobody/a.jpg'] }), tolerates: 'INVALID_INPUT' },
  'events.dedication.month': { input: () => ({ month: '2026-11' }) },
  'events.dedication.mine': { input: () => ({}) },
  'store.items.list': { input: () => ({}) },
  'store.items.save': { input: () => ({ mode: 'create', requestId: fresh('req'), storeOrgId: 't1', name: '走表测试', cost: 10, stock: 1 }) },
  'store.redeem': { input: () => ({ itemId: 'nosuchitem', requestId: fresh('req') }) },
  'store.orders.mine': { input: () => ({}) },
  'store.orders.pending': { input: () => ({}) },
  'store.orders.fulfil': { input: () => ({ pickupCode: pendingOrderCode() }) },
  'store.orders.cancel': { input: () => ({ orderId: 'nosuchorder' }) },
  // grid: issues in grid b01g1 held at the grid, in the state each action needs; the reporter's and assignee's actions open to members answer NOT_FOUND for a missing issue
  'grid.issues.report': { input: () => ({ category: 'safety', text: '走表测试', location: { latitude: 34.7, longitude: 113.6 } }) },
  'grid.issues.list': { input: () => ({ box: 'mine' }) },
  'grid.issues.get': { input: () => ({ issueId: 'nosuchissue' }) },
  'grid.issues.accept': { input: () => ({ issueId: gridIssue('reported') }) },
  'grid.issues.return': { input: () => ({ issueId: gridIssue('reported'), reason: '走表测试' }) },
  'grid.issues.assign': { input: () => ({ issueId: gridIssue('accepted'), to: 'member', memberId: 'm0004' }) },
  'grid.issues.escalate': { input: () => ({ issueId: gridIssue('accepted'), reason: '走表测试' }) },
  'grid.issues.close': { input: () => ({ issueId: gridIssue('verified') }) },
  'grid.issues.resolve': { input: () => ({ issueId: 'nosuchissue', note: '走表测试' }) },
  'grid.issues.verify': { input: () => ({ issueId: 'nosuchissue' }) },
  'grid.issues.reopen': { input: () => ({ issueId: 'nosuchissue', reason: '走表测试' }) },
  'grid.stats': { input: () => ({ orgId: 'b01' }) },
  'grid.config.get': { input: () => ({}) },
  'grid.config.save': { input: () => ({ countyId: 'county', membersMayReport: true, categories: [] }) },
  'grid.reviews.create': { input: () => ({ orgId: 'b01g1', kind: 'random', date: '2026-11-23', findings: [{ tag: 'hotspot', text: '走表测试' }] }) },
  'grid.reviews.list': { input: () => ({ box: 'written' }) },
  'grid.reviews.get': { input: () => ({ reviewId: reviewOfB01g1() }) },
  'grid.reviews.respond': { input: () => ({ reviewId: reviewOfB01g1(), findingId: 'f1', kind: 'respond', text: '走表测试' }) },
  // the reviewer's office: a review made under a t1 grant is re-checked by those over t1
  'grid.reviews.recheck': { input: () => ({ reviewId: reviewOfB01g1(), findingId: 'f2', result: 'reopen', note: '走表测试', deadline: '2026-12-30' }), roles: ['orgAdmin', 'countyAdmin'] },
  'grid.reviews.promote': { input: () => ({ reviewId: reviewOfB01g1(), findingId: 'f1', promote: true }), roles: ['orgAdmin', 'countyAdmin'] },
  'grid.reviews.highlights': { input: () => ({}) },
  'grid.reviews.stats': { input: () => ({ orgId: 'b01' }) },
  // assess: fixtures of their own in b01 (town t1), written straight to the store
  'assess.orgRules.list': { input: () => ({}) },
  'assess.orgRules.save': { input: () => ({ code: fresh('PW_ORG_'), expectedVersion: 0, name: '走表测试', category: 'bonus', basis: 'document', points: 1 }) },
  'assess.org.post': { input: () => ({ orgId: 'b01', ruleCode: 'ORG_HONOUR', quarter: '2026-Q3', documentRef: '走表〔2026〕1号', requestId: fresh('req') }) },
  'assess.org.reverse': { input: () => ({ entryId: orgEntryFixture(), reason: '走表测试' }) },
  'assess.org.score': { input: () => ({ orgId: 'b01', quarter: '2026-Q3' }) },
  'assess.org.audit': { input: () => ({ orgId: 'b01' }) },
  'assess.config.get': { input: () => ({}) },
  // a stale version: CONFLICT for whoever may save
  'assess.config.save': { input: () => ({ ...configInput(), expectedVersion: 999 }) },
  'assess.categories.set': { input: () => ({ memberId: targetMember()._id, category: 'rural' }) },
  'assess.rounds.open': { input: () => ({ scopeOrgId: 'b01', title: '走表评议', quarter: '2026-Q3', orgIds: ['b01'], requestId: fresh('req') }) },
  'assess.rounds.close': { input: () => ({ roundId: roundFixture() }) },
  'assess.rounds.list': { input: () => ({}) },
  'assess.rounds.result': { input: () => ({ roundId: roundFixture() }) },
  'assess.rounds.vote': { input: () => ({ roundId: roundFixture(), scores: { leadership: 4, membership: 4, venues: 4, systems: 4, results: 4 } }) },
  'assess.rounds.voteByInvite': { input: () => ({ roundId: roundFixture(), inviteCode: 'NOSUCH12', scores: { leadership: 4, membership: 4, venues: 4, systems: 4, results: 4 } }) },
  'assess.cycles.compute': { input: () => ({ townId: 'b01', quarter: '2026-Q1' }) },
  'assess.cycles.get': { input: () => ({ townId: 'b01', quarter: '2026-Q1' }) },
  'assess.cycles.review': { input: () => ({ cycleId: cycleFixture() }) },
  'assess.cycles.publish': { input: () => ({ cycleId: cycleFixture() }) },
  'assess.cycles.finalize': { input: () => ({ cycleId: cycleFixture() }) },
  'assess.results.mine': { input: () => ({}) },
  'assess.results.list': { input: () => ({ orgId: 'b01', quarter: '2026-Q1' }) },
  'assess.appeals.submit': { input: () => ({ resultId: 'nosuchresult', reason: '走表测试' }) },
  'assess.appeals.answer': { input: () => ({ appealId: appealFixture(), upheld: false, answer: '走表测试' }) },
  'assess.appeals.list': { input: () => ({ orgId: 'b01' }) },
  'assess.campaigns.save': {
    input: () => ({
      scopeOrgId: 'b01',
      title: fresh('走表'),
      startAt: '2026-11-01T00:00:00+08:00',
      endAt: '2026-12-31T00:00:00+08:00',
      orgIds: ['b01'],
      indicators: [{ code: 'r', name: '填报', unit: '个', measure: 'reported', target: 1 }],
    }),
  },
  'assess.campaigns.report': { input: () => ({ campaignId: campaignFixture(), orgId: 'b01', indicator: 'r', value: 1, evidence: ['cloud://local.test/evidence/x/y.jpg'] }) },
  'assess.campaigns.list': { input: () => ({}) },
  'assess.campaigns.progress': { input: () => ({ campaignId: campaignFixture() }) },
  'assess.campaigns.note': { input: () => ({ campaignId: campaignFixture(), orgId: 'b01', kind: 'supervision', note: '走表测试', requestId: fresh('req') }) },
  'files.assessment.export': { input: () => ({ cycleId: cycleFixture() }) },
};

/** assess fixtures in b01, each call its own. */
const B01 = ['county', 't1', 'b01'];
const insert = (c: string, doc: Doc): string => (cloud.store.insert(c, [doc]), doc._id);
const orgEntryFixture = (): string => {
  const orgId = fresh('pworg');
  cloud.store.insert('orgs', [{ _id: orgId, name: orgId, type: 'group', parentId: 'b01', ancestors: [...B01, orgId], createdAt: new Date('2026-01-01T00:00:00Z') }]);
  return insert('orgLedger', {
    _id: fresh('pwole'),
    memberId: orgId,
    orgId,
    ancestors: [...B01, orgId],
    eval: 3,
    redeem: 0,
    ruleId: 'ORG_HONOUR@1',
    ruleCode: 'ORG_HONOUR',
    ruleVersion: 1,
    source: { type: 'award', id: 'x' },
    units: 0,
    capKeys: [],
    reversalOf: null,
    actorId: 'x',
    note: '',
    fingerprint: '',
    createdAt: new Date('2026-08-01T00:00:00Z'),
    seq: 1,
    prevHash: null,
    hash: 'x',
    origin: { basis: 'document', quarter: '2026-Q3', category: 'bonus' },
  });
};
const roundFixture = (): string =>
  insert('rounds', {
    _id: fresh('pwrnd'),
    title: 'x',
    quarter: '2026-Q3',
    scopeOrgId: 'b01',
    ancestors: B01,
    orgIds: ['b01'],
    orgAncestors: { b01: B01 },
    orgNames: { b01: 'b01' },
    dimensions: ['leadership', 'membership', 'venues', 'systems', 'results'],
    status: 'open',
    secret: 'walk',
    invites: {},
    eligible: {},
    tallies: null,
    openedBy: 'x',
    openedAt: new Date(),
    closedAt: null,
    fingerprint: 'x',
    ballotWrites: 0,
  });
const cycleFixture = (): string =>
  insert('assessCycles', {
    _id: fresh('pwcyc'),
    townId: 'b01',
    ancestors: B01,
    quarter: '2026-Q1',
    status: 'draft',
    config: DEFAULT_CONFIG,
    rules: [],
    branches: [],
    cursor: 0,
    members: 0,
    orgs: 0,
    startedAt: new Date(),
    computedAt: new Date(),
    reviewedBy: null,
    reviewedAt: null,
    publishedAt: null,
    appealUntil: null,
    finalAt: null,
  });
const appealFixture = (): string =>
  insert('appeals', {
    _id: fresh('pwapl'),
    resultId: 'x',
    cycleId: cycleFixture(),
    kind: 'member',
    subjectId: 'x',
    name: 'x',
    ancestors: B01,
    reason: 'x',
    byId: 'x',
    status: 'pending',
    answer: null,
    answeredBy: null,
    correctedScore: null,
    newResultId: null,
    createdAt: new Date(),
    answeredAt: null,
  });
const campaignFixture = (): string =>
  insert('campaigns', {
    _id: fresh('pwcmp'),
    title: 'x',
    scopeOrgId: 'b01',
    ancestors: B01,
    orgIds: ['b01'],
    indicators: [{ code: 'r', name: '填报', unit: '个', measure: 'reported', target: 1, deadline: null }],
    targets: {},
    responsible: {},
    bottomN: 1,
    startAt: new Date('2026-11-01T00:00:00Z'),
    endAt: new Date('2026-12-31T00:00:00Z'),
    createdBy: 'x',
    createdAt: new Date(),
    updatedAt: new Date(),
  });
const configInput = (): Record<string, unknown> => {
  const { version, ...rest } = DEFAULT_CONFIG;
  void version;
  return rest;
};

/** Ids in the shapes the contracts ask for: upper-case letters and digits. */
const upperId = (prefix: string) => `${prefix}${String(++seq).padStart(8, '0')}`;
const pickupCode = () => {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  let n = ++seq;
  let out = '';
  for (let i = 0; i < 8; i++, n = Math.floor(n / 32)) out += alphabet[n % 32];
  return out;
};

/** A grid issue of grid b01g1 held at the grid, in `state` (assigned to m0004 past acceptance). */
function gridIssue(state: IssueState): string {
  const at = new Date('2026-11-23T01:00:00Z');
  const issue = newIssue({
    id: fresh('pwgi'),
    category: DEFAULT_CATEGORIES[2],
    text: '走表测试',
    photos: [],
    location: { latitude: 34.7, longitude: 113.6 },
    anonymous: false,
    reporter: { id: 'm0004', name: '走表' },
    gridAncestors: ['county', 't1', 'b01', 'b01g1'],
    month: '2026-11',
    at,
  });
  const assignee = state === 'reported' || state === 'accepted' ? null : { kind: 'member', memberId: 'm0004', name: '走表', ancestors: ['county', 't1', 'b01', 'b01g1'] };
  cloud.store.insert('gridIssues', [{ ...issue, state, assignee, acceptedAt: state === 'reported' ? null : at }]);
  return issue._id;
}
/** A review of b01g1 made by the t1 admin under their t1 grant: a highlight and a weakness with a measure. */
function reviewOfB01g1(): string {
  const at = new Date('2026-11-23T01:00:00Z');
  const findings = newFindings(
    [
      { tag: 'highlight', text: '亮点', photos: [] },
      { tag: 'weakness', text: '弱点', photos: [], measure: { text: '整改', deadline: '2026-12-10' } },
    ],
    { id: 'm0101', name: '走表' },
    at,
  );
  const id = fresh('pwrv');
  cloud.store.insert('reviews', [
    {
      _id: id,
      orgId: 'b01g1',
      orgName: '走表',
      ancestors: ['county', 't1', 'b01', 'b01g1'],
      reviewerId: 'm0101',
      reviewerName: '走表',
      reviewerOrgId: 't1',
      kind: 'onsite',
      date: '2026-11-23',
      findings,
      promoted: false,
      nextReminder: '2026-12-10',
      createdAt: at,
      updatedAt: at,
    },
  ]);
  return id;
}
function pendingClaim(): string {
  return copy('claims', one('claims', { branchId: 'b01', status: 'pending', 'rule.approverRole': 'secretary' }))._id;
}
/** An open event of b01 (the demo county's events are elsewhere: a copy placed in b01). */
function eventOfB01(): string {
  const e = copy('events', one('events', { status: 'open' }), { orgId: 'b01', scopeOrgId: 'b01', ancestors: ['county', 't1', 'b01'] });
  const id = upperId('PWE');
  cloud.store.insert('events', [{ ...e, _id: id }]);
  return id;
}
/** A pending order at the t1 store, with a pickup code of its own. */
function pendingOrderCode(): string {
  const code = pickupCode();
  const at = new Date('2026-11-23T01:00:00Z');
  const member = targetMember();
  cloud.store.insert('orders', [
    {
      _id: fresh('pword'),
      requestKey: `${member._id}:${code}`,
      memberId: member._id,
      memberName: member.name,
      ancestors: member.ancestors,
      itemId: 'pwitem',
      itemName: '走表测试',
      storeOrgId: 't1',
      storeName: '',
      storeAncestors: ['county', 't1'],
      cost: 1,
      pickupCode: code,
      status: 'pending',
      entryId: `ord:${code}`,
      counterId: null,
      shardId: 'pwitem#0',
      createdAt: at,
      expiresAt: new Date('2026-12-23T01:00:00Z'),
      fulfilledAt: null,
      fulfilledBy: null,
      cancelledAt: null,
      cancelledBy: null,
      cancelReason: '',
    },
  ]);
  return code;
}
/** An award entry of a b01 member that no reversal points at. */
function awardEntry(): string {
  const entries = cloud.store.find('ledger', { ancestors: 'b01', 'source.type': 'award' }, { limit: 100 }) as Doc[];
  const e = entries.find((x) => !x.reversalOf);
  if (!e) throw new Error('fixture: no award entry in b01');
  return e._id;
}

/** Callers: each role granted in scope of b01 and out of it (town t2); a county admin is in scope of everything. */
type Caller = { openid: string; role: Role; inScope: boolean };
const IN: Record<Role, string | null> = { member: 'b01', gridLeader: 'b01', secretary: 'b01', orgAdmin: 't1', countyAdmin: 'county', storeKeeper: 't1' };
const OUT: Record<Role, string | null> = { member: 'b05', gridLeader: 'b05', secretary: 'b05', orgAdmin: 't2', countyAdmin: null, storeKeeper: 't2' };
const callers: Caller[] = [];

beforeAll(async () => {
  cloud = await startTestCloud();
  const deps = { clock, log: { error: () => undefined, info: () => undefined } };
  Object.assign(mains, {
    auth: auth(deps),
    org: org(deps),
    points: points(deps),
    events: events(deps),
    store: store(deps),
    files: files(deps),
    reports: reports(deps),
    assess: assess(deps),
    grid: grid(deps),
  });
  for (const role of ROLES) {
    for (const [inScope, orgId] of [
      [true, IN[role]],
      [false, OUT[role]],
    ] as const) {
      if (!orgId) continue;
      const branch = inScope ? 'b01' : 'b05';
      const openid = `walk-${role}-${inScope ? 'in' : 'out'}`;
      copy('members', one('members', { branchId: branch, roles: { $size: 0 } }), { openid, roles: role === 'member' ? [] : [{ role, orgId }] });
      callers.push({ openid, role, inScope });
    }
  }
});
afterAll(() => cloud.close());

const call = async (fn: string, openid: string, event: Record<string, unknown>) => (await cloud.invoke<Result<unknown>>(mains[fn] as never, event, { openid })).result;

/**
 * Allowed when the action is open to members, or the caller's role decides for this target and
 * the grant covers it (an action without a target needs the role anywhere).
 */
function allowed(p: Permission, sample: Sample, c: Caller): boolean {
  if (p.roles === 'public' || p.roles === 'anyMember') return true;
  const roles = sample.roles ?? rolesFor(p);
  return roles.includes(c.role) && (c.inScope || p.target.kind === 'none');
}

const rows = Object.entries(PERMISSIONS).flatMap(([fn, actions]) => Object.entries(actions as Record<string, Permission>).map(([action, p]) => ({ name: `${fn}.${action}`, fn, action, p })));

describe('the permissions table, walked through the real router', () => {
  it('has a sample for every action and every action is routed', () => {
    for (const { fn, action } of rows) expect([`${fn}.${action}`, SAMPLES[`${fn}.${action}`] !== undefined]).toEqual([`${fn}.${action}`, true]);
  });

  it.each(rows)('$name: every role, in scope and out of it', async ({ fn, action, p }) => {
    const sample = SAMPLES[`${fn}.${action}`];
    const got: string[] = [];
    const want: string[] = [];
    for (const c of callers) {
      const r = await call(fn, c.openid, { action, ...sample.input() });
      const code = sample.codeOf ? sample.codeOf(r) : r.ok ? 'ok' : r.code;
      // INVALID_INPUT or UNKNOWN_ACTION here would mean the sample, not the table, is wrong
      const suspicious = (code === 'INVALID_INPUT' && sample.tolerates !== code) || code === 'UNKNOWN_ACTION';
      expect([c.openid, suspicious ? `${code}: ${r.ok ? '' : r.message}` : 'checked']).toEqual([c.openid, 'checked']);
      got.push(`${c.openid}: ${code === 'FORBIDDEN' ? 'deny' : 'allow'}`);
      want.push(`${c.openid}: ${allowed(p, sample, c) ? 'allow' : 'deny'}`);
    }
    expect(got).toEqual(want);
  });

  it('is printed in docs/api/permissions.md exactly as the router enforces it (npm run docs:permissions)', () => {
    expect(fs.readFileSync(PERMISSIONS_DOC, 'utf8')).toBe(renderPermissionsDoc());
  });

  it('refuses a stranger before anything is read: FORBIDDEN for another member, existing or not', async () => {
    for (const memberId of [targetMember()._id, 'no-such-member']) {
      for (const action of ['balance', 'ledger.list']) {
        const r = await cloud.invoke<Result<unknown>>(mains.points as never, { action, memberId }, { openid: 'walk-member-in' });
        expect([action, memberId.startsWith('no') ? 'missing' : 'existing', r.result.ok ? 'ok' : r.result.code, r.dbRequests]).toEqual([
          action,
          memberId.startsWith('no') ? 'missing' : 'existing',
          'FORBIDDEN',
          1,
        ]);
      }
    }
  });
});
