import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClaimDecisionResult, ClaimsSubmitResult, RulesListResult, RuleView } from '../../../core/contracts/points';
import { chinaTime } from '../../../core/domain/time';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { freshMember, memberIdOf, photo } from '../../support/ledger';

const COUNTY_ADMIN = 'demo-admin-county';
const TOWN_ADMIN = 'demo-admin-t1';
let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, points({ clock, log: { error: () => undefined, info: () => undefined } }));
  // fresh copies of b03 members, bound
  await freshMember(cloud, 'f0060', { branchId: 'b03' }, 't-f0060');
  await freshMember(cloud, 'f0061', { branchId: 'b03' }, 't-f0061');
});
afterAll(() => cloud.close());

const list = async (openid: string, view: string) => expectOk(await call<RulesListResult>(openid, { action: 'rules.list', view })).rules;

function edit(r: RuleView, over: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    action: 'rules.save',
    code: r.code,
    expectedVersion: r.version,
    name: r.name,
    category: r.category,
    evalPoints: r.evalPoints,
    redeemPoints: r.redeemPoints,
    trigger: r.trigger,
    caps: r.caps,
    evidence: r.evidence,
    approverRole: r.approverRole,
    description: r.description,
    scopeOrgId: r.scopeOrgId,
    status: 'active',
    ...over,
  };
}

