import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditListResult, ImportResult, TransferResult } from '../../../core/contracts/org';
import type { ClaimsListResult, CreditResult, LedgerAuditResult } from '../../../core/contracts/points';
import type { MemberDoc } from '../../../core/domain/org/model';
import type { BalanceDoc, LedgerEntry } from '../../../core/domain/points/ledger';
import { chinaTime } from '../../../core/domain/time';
import { files } from '../../../core/functions/files';
import { org } from '../../../core/functions/org';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { freshMember, photo } from '../../support/ledger';
import { digest } from './support';

// t2 = b05..b08, t3 = b09..b12; the county admin covers both towns, each town admin only theirs.
let cloud: LocalCloud;
let orgCall: Call;
let pointsCall: Call;
let filesCall: Call;
const clock = fixedClock(chinaTime('2026-10-20 10:00:00'));
const COUNTY = 'demo-admin-county';

beforeAll(async () => {
  cloud = await startTestCloud();
  const log = { error: () => undefined, info: () => undefined };
  orgCall = caller(cloud, org({ clock, log }));
  pointsCall = caller(cloud, points({ clock, log }));
  filesCall = caller(cloud, files({ clock, log }));
  await freshMember(cloud, 'tr0001', { branchId: 'b05' }, 't-tr0001');
  await freshMember(cloud, 'tr0002', { branchId: 'b06' }, 't-tr0002');
  await freshMember(cloud, 'tr0003', { branchId: 'b01' }, 't-tr0003');
  await freshMember(cloud, 'tr0004', { branchId: 'b07' });
});
afterAll(() => cloud.close());

const transfer = (openid: string, memberId: string, toBranchId: string, reason = '工作调动，组织关系转入') =>
  orgCall<TransferResult>(openid, { action: 'members.transfer', memberId, toBranchId, reason });
const award = (openid: string, memberId: string, requestId: string) =>
  pointsCall<CreditResult>(openid, { action: 'awards.grant', memberId, ruleCode: 'HONOUR_MONTH_STAR', reason: '每月之星', requestId });
const audit = async (orgId: string): Promise<LedgerAuditResult> => expectOk(await pointsCall<LedgerAuditResult>(COUNTY, { action: 'ledger.audit', orgId }));
const reviewQueue = async (openid: string): Promise<string[]> => expectOk(await pointsCall<ClaimsListResult>(openid, { action: 'claims.list', box: 'review', limit: 50 })).items.map((c) => c.id);
const memberDoc = (id: string) => cloud.store.getById('members', id) as unknown as MemberDoc;
const balanceDoc = (id: string) => cloud.store.getById('balances', id) as unknown as BalanceDoc;

/** Zero drift, intact chains and every balance placed with its member, at each level named. */
async function expectCleanAudit(orgIds: string[]): Promise<void> {
  // the org id rides along so a failure names the level
  for (const orgId of orgIds) expect(await audit(orgId)).toMatchObject({ orgId, drift: [], broken: [], misplaced: [] });
}

