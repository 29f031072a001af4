import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClaimDecisionResult, ClaimsApproveBatchResult, ClaimsListResult, ClaimsSubmitResult } from '../../../core/contracts/points';
import type { ClaimDoc } from '../../../core/domain/points/claims';
import type { LedgerEntry } from '../../../core/domain/points/ledger';
import { chinaTime } from '../../../core/domain/time';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import { auditLedger } from '../../../core/usecases/points/ledger-audit';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { balanceOf, entryCount, freshMember, memberIdOf, photo } from '../../support/ledger';

// b01: m0001 secretary, m0002 grid leader of b01g2; b02's secretary is m0026. The claimants are fresh
// copies of b01 members (c00xx). Members claim at 2026-11-23 10:00 China time.
const SEC = 'demo-secretary-b01';
const SEC_B02 = 'demo-secretary-b02';
const GRID = 'demo-grid-b01g2';
const ADMIN_T1 = 'demo-admin-t1';
const ADMIN_T2 = 'demo-admin-t2';
let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, points({ clock, log: { error: () => undefined, info: () => undefined } }));
  // members no area's demo data touches (copies of b01 members; c0005 and c0008 in the b01g2 grid, c0004 in b01g1, c0027 in b02)
  const like = (id: string) => (['c0005', 'c0008'].includes(id) ? { groupId: 'b01g2' } : id === 'c0004' ? { groupId: 'b01g1' } : id === 'c0027' ? { branchId: 'b02' } : { branchId: 'b01' });
  for (const id of ['c0004', 'c0005', 'c0006', 'c0007', 'c0008', 'c0009', 'c0016', 'c0017', 'c0018', 'c0019', 'c0025', 'c0027']) await freshMember(cloud, id, like(id), `t-${id}`);
});
afterAll(() => cloud.close());

const as = (memberId: string) => `t-${memberId}`;
const claim = (r: ClaimsSubmitResult) => r.claim.id;

async function submit(openid: string, over: Record<string, unknown> = {}): Promise<string> {
  const r = await call<ClaimsSubmitResult>(openid, { action: 'claims.submit', ruleCode: 'VANGUARD', note: '协助社区疫苗接种点维持秩序', photos: [photo('a', memberIdOf(cloud, openid))], ...over });
  return claim(expectOk(r));
}
const claimDoc = (id: string) => cloud.store.getById('claims', id) as unknown as ClaimDoc;

