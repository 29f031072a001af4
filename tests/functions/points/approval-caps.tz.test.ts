// Runs under TZ=UTC and TZ=Asia/Shanghai: caps count China calendar periods whatever the server's zone.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClaimsSubmitResult, RuleView } from '../../../core/contracts/points';
import { chinaTime } from '../../../core/domain/time';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { freshMember, memberIdOf, photo } from '../../support/ledger';

// t3 branches b09..b12; b09's secretary is demo-secretary-b09; the members are fresh copies (k00n).
let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-09-01 09:00:00'));
const SEC = 'demo-secretary-b09';
const ADMIN = 'demo-admin-t3';

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, points({ clock, log: { error: () => undefined, info: () => undefined } }));
});
afterAll(() => cloud.close());

/** A fresh, bound member of b09 (of its group b09g2 when `g2`), untouched by any demo data. */
async function memberOfB09(n: number, g2 = false): Promise<{ id: string; openid: string }> {
  const id = `k00${n}`;
  await freshMember(cloud, id, g2 ? { groupId: 'b09g2' } : { branchId: 'b09' }, `t-${id}`);
  return { id, openid: `t-${id}` };
}

async function submitAt(openid: string, wall: string, ruleCode: string): Promise<string> {
  clock.set(chinaTime(wall));
  return expectOk(await call<ClaimsSubmitResult>(openid, { action: 'claims.submit', ruleCode, note: '申报', photos: [photo('cap', memberIdOf(cloud, openid))] })).claim.id;
}

async function approveAt(claimId: string, wall: string): Promise<string> {
  clock.set(chinaTime(wall));
  const r = await call(SEC, { action: 'claims.approve', claimId });
  return r.ok ? 'OK' : r.code;
}

async function awardAt(openid: string, memberId: string, ruleCode: string, wall: string): Promise<string> {
  clock.set(chinaTime(wall));
  const r = await call(openid, { action: 'awards.grant', memberId, ruleCode, reason: '评议' });
  return r.ok ? 'OK' : r.code;
}

describe('caps at China-time period boundaries, on approval', () => {
  it('month: the second approval at 23:59:59 on 30 November is over the cap; at 00:00:00 on 1 December it is the new month', async () => {
    const m = await memberOfB09(3);
    const a = await submitAt(m.openid, '2026-11-28 10:00:00', 'DEDICATION_LOG');
    const b = await submitAt(m.openid, '2026-11-29 10:00:00', 'DEDICATION_LOG');
    expect(await approveAt(a, '2026-11-30 23:59:59')).toBe('OK');
    expect(await approveAt(b, '2026-11-30 23:59:59')).toBe('CAP_EXCEEDED');
    expect(await approveAt(b, '2026-12-01 00:00:00')).toBe('OK');
    expect(cloud.store.getById('ledger', `clm:${b}`)).toMatchObject({ capKeys: ['DEDICATION_LOG|month:2026-12'] });
  });

  it('week: Sunday 23:59:59 is the old ISO week, Monday 00:00:00 China time (Sunday 16:00 UTC) the new one', async () => {
    const m = await memberOfB09(5);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await submitAt(m.openid, '2026-11-23 09:00:00', 'PIONEER_POST'));
    expect(await approveAt(ids[0], '2026-11-24 10:00:00')).toBe('OK');
    expect(await approveAt(ids[1], '2026-11-29 23:59:59')).toBe('OK');
    expect(await approveAt(ids[2], '2026-11-29 23:59:59')).toBe('CAP_EXCEEDED');
    expect(await approveAt(ids[2], '2026-11-30 00:00:00')).toBe('OK');
  });

  it('day: three grid reports a day; the fourth waits for China midnight', async () => {
    const m = await memberOfB09(4, true); // b09 group 2, whose grid leader reports
    const groupLeader = 'demo-grid-b09g2';
    clock.set(chinaTime('2026-10-10 09:00:00'));
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(
        expectOk(
          await call<ClaimsSubmitResult>(groupLeader, {
            action: 'claims.submit',
            memberId: m.id,
            ruleCode: 'GRID_ISSUE_REPORTED',
            note: `上报 ${i}`,
            photos: [photo(`g${i}`, memberIdOf(cloud, groupLeader))],
          }),
        ).claim.id,
      );
    }
    for (let i = 0; i < 3; i++) expect(await approveAt(ids[i], '2026-10-10 23:59:59')).toBe('OK');
    expect(await approveAt(ids[3], '2026-10-10 23:59:59')).toBe('CAP_EXCEEDED');
    expect(await approveAt(ids[3], '2026-10-11 00:00:00')).toBe('OK');
  });

  it('year: the sixth county honour at 23:59:59 on 31 December is refused, at 00:00:00 on 1 January granted', async () => {
    const m = await memberOfB09(6);
    for (let i = 0; i < 5; i++) expect(await awardAt(ADMIN, m.id, 'HONOUR_COUNTY', `2026-0${i + 1}-15 10:00:00`)).toBe('OK');
    expect(await awardAt(ADMIN, m.id, 'HONOUR_COUNTY', '2026-12-31 23:59:59')).toBe('CAP_EXCEEDED');
    expect(await awardAt(ADMIN, m.id, 'HONOUR_COUNTY', '2027-01-01 00:00:00')).toBe('OK');
  });

  it('quarter: a quarterly rule resets at 00:00:00 on 1 October China time', async () => {
    clock.set(chinaTime('2026-09-01 09:00:00'));
    const r = expectOk(
      await call<RuleView>('demo-admin-county', {
        action: 'rules.save',
        code: 'QUARTER_STAR',
        expectedVersion: 0,
        name: '季度之星',
        category: 'honour',
        evalPoints: 8,
        redeemPoints: 4,
        trigger: 'award',
        caps: { quarter: 1 },
        evidence: 'none',
        approverRole: 'secretary',
        description: '每季度评选',
        scopeOrgId: 'county',
        status: 'active',
      }),
    );
    expect(r.caps).toEqual({ quarter: 1 });
    const m = await memberOfB09(7);
    expect(await awardAt(SEC, m.id, 'QUARTER_STAR', '2026-07-01 00:00:00')).toBe('RULE_INACTIVE'); // before the rule existed
    expect(await awardAt(SEC, m.id, 'QUARTER_STAR', '2026-09-02 10:00:00')).toBe('OK');
    expect(await awardAt(SEC, m.id, 'QUARTER_STAR', '2026-09-30 23:59:59')).toBe('CAP_EXCEEDED');
    expect(await awardAt(SEC, m.id, 'QUARTER_STAR', '2026-10-01 00:00:00')).toBe('OK');
  });
});