describe('org.members.transfer: award -> transfer -> award keeps the ledger audit at zero at every level', () => {
  it('moves the member, the balance and the pending claims together; both towns and both branches audit clean', async () => {
    expect(expectOk(await award('demo-secretary-b05', 'tr0001', 'tr-award-oct'))).toMatchObject({ eval: 10, redeem: 5 });
    const claim = expectOk(await pointsCall<{ claim: { id: string } }>('t-tr0001', { action: 'claims.submit', ruleCode: 'VANGUARD', note: '汛期值守三天', photos: [photo('flood', 'tr0001')] })).claim
      .id;
    expect(await reviewQueue('demo-secretary-b05')).toContain(claim);

    const moved = expectOk(await transfer(COUNTY, 'tr0001', 'b09'));
    expect(moved).toEqual({ memberId: 'tr0001', fromBranchId: 'b05', toBranchId: 'b09', toBranchName: '樱桃沟村党支部', claimsMoved: 1, changed: true });
    expect(memberDoc('tr0001')).toMatchObject({ branchId: 'b09', groupId: null, ancestors: ['county', 't3', 'b09'] });
    expect(balanceDoc('tr0001')).toMatchObject({ ancestors: ['county', 't3', 'b09'], eval: 10, redeem: 5, entries: 1 });

    // the pending claim now waits for the new branch's secretary, and no longer for the old one
    expect(await reviewQueue('demo-secretary-b09')).toContain(claim);
    expect(await reviewQueue('demo-secretary-b05')).not.toContain(claim);

    // the old secretary can no longer award; the new one can (November: the month cap moved with the member)
    expect(await award('demo-secretary-b05', 'tr0001', 'tr-award-old')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    clock.set(chinaTime('2026-11-20 10:00:00'));
    expectOk(await award('demo-secretary-b09', 'tr0001', 'tr-award-nov'));
    expect(expectOk(await pointsCall<{ status: string }>('demo-secretary-b09', { action: 'claims.approve', claimId: claim })).status).toBe('approved');

    // entries keep where they were earned; the audit takes the member whole where they are now
    expect((cloud.store.getById('ledger', 'awd:tr-award-oct') as unknown as LedgerEntry).ancestors).toContain('b05');
    expect((cloud.store.getById('ledger', 'awd:tr-award-nov') as unknown as LedgerEntry).ancestors).toContain('b09');
    await expectCleanAudit(['county', 't2', 't3', 'b05', 'b09']);
    const t3 = await audit('t3');
    const b05 = await audit('b05');
    expect(t3.entries).toBeGreaterThanOrEqual(3);
    expect(cloud.store.count('ledger', { memberId: 'tr0001' })).toBe(3);
    expect(b05.members).toBe(cloud.store.count('members', { ancestors: 'b05' }));
  });

  it('is audited once, with before, after and the reason, visible to the admins at both ends', async () => {
    for (const admin of [COUNTY, 'demo-admin-t2', 'demo-admin-t3']) {
      const items = expectOk(await orgCall<AuditListResult>(admin, { action: 'audit.list', auditAction: 'org.members.transfer', targetId: 'tr0001' })).items;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        role: 'countyAdmin',
        reason: '工作调动，组织关系转入',
        before: { branchId: 'b05', ancestors: expect.arrayContaining(['t2', 'b05']) },
        after: { branchId: 'b09', groupId: null, ancestors: ['county', 't3', 'b09'] },
      });
    }
  });

  it('lets a town admin move a member between branches of the town, and a reversal follows the member', async () => {
    clock.set(chinaTime('2026-11-21 10:00:00'));
    const credit = expectOk(await award('demo-secretary-b06', 'tr0002', 'tr-award-0002'));
    expectOk(await transfer('demo-admin-t2', 'tr0002', 'b08'));
    // the entry was earned in b06, but the member is now b08's to correct
    expect(await pointsCall('demo-secretary-b06', { action: 'ledger.reverse', entryId: credit.entryId, reason: '评选有误' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expectOk(await pointsCall('demo-secretary-b08', { action: 'ledger.reverse', entryId: credit.entryId, reason: '评选有误' }));
    await expectCleanAudit(['t2', 'b06', 'b08']);
  });

  it('opens a placed balance for a member who had none, so a first credit follows the member too', async () => {
    expect(cloud.store.getById('balances', 'tr0004')).toBeNull();
    expectOk(await transfer('demo-admin-t2', 'tr0004', 'b06'));
    expect(balanceDoc('tr0004')).toMatchObject({ ancestors: ['county', 't2', 'b06'], eval: 0, redeem: 0, entries: 0, head: null });
    expectOk(await award('demo-secretary-b06', 'tr0004', 'tr-award-0004'));
    await expectCleanAudit(['b06', 'b07']);
  });

  it.each([
    ['the branch the member is in', COUNTY, 'tr0003', 'b01', 'INVALID_INPUT'],
    ['a town as the target', COUNTY, 'tr0003', 't2', 'INVALID_INPUT'],
    ['a party group as the target', COUNTY, 'tr0003', 'b02g1', 'INVALID_INPUT'],
    ['an unknown branch', COUNTY, 'tr0003', 'b99', 'NOT_FOUND'],
    ['an unknown member (county admin)', COUNTY, 'nobody00', 'b02', 'NOT_FOUND'],
    ['an unknown member (town admin)', 'demo-admin-t1', 'nobody00', 'b02', 'FORBIDDEN'],
    ['a town admin moving a member into another town', 'demo-admin-t1', 'tr0003', 'b05', 'FORBIDDEN'],
    ['a town admin moving a member of another town', 'demo-admin-t2', 'tr0003', 'b05', 'FORBIDDEN'],
    ['a secretary', 'demo-secretary-b01', 'tr0003', 'b02', 'FORBIDDEN'],
  ])('refuses %s and writes nothing', async (_name, openid, memberId, toBranchId, code) => {
    const before = digest(cloud, ['members', 'balances', 'claims', 'audit']);
    expect(await transfer(openid, memberId, toBranchId)).toMatchObject({ ok: false, code });
    expect(digest(cloud, ['members', 'balances', 'claims', 'audit'])).toBe(before);
  });

  it('refuses a transfer without a reason', async () => {
    expect(await transfer(COUNTY, 'tr0003', 'b02', ' ')).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'reason' });
  });
});

