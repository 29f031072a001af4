import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClaimsListResult, ClaimsSubmitResult, CreditResult } from '../../../core/contracts/points';
import { points } from '../../../core/functions/points';
import type { MemberDoc } from '../../../core/domain/org/model';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { balanceOf, bindAs, photo } from '../../support/ledger';

// The secretary's 最近通过 list (to undo a mistaken approval): newest decision first, and the undo
// is the approval's credit reversed through points.ledger.reverse with a reason, audited.
let cloud: LocalCloud;
const log = { error: () => undefined, info: () => undefined };
const at = (t: string): Call => caller(cloud, points({ clock: fixedClock(chinaTime(t)), log }));

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());

describe('review box, approved', () => {
  it('lists the newest approvals first and undoes one by reversing its credit, audited', async () => {
    const ms = (cloud.store.find('members', { branchId: 'b01' }, { limit: 1000, order: { _id: 1 } }) as unknown as MemberDoc[]).filter((m) => !m.roles.length).slice(-2);
    const ids: string[] = [];
    for (const [i, m] of ms.entries()) {
      const openid = await bindAs(cloud, m._id, `t-rv-${m._id}`);
      const c = expectOk(await at('2026-11-20 09:00:00')<ClaimsSubmitResult>(openid, { action: 'claims.submit', ruleCode: 'PIONEER_POST', note: `先锋岗 ${i}`, photos: [photo(`rv${i}`, m._id)] }));
      ids.push(c.claim.id);
    }
    // approved in submission order, on two different days
    expectOk(await at('2026-11-21 10:00:00')('demo-secretary-b01', { action: 'claims.approve', claimId: ids[0] }));
    expectOk(await at('2026-11-22 10:00:00')('demo-secretary-b01', { action: 'claims.approve', claimId: ids[1] }));
    const list = expectOk(await at('2026-11-23 10:00:00')<ClaimsListResult>('demo-secretary-b01', { action: 'claims.list', box: 'review', status: 'approved', limit: 50 }));
    const mine = list.items.filter((c) => ids.includes(c.id)).map((c) => c.id);
    expect(mine).toEqual([ids[1], ids[0]]);
    const decided = list.items.map((c) => c.decidedAt ?? '');
    expect(decided).toEqual([...decided].sort().reverse());

    const target = list.items.find((c) => c.id === ids[1])!;
    const before = balanceOf(cloud, target.memberId);
    const undo = expectOk(await at('2026-11-23 10:00:00')<CreditResult>('demo-secretary-b01', { action: 'ledger.reverse', entryId: target.entryId, reason: '误点通过，应予驳回' }));
    expect(undo).toMatchObject({ entryId: `rev:${target.entryId}`, eval: -target.rule.evalPoints, redeem: -target.rule.redeemPoints });
    expect(balanceOf(cloud, target.memberId).eval).toBe(before.eval - target.rule.evalPoints);
    expect(cloud.store.find('audit', { action: 'points.ledger.reverse', targetId: target.entryId }, { limit: 5 })).toEqual([expect.objectContaining({ reason: '误点通过，应予驳回' })]);
  });
});