describe('submitting a claim', () => {
  it('records a pending claim under the rule version, with note and photos', async () => {
    const r = expectOk(await call<ClaimsSubmitResult>(as('c0004'), { action: 'claims.submit', ruleCode: 'PIONEER_POST', note: '先锋岗值守', photos: [photo('p1', 'c0004'), photo('p2', 'c0004')] }));
    expect(r.duplicate).toBe(false);
    expect(r.claim).toMatchObject({
      memberId: 'c0004',
      status: 'pending',
      onBehalf: false,
      reporterId: 'c0004',
      rule: { id: 'PIONEER_POST@1', version: 1, evalPoints: 2, redeemPoints: 2 },
      photos: [photo('p1', 'c0004'), photo('p2', 'c0004')],
    });
    expect(claimDoc(r.claim.id)).toMatchObject({ ancestors: ['county', 't1', 'b01', 'b01g1'], branchId: 'b01', status: 'pending' });
  });

  it.each([
    ['an award rule', { ruleCode: 'HONOUR_MONTH_STAR' }, 'RULE_NOT_CLAIMABLE'],
    ['a check-in rule', { ruleCode: 'DEDICATION_DAY' }, 'RULE_NOT_CLAIMABLE'],
    ['a grid report by a plain member', { ruleCode: 'GRID_ISSUE_REPORTED' }, 'RULE_NOT_CLAIMABLE'],
    ['a system rule', { ruleCode: 'ANNUAL_EXPIRY' }, 'RULE_NOT_CLAIMABLE'],
    ['a photo rule without photos', { ruleCode: 'VANGUARD', photos: [] }, 'EVIDENCE_REQUIRED'],
    ['an unknown rule', { ruleCode: 'NO_SUCH_RULE' }, 'NOT_FOUND'],
    ['an empty note', { note: '   ' }, 'INVALID_INPUT'],
    ['a photo that is not a cloud fileID', { photos: ['http://example.com/x.jpg'] }, 'INVALID_INPUT'],
    ['ten photos', { photos: Array.from({ length: 10 }, (_, i) => photo(`x${i}`, 'c0005')) }, 'INVALID_INPUT'],
    ["another member's photo", { photos: [photo('theirs', 'c0006')] }, 'INVALID_INPUT'],
    ['a photo path climbing out of the own folder', { photos: ['cloud://local.test/evidence/c0005/../c0006/x.jpg'] }, 'INVALID_INPUT'],
    ['a claim for another member by a non-leader', { memberId: 'c0006' }, 'FORBIDDEN'],
  ])('refuses %s', async (_name, over, code) => {
    const before = cloud.store.count('claims', {});
    expect(await call(as('c0005'), { action: 'claims.submit', ruleCode: 'VANGUARD', note: '说明', photos: [photo('z', 'c0005')], ...over })).toMatchObject({ ok: false, code });
    expect(cloud.store.count('claims', {})).toBe(before);
  });

  it('accepts a claim without photos when the rule needs none', async () => {
    expect(expectOk(await call<ClaimsSubmitResult>(as('c0006'), { action: 'claims.submit', ruleCode: 'DUTY_FULFILLED', note: '按时交纳党费' })).claim.photos).toEqual([]);
  });

  it('lets a grid leader report for a member of the grid, marked on behalf and audited', async () => {
    const r = expectOk(
      await call<ClaimsSubmitResult>(GRID, { action: 'claims.submit', memberId: 'c0005', ruleCode: 'GRID_ISSUE_REPORTED', note: '发现楼道堆放杂物', photos: [photo('g1', memberIdOf(cloud, GRID))] }),
    );
    expect(r.claim).toMatchObject({ memberId: 'c0005', onBehalf: true, reporterId: 'm0002', status: 'pending' });
    expect(cloud.store.find('audit', { action: 'points.claims.submit', targetId: r.claim.id }, {})).toHaveLength(1);
  });

  it('refuses a grid leader reporting for a member of another grid', async () => {
    // c0004 is in b01g1; the leader leads b01g2
    expect(await call(GRID, { action: 'claims.submit', memberId: 'c0004', ruleCode: 'GRID_ISSUE_REPORTED', note: '问题', photos: [photo('g2', memberIdOf(cloud, GRID))] })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('answers a retried submission with the first claim, and other content under the same request id with CONFLICT', async () => {
    const body = { action: 'claims.submit', ruleCode: 'VANGUARD', note: '抗洪抢险', photos: [photo('r1', 'c0007')], requestId: 'req-retry-0001' };
    const first = expectOk(await call<ClaimsSubmitResult>(as('c0007'), body));
    const again = expectOk(await call<ClaimsSubmitResult>(as('c0007'), body));
    expect(again).toEqual({ claim: first.claim, duplicate: true });
    expect(await call(as('c0007'), { ...body, note: '另一件事' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(cloud.store.count('claims', { memberId: 'c0007' })).toBe(1);
  });
});

describe('who may decide a claim', () => {
  it('refuses a secretary approving their own claim', async () => {
    const own = await submit(SEC);
    expect(await call(SEC, { action: 'claims.approve', claimId: own })).toMatchObject({ ok: false, code: 'SELF_APPROVAL' });
    expect(await call(SEC, { action: 'claims.reject', claimId: own, reason: '自己驳回' })).toMatchObject({ ok: false, code: 'SELF_APPROVAL' });
    expect(claimDoc(own).status).toBe('pending');
    // the town admin above the secretary may
    expect(expectOk(await call<ClaimDecisionResult>(ADMIN_T1, { action: 'claims.approve', claimId: own })).status).toBe('approved');
  });

  it('refuses a grid leader who is also a secretary approving a claim they reported', async () => {
    await cloud.store.updateById('members', 'm0002', { $push: { roles: { role: 'secretary', orgId: 'b01' } } }).durable;
    const id = expectOk(
      await call<ClaimsSubmitResult>(GRID, { action: 'claims.submit', memberId: 'c0008', ruleCode: 'GRID_ISSUE_RESOLVED', note: '协助办结', photos: [photo('g3', memberIdOf(cloud, GRID))] }),
    ).claim.id;
    expect(await call(GRID, { action: 'claims.approve', claimId: id })).toMatchObject({ ok: false, code: 'SELF_APPROVAL' });
    await cloud.store.updateById('members', 'm0002', { $pull: { roles: { role: 'secretary', orgId: 'b01' } } }).durable;
  });

  it.each([
    ['a secretary of another branch', SEC_B02, 'FORBIDDEN'],
    ['an admin of another town', ADMIN_T2, 'FORBIDDEN'],
    ['a plain member', 'demo-member-b01', 'FORBIDDEN'],
    ['a store keeper of the town', 'demo-keeper-t1', 'FORBIDDEN'],
  ])('refuses %s approving', async (_name, openid, code) => {
    const id = await submit(as('c0009'));
    expect(await call(openid, { action: 'claims.approve', claimId: id })).toMatchObject({ ok: false, code });
    expect(await call(openid, { action: 'claims.approveBatch', claimIds: [id] })).toMatchObject(openid === SEC_B02 || openid === ADMIN_T2 ? { ok: true } : { ok: false, code });
    expect(claimDoc(id).status).toBe('pending');
    expect(entryCount(cloud, 'c0009')).toBe(0);
    // tidy: withdraw so the next case starts clean
    expectOk(await call(as('c0009'), { action: 'claims.withdraw', claimId: id }));
  });

  it('refuses a plain member approving before reading anything beyond the caller', async () => {
    const id = await submit(as('c0016'));
    const r = await cloud.invoke(points({ clock }) as never, { action: 'claims.approve', claimId: id }, { openid: 'demo-member-b01' });
    expect(r.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(r.dbRequests).toBe(1);
  });

  it('reports a claim outside scope as FORBIDDEN inside a batch, item by item', async () => {
    const mine = await submit(as('c0017'));
    const other = await submit(as('c0027'));
    const r = expectOk(await call<ClaimsApproveBatchResult>(SEC, { action: 'claims.approveBatch', claimIds: [mine, other, 'nope'] }));
    expect(r.results).toEqual([
      expect.objectContaining({ claimId: mine, ok: true, entryId: `clm:${mine}` }),
      expect.objectContaining({ claimId: other, ok: false, code: 'FORBIDDEN' }),
      expect.objectContaining({ claimId: 'nope', ok: false, code: 'NOT_FOUND' }),
    ]);
    expect([r.approved, r.failed]).toEqual([1, 2]);
  });
});

describe('claim states', () => {
  it('cannot approve a withdrawn claim', async () => {
    const id = await submit(as('c0018'));
    expect(expectOk(await call<ClaimDecisionResult>(as('c0018'), { action: 'claims.withdraw', claimId: id })).status).toBe('withdrawn');
    expect(await call(SEC, { action: 'claims.approve', claimId: id })).toMatchObject({ ok: false, code: 'CLAIM_NOT_PENDING' });
    expect(entryCount(cloud, 'c0018')).toBe(0);
  });

  it('cannot approve a rejected claim, and the reason is kept for the member', async () => {
    const id = await submit(as('c0019'));
    expectOk(await call(SEC, { action: 'claims.reject', claimId: id, reason: '照片无法看清，请补充' }));
    expect(await call(SEC, { action: 'claims.approve', claimId: id })).toMatchObject({ ok: false, code: 'CLAIM_NOT_PENDING' });
    const mine = expectOk(await call<ClaimsListResult>(as('c0019'), { action: 'claims.list', box: 'mine' }));
    expect(mine.items[0]).toMatchObject({ id, status: 'rejected', reason: '照片无法看清，请补充' });
    expect(entryCount(cloud, 'c0019')).toBe(0);
    expect(cloud.store.getById('outbox', `ntf:claimRejected:${id}`)).toMatchObject({ memberId: 'c0019', template: 'claimRejected', status: 'pending' });
  });

  it('needs a reason to reject', async () => {
    const id = await submit(as('c0019'));
    expect(await call(SEC, { action: 'claims.reject', claimId: id, reason: ' ' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'reason' });
  });

  it('lets only the member or the reporter withdraw, and only while pending', async () => {
    const id = await submit(as('c0025'));
    expect(await call(as('c0004'), { action: 'claims.withdraw', claimId: id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expectOk(await call(SEC, { action: 'claims.approve', claimId: id }));
    expect(await call(as('c0025'), { action: 'claims.withdraw', claimId: id })).toMatchObject({ ok: false, code: 'CLAIM_NOT_PENDING' });
  });
});

describe('approving exactly once', () => {
  it('credits once when 50 approvals of one claim arrive at the same time', async () => {
    const id = await submit(as('c0006'), { ruleCode: 'VANGUARD' });
    const before = balanceOf(cloud, 'c0006');
    const results = await Promise.all(Array.from({ length: 50 }, () => call<ClaimDecisionResult>(SEC, { action: 'claims.approve', claimId: id })));
    // the same secretary: every answer is the one approval
    for (const r of results) expect(expectOk(r)).toMatchObject({ claimId: id, status: 'approved', entryId: `clm:${id}`, eval: 5, redeem: 5 });
    expect(cloud.store.count('ledger', { 'source.id': id })).toBe(1);
    expect(balanceOf(cloud, 'c0006')).toMatchObject({ eval: before.eval + 5, redeem: before.redeem + 5, entries: before.entries + 1 });
    expect(cloud.store.find('audit', { action: 'points.claims.approve', targetId: id }, {})).toHaveLength(1);
    expect(cloud.store.count('outbox', { _id: `ntf:claimApproved:${id}` })).toBe(1);
  });

  it('answers other approvers racing the same claim with CLAIM_NOT_PENDING, crediting once', async () => {
    const id = await submit(as('c0016'));
    const who = [SEC, ADMIN_T1, 'demo-admin-county'];
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => call<ClaimDecisionResult>(who[i % 3], { action: 'claims.approve', claimId: id })));
    const decider = claimDoc(id).decidedBy;
    const oks = results.filter((r) => r.ok);
    expect(oks.length).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'CLAIM_NOT_PENDING')).toBe(true);
    // every ok came from the approver who won
    const winners = new Set(results.map((r, i) => (r.ok ? who[i % 3] : null)).filter(Boolean));
    expect(winners.size).toBe(1);
    expect(decider).toBeTruthy();
    expect(cloud.store.count('ledger', { 'source.id': id })).toBe(1);
  });

  it('leaves no trace when the approval commit fails, and a retry then credits once', async () => {
    const id = await submit(as('c0017'));
    const before = { entries: cloud.store.count('ledger', {}), audit: cloud.store.count('audit', {}), outbox: cloud.store.count('outbox', {}), bal: balanceOf(cloud, 'c0017') };
    const undo = cloud.faults.add({ api: 'database.commitTransaction', fail: true, nth: 1 });
    expect(await call(SEC, { action: 'claims.approve', claimId: id })).toMatchObject({ ok: false, code: 'INTERNAL' });
    undo();
    expect(claimDoc(id).status).toBe('pending');
    expect({ entries: cloud.store.count('ledger', {}), audit: cloud.store.count('audit', {}), outbox: cloud.store.count('outbox', {}), bal: balanceOf(cloud, 'c0017') }).toEqual(before);
    expectOk(await call(SEC, { action: 'claims.approve', claimId: id }));
    expect(cloud.store.count('ledger', { 'source.id': id })).toBe(1);
  });

  it('refuses an approval beyond the cap with CAP_EXCEEDED, writing nothing and leaving the claim pending', async () => {
    // DEDICATION_LOG: once a month. Two claims submitted while the month was still free.
    const a = await submit(as('c0005'), { ruleCode: 'DEDICATION_LOG' });
    const b = await submit(as('c0005'), { ruleCode: 'DEDICATION_LOG' });
    expectOk(await call(SEC, { action: 'claims.approve', claimId: a }));
    const bal = balanceOf(cloud, 'c0005');
    expect(await call(SEC, { action: 'claims.approve', claimId: b })).toMatchObject({ ok: false, code: 'CAP_EXCEEDED' });
    expect(claimDoc(b).status).toBe('pending');
    expect(balanceOf(cloud, 'c0005')).toEqual(bal);
    // and a third claim this month is refused at submission already
    expect(await call(as('c0005'), { action: 'claims.submit', ruleCode: 'DEDICATION_LOG', note: '再次补登', photos: [photo('d3', 'c0005')] })).toMatchObject({ ok: false, code: 'CAP_EXCEEDED' });
  });

  it('costs ten requests: caller, start, claim, balance, entry, balance, claim, audit, outbox, commit', async () => {
    const id = await submit(as('c0007'), { ruleCode: 'DUTY_FULFILLED', photos: [] });
    const r = await cloud.invoke(points({ clock }) as never, { action: 'claims.approve', claimId: id }, { openid: SEC });
    expect(r.result).toMatchObject({ ok: true });
    expect(r.dbRequests).toBe(10);
  });
});

describe('lists', () => {
  it('shows the secretary the pending claims of the branch oldest first, never their own', async () => {
    const t0 = clock.now();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      clock.set(new Date(t0.getTime() + (i + 1) * 60_000));
      ids.push(await submit(as('c0008'), { ruleCode: 'PIONEER_POST', note: `值守 ${i}` }));
    }
    await submit(SEC, { note: '书记本人的申报' });
    clock.set(t0);
    const all: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: ClaimsListResult = expectOk(await call<ClaimsListResult>(SEC, { action: 'claims.list', box: 'review', offset, limit: 5 }));
      all.push(...page.items.map((c) => c.id));
      expect(page.items.every((c) => c.status === 'pending' && c.memberId !== 'm0001' && c.branchId === 'b01')).toBe(true);
      offset = page.nextOffset;
    }
    const created = all.map((id) => claimDoc(id).createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(all.slice(-3)).toEqual(ids);
  });

  it('gives temp URLs for photos that exist, and an empty one for a missing file', async () => {
    const sdk = require('wx-server-sdk') as { uploadFile(o: object): Promise<{ fileID: string }> };
    const up = await sdk.uploadFile({ cloudPath: 'evidence/c0009/x.jpg', fileContent: Buffer.from([0xff, 0xd8, 0xff]) });
    const id = await submit(as('c0009'), { photos: [up.fileID, photo('gone', 'c0009')], note: '有照片' });
    const page = expectOk(await call<ClaimsListResult>(as('c0009'), { action: 'claims.list', box: 'mine', status: 'pending' }));
    const c = page.items.find((x) => x.id === id)!;
    expect(c.photoUrls[0]).toMatch(/^http:\/\/.+\/storage\/evidence\/c0009\/x\.jpg\?t=\d+&sign=/);
    expect(c.photoUrls[1]).toBe('');
  });

  it('takes a photo as base64 in local mode (evidence.upload) and shows it to the reviewer', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 1)]).toString('base64');
    const up = expectOk(await call<{ fileID: string }>(as('c0025'), { action: 'evidence.upload', ext: 'png', contentBase64: png }));
    expect(up.fileID).toMatch(/^cloud:\/\/.+\/evidence\/c0025\/[0-9a-f]{24}\.png$/);
    const id = await submit(as('c0025'), { photos: [up.fileID], note: '现场照片' });
    const queue = expectOk(await call<ClaimsListResult>(SEC, { action: 'claims.list', box: 'review', limit: 50, offset: 0 }));
    let item = queue.items.find((c) => c.id === id);
    for (let offset = queue.nextOffset; !item && offset !== null;) {
      const page: ClaimsListResult = expectOk(await call<ClaimsListResult>(SEC, { action: 'claims.list', box: 'review', limit: 50, offset }));
      item = page.items.find((c) => c.id === id);
      offset = page.nextOffset;
    }
    expect(item?.photoUrls[0]).toMatch(/\/storage\/evidence\/c0025\//);
    // not an image: refused
    expect(await call(as('c0025'), { action: 'evidence.upload', ext: 'jpg', contentBase64: Buffer.from('hello world').toString('base64') })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'contentBase64',
    });
  });

  it('shows a grid leader the claims they reported, and the member sees them as reported for them', async () => {
    const reported = expectOk(await call<ClaimsListResult>(GRID, { action: 'claims.list', box: 'reported' }));
    expect(reported.items.length).toBeGreaterThan(0);
    expect(reported.items.every((c) => c.onBehalf && c.reporterId === 'm0002')).toBe(true);
    const mine = expectOk(await call<ClaimsListResult>(as('c0005'), { action: 'claims.list', box: 'mine' }));
    expect(mine.items.some((c) => c.onBehalf && c.reporterName.length > 0)).toBe(true);
  });

  it('refuses the review box to a plain member', async () => {
    expect(await call('demo-member-b01', { action: 'claims.list', box: 'review' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('ends with zero drift and every entry traceable to a rule version and a claim', async () => {
    expect((await auditLedger('county')).drift).toEqual([]);
    const entries = cloud.store.find('ledger', { 'source.type': 'claim' }, {}) as unknown as LedgerEntry[];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(cloud.store.getById('rules', e.ruleId)).not.toBeNull();
      expect(claimDoc(e.source.id)).toMatchObject({ status: 'approved', entryId: e._id });
    }
  });
});
