// Runs under TZ=UTC and TZ=Asia/Shanghai: date filters and the expiry date are China-time calendar dates either way.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BalanceResult, LedgerAuditResult, LedgerListResult } from '../../../core/contracts/points';
import { chinaTime } from '../../../core/domain/time';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import { postOnce } from '../../../core/usecases/points/post-entry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { draft, freshMember, member, rule } from '../../support/ledger';

// q0080 (a fresh copy of a b04 member) gets a small history: three months of entries under three rules.
let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));
const ME = 't-q0080';

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, points({ clock, log: { error: () => undefined, info: () => undefined } }));
  await freshMember(cloud, 'q0080', { branchId: 'b04' }, ME);
  const m = member(cloud, 'q0080');
  const post = (code: string, key: string, wall: string, over: Record<string, unknown> = {}) => postOnce(draft(m, rule(cloud, code), { key, at: chinaTime(wall), ...over }));
  await post('VANGUARD', 'h:1', '2026-09-10 09:00:00');
  await post('DUTY_FULFILLED', 'h:2', '2026-10-01 00:00:00');
  await post('VANGUARD', 'h:3', '2026-10-31 23:59:59');
  await post('CRITICISM', 'h:4', '2026-11-01 00:00:00');
  await post('STORE_REDEMPTION', 'h:5', '2026-11-02 12:00:00', { eval: 0, redeem: -4, units: 0, source: { type: 'order', id: 'o1' } });
  await post('PIONEER_POST', 'h:6', '2026-11-20 08:00:00');
});
afterAll(() => cloud.close());

const ids = (r: LedgerListResult) => r.items.map((i) => i.id);
const page = async (openid: string, q: Record<string, unknown>) => expectOk(await call<LedgerListResult>(openid, { action: 'ledger.list', ...q }));

describe('points.balance', () => {
  it('answers both balances and what would expire at the year end', async () => {
    expect(expectOk(await call<BalanceResult>(ME, { action: 'balance' }))).toEqual({
      memberId: 'q0080',
      eval: 5 + 2 + 5 - 10 + 2,
      redeem: 5 + 0 + 5 - 4 + 2,
      updatedAt: chinaTime('2026-11-20 08:00:00').toISOString(),
      expiry: { date: '2026-12-31', points: 8 },
    });
  });

  it('answers zeros for a member with no entries', async () => {
    expect(expectOk(await call<BalanceResult>('demo-member-b01', { action: 'balance' }))).toMatchObject({ eval: expect.any(Number), redeem: expect.any(Number) });
    expect(expectOk(await call<BalanceResult>('demo-secretary-b05', { action: 'balance' }))).toMatchObject({ eval: 0, redeem: 0, updatedAt: null });
  });

  it("lets the member's secretary look, and no one outside", async () => {
    expect(expectOk(await call<BalanceResult>('demo-secretary-b04', { action: 'balance', memberId: 'q0080' })).eval).toBe(4);
    expect(await call('demo-secretary-b01', { action: 'balance', memberId: 'q0080' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('demo-member-b01', { action: 'balance', memberId: 'q0080' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('points.ledger.list', () => {
  it('lists newest first with rule names and versions', async () => {
    const r = await page(ME, {});
    expect(ids(r)).toEqual(['h:6', 'h:5', 'h:4', 'h:3', 'h:2', 'h:1']);
    expect(r.items[0]).toMatchObject({ ruleName: '党员先锋岗/特色岗值守', ruleVersion: 1, ruleId: 'PIONEER_POST@1', eval: 2, redeem: 2 });
    expect(r.nextOffset).toBeNull();
  });

  it.each([
    ['the redeemable account (entries that moved it)', { account: 'redeem' }, ['h:6', 'h:5', 'h:3', 'h:1']],
    ['the evaluation account', { account: 'eval' }, ['h:6', 'h:4', 'h:3', 'h:2', 'h:1']],
    ['a rule', { ruleCode: 'VANGUARD' }, ['h:3', 'h:1']],
    ['October, China time (23:59:59 on the 31st in, 00:00:00 on the 1st of November out)', { from: '2026-10-01', to: '2026-10-31' }, ['h:3', 'h:2']],
    ['from a date', { from: '2026-11-01' }, ['h:6', 'h:5', 'h:4']],
    ['up to a date', { to: '2026-09-30' }, ['h:1']],
  ])('filters by %s', async (_name, q, expected) => {
    expect(ids(await page(ME, q))).toEqual(expected);
  });

  it('pages with offsets', async () => {
    const p1 = await page(ME, { limit: 4 });
    expect(ids(p1)).toEqual(['h:6', 'h:5', 'h:4', 'h:3']);
    expect(p1.nextOffset).toBe(4);
    const p2 = await page(ME, { limit: 4, offset: 4 });
    expect(ids(p2)).toEqual(['h:2', 'h:1']);
    expect(p2.nextOffset).toBeNull();
  });

  it('refuses a reversed date range, a page over 50 and someone outside', async () => {
    expect(await call(ME, { action: 'ledger.list', from: '2026-11-02', to: '2026-11-01' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'from' });
    expect(await call(ME, { action: 'ledger.list', limit: 51 })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'limit' });
    expect(await call('demo-member-b01', { action: 'ledger.list', memberId: 'q0080' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('costs three requests: the caller, the page, the rule names', async () => {
    const r = await cloud.invoke(points({ clock }) as never, { action: 'ledger.list' }, { openid: ME });
    expect(r.dbRequests).toBe(3);
  });
});

describe('points.ledger.audit', () => {
  it('reports zero drift for the county to the county admin', async () => {
    const r = expectOk(await call<LedgerAuditResult>('demo-admin-county', { action: 'ledger.audit' }));
    expect(r).toMatchObject({ orgId: 'county', drift: [] });
    expect(r.entries).toBeGreaterThanOrEqual(6);
  });

  it('reports drift when a cached balance disagrees with the entries', async () => {
    await cloud.store.updateById('balances', 'q0080', { $inc: { eval: 3 } }).durable;
    const r = expectOk(await call<LedgerAuditResult>('demo-admin-t1', { action: 'ledger.audit', orgId: 'b04' }));
    expect(r.drift).toEqual([{ memberId: 'q0080', cached: { eval: 7, redeem: 8, entries: 6 }, computed: { eval: 4, redeem: 8, entries: 6 } }]);
    await cloud.store.updateById('balances', 'q0080', { $inc: { eval: -3 } }).durable;
  });

  it.each([
    ['a secretary', 'demo-secretary-b04', {}],
    ['a town admin on another town', 'demo-admin-t1', { orgId: 't2' }],
    ['a member', 'demo-member-b01', {}],
  ])('refuses %s', async (_name, openid, q) => {
    expect(await call(openid, { action: 'ledger.audit', ...q })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
