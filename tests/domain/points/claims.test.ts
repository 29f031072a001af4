import { grantAmong } from '../../../core/runtime/targets';
import { PERMISSIONS } from '../../../core/contracts/permissions';
import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../../../core/domain/authz';
import {
  approverVariant,
  awarderVariant,
  capFull,
  checkApproval,
  checkRejection,
  checkSubmission,
  checkWithdrawal,
  claimEntryDraft,
  evidenceOwnedBy,
  type ClaimDoc,
} from '../../../core/domain/points/claims';
import type { RuleDoc } from '../../../core/domain/points/rule';
import { DEFAULT_RULES } from '../../../core/domain/rules/catalog';
import { chinaTime } from '../../../core/domain/time';

const at = chinaTime('2026-11-23 10:00:00');
const ruleOf = (code: string, over: Partial<RuleDoc> = {}): RuleDoc => ({
  ...DEFAULT_RULES.find((r) => r.code === code)!,
  _id: `${code}@1`,
  version: 1,
  scopeOrgId: 'county',
  status: 'active',
  activeFrom: chinaTime('2026-01-01 00:00:00'),
  activeTo: null,
  createdAt: chinaTime('2026-01-01 00:00:00'),
  ...over,
});
const anc = ['county', 't1', 'b01', 'b01g2'];
const actor = (memberId: string, roles: Actor['roles'] = [], ancestors = anc): Actor => ({ memberId, name: memberId, branchId: 'b01', ancestors, roles });
const member = { _id: 'm5', ancestors: anc };

describe('checkSubmission', () => {
  const leader = actor('m2', [{ role: 'gridLeader', orgId: 'b01g2' }]);
  it.each([
    ['a member claiming a claim rule', 'VANGUARD', actor('m5'), 1, {}, null],
    ['a member without the photo the rule needs', 'VANGUARD', actor('m5'), 0, {}, 'EVIDENCE_REQUIRED'],
    ['a member, no photo needed', 'DUTY_FULFILLED', actor('m5'), 0, {}, null],
    ['a member claiming a grid report', 'GRID_ISSUE_REPORTED', actor('m5'), 1, {}, 'RULE_NOT_CLAIMABLE'],
    ['a member claiming an award', 'HONOUR_MONTH_STAR', actor('m5'), 1, {}, 'RULE_NOT_CLAIMABLE'],
    ['a member claiming a check-in rule', 'MEETING', actor('m5'), 1, {}, 'RULE_NOT_CLAIMABLE'],
    ['the grid leader reporting a grid issue', 'GRID_ISSUE_REPORTED', leader, 1, {}, null],
    ['the grid leader reporting a claim rule', 'VANGUARD', leader, 1, {}, null],
    ['someone else for the member', 'VANGUARD', actor('m9'), 1, {}, 'FORBIDDEN'],
    ['a leader of another grid', 'GRID_ISSUE_REPORTED', actor('m3', [{ role: 'gridLeader', orgId: 'b01g1' }]), 1, {}, 'FORBIDDEN'],
    ['a disabled rule', 'VANGUARD', actor('m5'), 1, { status: 'disabled' as const }, 'RULE_INACTIVE'],
    ['a rule that ended', 'VANGUARD', actor('m5'), 1, { activeTo: chinaTime('2026-11-23 09:59:59') }, 'RULE_INACTIVE'],
    ['a rule not yet started', 'VANGUARD', actor('m5'), 1, { activeFrom: chinaTime('2026-11-23 10:00:01') }, 'RULE_INACTIVE'],
    ['another town’s rule', 'VANGUARD', actor('m5'), 1, { scopeOrgId: 't2' }, 'NOT_FOUND'],
  ])('%s', (_n, code, reporter, photos, over, expected) => {
    const self = reporter.memberId === 'm5' || reporter.memberId === 'm9' ? member : member;
    const leaderOver = grantAmong(reporter, PERMISSIONS.points['claims.submit'].variants.onBehalf, self.ancestors) !== undefined;
    expect(checkSubmission({ rule: ruleOf(code, over), reporter, member: self, leader: leaderOver, photos, at })).toBe(expected);
  });
});

const claim = (over: Partial<ClaimDoc> = {}): ClaimDoc => ({
  _id: 'c1',
  memberId: 'm5',
  memberName: '',
  branchId: 'b01',
  ancestors: anc,
  rule: { _id: 'VANGUARD@1', code: 'VANGUARD', version: 1, caps: { month: 2 }, name: '', evalPoints: 5, redeemPoints: 5, evidence: 'photo', approverRole: 'secretary', trigger: 'claim' },
  note: 'n',
  photos: [],
  onBehalf: false,
  reporterId: 'm5',
  reporterName: '',
  status: 'pending',
  fingerprint: '',
  createdAt: at,
  decidedAt: null,
  decidedBy: null,
  deciderName: null,
  reason: null,
  entryId: null,
  ...over,
});