describe('a move by roster import keeps the audit at zero too', () => {
  it('moves a member named under another branch in the file with their balance and pending claims', async () => {
    clock.set(chinaTime('2026-11-22 10:00:00'));
    const m = await freshMember(cloud, 'tr0010', { branchId: 'b02' }, 't-tr0010');
    expectOk(await award('demo-secretary-b02', 'tr0010', 'tr-award-0010'));
    const claim = expectOk(await pointsCall<{ claim: { id: string } }>('t-tr0010', { action: 'claims.submit', ruleCode: 'VANGUARD', note: '协助社区排查隐患', photos: [photo('check', 'tr0010')] }))
      .claim.id;

    const csv = `姓名,手机号,支部\n${m.name},${m.phone},建设路社区党支部\n`;
    const up = expectOk(await filesCall<{ fileID: string }>('demo-admin-t1', { action: 'roster.upload', fileName: '转接.csv', contentBase64: Buffer.from(csv).toString('base64') }));
    const r = expectOk(await filesCall<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID: up.fileID, dryRun: false }));
    expect(r).toMatchObject({ updated: 1, movesPending: 0 });

    expect(memberDoc('tr0010')).toMatchObject({ branchId: 'b04', groupId: null, ancestors: ['county', 't1', 'b04'] });
    expect(balanceDoc('tr0010').ancestors).toEqual(['county', 't1', 'b04']);
    expect(await reviewQueue('demo-secretary-b04')).toContain(claim);
    expect(await reviewQueue('demo-secretary-b02')).not.toContain(claim);

    clock.set(chinaTime('2026-12-02 10:00:00')); // next month: the month cap moved with the member
    expectOk(await award('demo-secretary-b04', 'tr0010', 'tr-award-0010b'));
    await expectCleanAudit(['county', 't1', 'b02', 'b04']);

    // the same file again changes nothing
    const again = expectOk(await filesCall<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID: up.fileID, dryRun: false }));
    expect(again).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('moves a member to another party group of the same branch with their balance', async () => {
    const m = await freshMember(cloud, 'tr0011', { branchId: 'b03', groupId: 'b03g1' });
    expectOk(await award('demo-secretary-b03', 'tr0011', 'tr-award-0011'));
    const csv = `姓名,手机号,支部,党小组\n${m.name},${m.phone},新华里社区党支部,第二党小组\n`;
    const up = expectOk(await filesCall<{ fileID: string }>('demo-admin-t1', { action: 'roster.upload', fileName: '分组.csv', contentBase64: Buffer.from(csv).toString('base64') }));
    expectOk(await filesCall<ImportResult>('demo-admin-t1', { action: 'roster.import', fileID: up.fileID, dryRun: false }));
    expect(balanceDoc('tr0011').ancestors).toEqual(['county', 't1', 'b03', 'b03g2']);
    await expectCleanAudit(['b03', 'b03g1', 'b03g2']);
  });
});