describe('the rules catalog', () => {
  it('shows a member how to earn: every active rule for them, without system rules', async () => {
    const rules = await list('demo-member-b01', 'catalog');
    const codes = rules.map((r) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining(['DEDICATION_DAY', 'MEETING', 'VOLUNTEER_HOUR', 'VANGUARD', 'PIONEER_POST', 'GRID_ISSUE_REPORTED', 'HONOUR_COUNTY', 'CRITICISM', 'DISCIPLINE_VIOLATION']),
    );
    expect(codes).not.toContain('ANNUAL_EXPIRY');
    expect(codes).not.toContain('STORE_REDEMPTION');
    expect(rules.find((r) => r.code === 'VOLUNTEER_HOUR')).toMatchObject({ caps: { day: 8, month: 40 }, evalPoints: 1, redeemPoints: 2, trigger: 'qr-checkin' });
  });

  it('lists what a member may claim, and grid reports for a grid leader', async () => {
    const member = (await list('demo-member-b01', 'claimable')).map((r) => r.code).sort();
    expect(member).toEqual(['DEDICATION_LOG', 'DUTY_FULFILLED', 'PIONEER_POST', 'VANGUARD']);
    const leader = (await list('demo-grid-b01g2', 'claimable')).map((r) => r.code);
    expect(leader).toEqual(expect.arrayContaining(['GRID_ISSUE_REPORTED', 'GRID_ISSUE_RESOLVED', 'VANGUARD']));
  });

  it('lists award rules for a secretary (admin-only honours for admins only), and refuses a member', async () => {
    const sec = (await list('demo-secretary-b01', 'award')).map((r) => r.code);
    expect(sec).toEqual(expect.arrayContaining(['HONOUR_MONTH_STAR', 'CRITICISM', 'ABSENT_NO_LEAVE']));
    expect(sec).not.toContain('HONOUR_COUNTY');
    expect((await list(TOWN_ADMIN, 'award')).map((r) => r.code)).toContain('HONOUR_COUNTY');
    expect(await call('demo-member-b01', { action: 'rules.list', view: 'award' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('shows an admin every version with what they may edit; refuses the manage view to others', async () => {
    const county = await list(COUNTY_ADMIN, 'manage');
    expect(county.find((r) => r.code === 'VANGUARD')).toMatchObject({ editable: true });
    expect(county.find((r) => r.code === 'ANNUAL_EXPIRY')).toMatchObject({ editable: false });
    const town = await list(TOWN_ADMIN, 'manage');
    expect(town.find((r) => r.code === 'VANGUARD')).toMatchObject({ editable: false });
    expect(await call('demo-secretary-b01', { action: 'rules.list', view: 'manage' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('saving a rule', () => {
  it('creates a new version, supersedes the old one, and old entries and claims keep theirs', async () => {
    // a claim under version 1, approved after version 2 exists, credits under version 1
    const claimId = expectOk(await call<ClaimsSubmitResult>('t-f0060', { action: 'claims.submit', ruleCode: 'DUTY_FULFILLED', note: '交纳党费' })).claim.id;
    const v1 = (await list(COUNTY_ADMIN, 'manage')).find((r) => r.code === 'DUTY_FULFILLED')!;
    const v2 = expectOk(await call<RuleView>(COUNTY_ADMIN, edit(v1, { evalPoints: 4, description: '提高分值' })));
    expect(v2).toMatchObject({ id: 'DUTY_FULFILLED@2', version: 2, evalPoints: 4, status: 'active' });
    expect(cloud.store.getById('rules', 'DUTY_FULFILLED@1')).toMatchObject({ status: 'superseded', activeTo: clock.now() });
    expect(cloud.store.find('audit', { action: 'points.rules.save', targetId: 'DUTY_FULFILLED@2' }, {})).toHaveLength(1);

    const approved = expectOk(await call<ClaimDecisionResult>('demo-secretary-b03', { action: 'claims.approve', claimId }));
    expect(cloud.store.getById('ledger', approved.entryId!)).toMatchObject({ ruleId: 'DUTY_FULFILLED@1', ruleVersion: 1, eval: 2 });
    // a new claim is made under version 2
    const c2 = expectOk(await call<ClaimsSubmitResult>('t-f0061', { action: 'claims.submit', ruleCode: 'DUTY_FULFILLED', note: '交纳党费' })).claim;
    expect(c2.rule).toMatchObject({ id: 'DUTY_FULFILLED@2', evalPoints: 4 });
  });

  it('answers CONFLICT to an editor who started from an older version', async () => {
    const cur = (await list(COUNTY_ADMIN, 'manage')).find((r) => r.code === 'MEETING')!;
    expectOk(await call(COUNTY_ADMIN, edit(cur, { name: '参加三会一课' })));
    expect(await call(COUNTY_ADMIN, edit(cur, { name: '另一个名字' }))).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(cloud.store.count('rules', { code: 'MEETING' })).toBe(2);
  });

  it('lets only one of two concurrent saves of the same version win', async () => {
    const cur = (await list(COUNTY_ADMIN, 'manage')).find((r) => r.code === 'ACTIVITY_DAY')!;
    const rs = await Promise.all([call(COUNTY_ADMIN, edit(cur, { evalPoints: 4 })), call(COUNTY_ADMIN, edit(cur, { evalPoints: 5 }))]);
    expect(rs.filter((r) => r.ok)).toHaveLength(1);
    expect(rs.filter((r) => !r.ok)).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    expect(cloud.store.count('rules', { code: 'ACTIVITY_DAY', status: 'active' })).toBe(1);
  });

  it('lets a town admin create a town rule that only its members see', async () => {
    const r = expectOk(
      await call<RuleView>(TOWN_ADMIN, {
        action: 'rules.save',
        code: 'T1_CLEAN_STREET',
        expectedVersion: 0,
        name: '三捡三提',
        category: 'volunteer',
        evalPoints: 1,
        redeemPoints: 1,
        trigger: 'claim',
        caps: { week: 1 },
        evidence: 'photo',
        approverRole: 'secretary',
        description: '每周六参加三捡三提',
        scopeOrgId: 't1',
        status: 'active',
      }),
    );
    expect(r).toMatchObject({ id: 'T1_CLEAN_STREET@1', scopeOrgId: 't1' });
    expect((await list('demo-member-b01', 'claimable')).map((x) => x.code)).toContain('T1_CLEAN_STREET');
    expect((await list('demo-member-b05', 'claimable')).map((x) => x.code)).not.toContain('T1_CLEAN_STREET');
  });

  it('disables a rule by saving a disabled version; claims under it are then refused', async () => {
    const cur = (await list(TOWN_ADMIN, 'manage')).find((r) => r.code === 'T1_CLEAN_STREET')!;
    expectOk(await call(TOWN_ADMIN, edit(cur, { status: 'disabled' })));
    expect(await call('demo-member-b01', { action: 'claims.submit', ruleCode: 'T1_CLEAN_STREET', note: '捡垃圾', photos: [photo('c', memberIdOf(cloud, 'demo-member-b01'))] })).toMatchObject({
      ok: false,
      code: 'RULE_INACTIVE',
    });
  });

  it.each([
    ['a town admin editing a county rule', TOWN_ADMIN, { code: 'VANGUARD', scopeOrgId: 'county' }, 'FORBIDDEN'],
    ['a secretary', 'demo-secretary-b01', { code: 'VANGUARD', scopeOrgId: 'county' }, 'FORBIDDEN'],
    ['a system rule', COUNTY_ADMIN, { code: 'ANNUAL_EXPIRY', scopeOrgId: 'county', trigger: 'award' }, 'FORBIDDEN'],
    ['a branch as scope', COUNTY_ADMIN, { code: 'VANGUARD', scopeOrgId: 'b01' }, 'INVALID_INPUT'],
    ['a system trigger', COUNTY_ADMIN, { code: 'VANGUARD', scopeOrgId: 'county', trigger: 'system' }, 'INVALID_INPUT'],
    ['an end before the start', COUNTY_ADMIN, { code: 'VANGUARD', scopeOrgId: 'county', activeFrom: '2026-12-01T00:00:00+08:00', activeTo: '2026-11-01T00:00:00+08:00' }, 'INVALID_INPUT'],
    ['a lower-case code', COUNTY_ADMIN, { code: 'vanguard', scopeOrgId: 'county' }, 'INVALID_INPUT'],
  ])('refuses %s', async (_name, openid, over, code) => {
    const all = await list(COUNTY_ADMIN, 'manage');
    const base = all.find((r) => r.code === (over.code === 'vanguard' ? 'VANGUARD' : over.code) && r.status !== 'superseded')!;
    const before = cloud.store.count('rules', {});
    expect(await call(openid, edit(base, over))).toMatchObject({ ok: false, code });
    expect(cloud.store.count('rules', {})).toBe(before);
  });
});