describe('checkApproval and checkRejection', () => {
  it.each([
    ['a pending claim', {}, 'sec', { kind: 'approve' }],
    ['the approver’s own claim', { memberId: 'sec' }, 'sec', { kind: 'refuse', code: 'SELF_APPROVAL' }],
    ['a claim the approver reported', { reporterId: 'sec', onBehalf: true }, 'sec', { kind: 'refuse', code: 'SELF_APPROVAL' }],
    ['their own earlier approval', { status: 'approved' as const, decidedBy: 'sec' }, 'sec', { kind: 'repeat' }],
    ['someone else’s approval', { status: 'approved' as const, decidedBy: 'adm' }, 'sec', { kind: 'refuse', code: 'CLAIM_NOT_PENDING' }],
    ['a withdrawn claim', { status: 'withdrawn' as const }, 'sec', { kind: 'refuse', code: 'CLAIM_NOT_PENDING' }],
    ['a rejected claim', { status: 'rejected' as const, decidedBy: 'sec' }, 'sec', { kind: 'refuse', code: 'CLAIM_NOT_PENDING' }],
  ])('approving %s', (_n, over, who, expected) => {
    expect(checkApproval(claim(over), who)).toEqual(expected);
  });

  it('treats rejecting again with the same reason as a retry, with another reason as not pending', () => {
    const c = claim({ status: 'rejected', decidedBy: 'sec', reason: '不清楚' });
    expect(checkRejection(c, 'sec', '不清楚')).toEqual({ kind: 'repeat' });
    expect(checkRejection(c, 'sec', '别的')).toEqual({ kind: 'refuse', code: 'CLAIM_NOT_PENDING' });
    expect(checkRejection(claim(), 'm5', 'x')).toEqual({ kind: 'refuse', code: 'SELF_APPROVAL' });
  });

  it('lets the member or the reporter withdraw a pending claim', () => {
    expect(checkWithdrawal(claim(), 'm5')).toBeNull();
    expect(checkWithdrawal(claim({ reporterId: 'm2' }), 'm2')).toBeNull();
    expect(checkWithdrawal(claim(), 'm9')).toBe('FORBIDDEN');
    expect(checkWithdrawal(claim({ status: 'approved' }), 'm5')).toBe('CLAIM_NOT_PENDING');
    expect(checkWithdrawal(claim({ status: 'withdrawn' }), 'm5')).toBe('repeat');
  });
});

describe('roles, drafts and caps', () => {
  it('never lets a plain member approve or award, and lets a grid leader decide only grid rules', () => {
    const decide = PERMISSIONS.points['claims.approve'].variants;
    const award = PERMISSIONS.points['awards.grant'].variants;
    for (const r of DEFAULT_RULES) {
      expect(decide[approverVariant(r)]).not.toContain('member');
      expect(award[awarderVariant(r)]).not.toContain('member');
      expect(award[awarderVariant(r)]).not.toContain('gridLeader');
    }
    expect(decide[approverVariant({ approverRole: 'gridLeader' })]).toEqual(['gridLeader', 'secretary', 'orgAdmin', 'countyAdmin']);
    expect(decide[approverVariant({ approverRole: 'secretary' })]).not.toContain('gridLeader');
    expect(award[awarderVariant({ approverRole: 'orgAdmin' })]).toEqual(['orgAdmin', 'countyAdmin']);
  });

  it('credits an approved claim as clm:<claimId> under the claim’s rule version, one cap use', () => {
    expect(claimEntryDraft(claim(), 'sec', at)).toMatchObject({
      key: 'clm:c1',
      memberId: 'm5',
      eval: 5,
      redeem: 5,
      units: 1,
      rule: { _id: 'VANGUARD@1', version: 1 },
      source: { type: 'claim', id: 'c1' },
      actorId: 'sec',
    });
  });

  it('sees a full cap in the China-time period of the instant only', () => {
    const caps = { 'VANGUARD|month:2026-11': 2 };
    expect(capFull(caps, { code: 'VANGUARD', caps: { month: 2 } }, chinaTime('2026-11-30 23:59:59'))).toBe(true);
    expect(capFull(caps, { code: 'VANGUARD', caps: { month: 2 } }, chinaTime('2026-12-01 00:00:00'))).toBe(false);
    expect(capFull({}, { code: 'VANGUARD', caps: {} }, at)).toBe(false);
  });
});

describe('evidence ownership', () => {
  it.each<[string, string[], boolean]>([
    ['no photos', [], true],
    ['own photos', ['cloud://env.bucket/evidence/m1/a.jpg', 'cloud://env.bucket/evidence/m1/sub/b.png'], true],
    ["another member's photo", ['cloud://env.bucket/evidence/m2/a.jpg'], false],
    ['a member id that only starts the same', ['cloud://env.bucket/evidence/m10/a.jpg'], false],
    ['a path climbing out of the own folder', ['cloud://env.bucket/evidence/m1/../m2/a.jpg'], false],
    ['a file outside evidence/', ['cloud://env.bucket/imports/m1/a.jpg'], false],
    ['one foreign among own', ['cloud://env.bucket/evidence/m1/a.jpg', 'cloud://env.bucket/evidence/m2/b.jpg'], false],
  ])('%s -> %s', (_name, ids, expected) => {
    expect(evidenceOwnedBy(ids, 'm1')).toBe(expected);
  });
});
