import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CreditResult } from '../../../core/contracts/points';
import type { LedgerEntry } from '../../../core/domain/points/ledger';
import { chinaTime } from '../../../core/domain/time';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import { auditLedger } from '../../../core/usecases/points/ledger-audit';
import { postOnce } from '../../../core/usecases/points/post-entry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { balanceOf, entryCount, freshMember, member } from '../../support/ledger';

// b02: m0026 is its secretary; the members here are fresh copies of b02 members (a0040..a0050).
const SEC = 'demo-secretary-b02';
let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, points({ clock, log: { error: () => undefined, info: () => undefined } }));
  for (let i = 40; i <= 50; i++) await freshMember(cloud, `a00${i}`, { branchId: 'b02' });
});
afterAll(() => cloud.close());

const grant = (openid: string, memberId: string, ruleCode: string, extra: Record<string, unknown> = {}) =>
  call<CreditResult>(openid, { action: 'awards.grant', memberId, ruleCode, reason: '支部评议', ...extra });

describe('awards.grant', () => {
  it('awards points under an award rule, audited with the reason', async () => {
    const r = expectOk(await grant(SEC, 'a0040', 'HONOUR_MONTH_STAR', { requestId: 'award-0040-a' }));
    expect(r).toMatchObject({ entryId: 'awd:award-0040-a', memberId: 'a0040', eval: 10, redeem: 5, ruleId: 'HONOUR_MONTH_STAR@1', duplicate: false });
    expect(cloud.store.getById('ledger', 'awd:award-0040-a')).toMatchObject({ source: { type: 'award', id: 'award-0040-a' }, actorId: 'm0026', note: '支部评议', ruleVersion: 1 });
    expect(cloud.store.find('audit', { action: 'points.awards.grant', targetId: 'a0040' }, {})).toEqual([expect.objectContaining({ role: 'secretary', reason: '支部评议' })]);
  });

  it('credits once when the same request is retried, even 20 times at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => grant(SEC, 'a0041', 'HONOUR_MONTH_STAR', { requestId: 'award-0041-a' })));
    expect(results.filter((r) => r.ok && !r.data.duplicate)).toHaveLength(1);
    for (const r of results) expect(expectOk(r).entryId).toBe('awd:award-0041-a');
    expect(entryCount(cloud, 'a0041')).toBe(1);
    expect(balanceOf(cloud, 'a0041')).toMatchObject({ eval: 10, redeem: 5 });
    expect(cloud.store.count('audit', { action: 'points.awards.grant', targetId: 'a0041' })).toBe(1);
  });

  it('answers CONFLICT when the same request id comes with a different member or rule', async () => {
    expectOk(await grant(SEC, 'a0042', 'HONOUR_MONTH_STAR', { requestId: 'award-0042-a' }));
    expect(await grant(SEC, 'a0043', 'HONOUR_MONTH_STAR', { requestId: 'award-0042-a' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await grant(SEC, 'a0042', 'CRITICISM', { requestId: 'award-0042-a' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(entryCount(cloud, 'a0043')).toBe(0);
    expect(entryCount(cloud, 'a0042')).toBe(1);
  });

  it('deducts evaluation points under a negative rule', async () => {
    expectOk(await grant(SEC, 'a0044', 'HONOUR_MONTH_STAR'));
    expect(expectOk(await grant(SEC, 'a0044', 'CRITICISM'))).toMatchObject({ eval: -10, redeem: 0 });
    expect(balanceOf(cloud, 'a0044')).toMatchObject({ eval: 0, redeem: 5 });
  });

  it.each([
    ['a rule only an org admin may award, by a secretary', SEC, 'a0045', 'HONOUR_COUNTY', 'FORBIDDEN'],
    ['a member of another branch', SEC, 'm0003', 'HONOUR_MONTH_STAR', 'FORBIDDEN'],
    ['a claim rule', SEC, 'a0045', 'VANGUARD', 'INVALID_INPUT'],
    ['a plain member awarding', 'demo-member-b02', 'a0045', 'HONOUR_MONTH_STAR', 'FORBIDDEN'],
    ['a grid leader awarding', 'demo-grid-b02g2', 'a0045', 'HONOUR_MONTH_STAR', 'FORBIDDEN'],
    ['the secretary awarding themself', SEC, 'm0026', 'HONOUR_MONTH_STAR', 'SELF_APPROVAL'],
    ['an unknown member, to a secretary (who learns nothing)', SEC, 'm9999', 'HONOUR_MONTH_STAR', 'FORBIDDEN'],
    ['an unknown member, to the county admin', 'demo-admin-county', 'm9999', 'HONOUR_COUNTY', 'NOT_FOUND'],
  ])('refuses %s', async (_name, openid, memberId, ruleCode, code) => {
    const before = cloud.store.count('ledger', {});
    expect(await grant(openid, memberId, ruleCode)).toMatchObject({ ok: false, code });
    expect(cloud.store.count('ledger', {})).toBe(before);
  });

  it('lets an org admin award an admin-level honour', async () => {
    expect(expectOk(await grant('demo-admin-t1', 'a0045', 'HONOUR_COUNTY'))).toMatchObject({ eval: 20, redeem: 10 });
  });

  it('enforces the rule cap on awards too', async () => {
    expectOk(await grant(SEC, 'a0046', 'HONOUR_MONTH_STAR'));
    expect(await grant(SEC, 'a0046', 'HONOUR_MONTH_STAR')).toMatchObject({ ok: false, code: 'CAP_EXCEEDED' });
  });
});

describe('points.ledger.reverse', () => {
  it('restores exactly the original amounts and gives the cap use back', async () => {
    const before = balanceOf(cloud, 'a0047');
    const a = expectOk(await grant(SEC, 'a0047', 'HONOUR_MONTH_STAR', { requestId: 'award-0047-a' }));
    const rev = expectOk(await call<CreditResult>(SEC, { action: 'ledger.reverse', entryId: a.entryId, reason: '评选结果撤销' }));
    expect(rev).toMatchObject({ entryId: 'rev:awd:award-0047-a', eval: -10, redeem: -5, ruleId: 'HONOUR_MONTH_STAR@1' });
    expect(balanceOf(cloud, 'a0047')).toMatchObject({ eval: before.eval, redeem: before.redeem });
    const e = cloud.store.getById('ledger', rev.entryId) as unknown as LedgerEntry;
    expect(e).toMatchObject({ reversalOf: a.entryId, source: { type: 'reversal', id: a.entryId }, note: '评选结果撤销' });
    // the month's one use is free again
    expectOk(await grant(SEC, 'a0047', 'HONOUR_MONTH_STAR'));
  });

  it('reverses once when retried, and never reverses a reversal', async () => {
    const a = expectOk(await grant(SEC, 'a0048', 'HONOUR_MONTH_STAR'));
    const rs = await Promise.all(Array.from({ length: 10 }, () => call<CreditResult>(SEC, { action: 'ledger.reverse', entryId: a.entryId, reason: '重复录入' })));
    expect(rs.filter((r) => r.ok && !r.data.duplicate)).toHaveLength(1);
    expect(cloud.store.count('ledger', { reversalOf: a.entryId })).toBe(1);
    expect(await call(SEC, { action: 'ledger.reverse', entryId: `rev:${a.entryId}`, reason: '再冲正' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(balanceOf(cloud, 'a0048')).toMatchObject({ eval: 0, redeem: 0, entries: 2 });
  });

  it('refuses a reversal that would take the redeemable balance below zero', async () => {
    const a = expectOk(await grant(SEC, 'a0049', 'HONOUR_MONTH_STAR'));
    // the member spends 3 of the 5 redeemable points (as the store would, with a debit entry)
    const ruleRef = { _id: 'STORE_REDEMPTION@1', code: 'STORE_REDEMPTION', version: 1, caps: {} };
    await postOnce({
      key: 'ord:test-0049',
      memberId: 'a0049',
      ancestors: member(cloud, 'a0049').ancestors,
      eval: 0,
      redeem: -3,
      rule: ruleRef,
      source: { type: 'order', id: 'test-0049' },
      units: 0,
      actorId: 'a0049',
      at: clock.now(),
    });
    expect(await call(SEC, { action: 'ledger.reverse', entryId: a.entryId, reason: '撤销' })).toMatchObject({ ok: false, code: 'INSUFFICIENT_POINTS' });
    expect(balanceOf(cloud, 'a0049')).toMatchObject({ eval: 10, redeem: 2 });
    expect(await call(SEC, { action: 'ledger.reverse', entryId: 'ord:test-0049', reason: '撤销' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('refuses a reversal by someone outside the member’s org', async () => {
    const a = expectOk(await grant(SEC, 'a0050', 'HONOUR_MONTH_STAR'));
    expect(await call('demo-secretary-b01', { action: 'ledger.reverse', entryId: a.entryId, reason: '撤销' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('demo-member-b02', { action: 'ledger.reverse', entryId: a.entryId, reason: '撤销' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('ends with zero drift', async () => {
    expect((await auditLedger('county')).drift).toEqual([]);
  });
});
