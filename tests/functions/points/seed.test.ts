import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BalanceResult, ClaimsListResult, LedgerListResult } from '../../../core/contracts/points';
import { chinaTime } from '../../../core/domain/time';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import { auditLedger } from '../../../core/usecases/points/ledger-audit';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';

let cloud: LocalCloud;
let call: Call;

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, points({ clock: fixedClock(chinaTime('2026-11-23 10:00:00')) }));
});
afterAll(() => cloud.close());

describe('the demo points data', () => {
  it("fills b01's review queue with 40 pending claims, oldest first, some reported by the grid leader", async () => {
    const all: ClaimsListResult['items'] = [];
    for (let offset: number | null = 0; offset !== null;) {
      const page: ClaimsListResult = expectOk(await call<ClaimsListResult>('demo-secretary-b01', { action: 'claims.list', box: 'review', offset, limit: 50 }));
      all.push(...page.items);
      offset = page.nextOffset;
    }
    expect(all).toHaveLength(40);
    expect(all.map((c) => c.createdAt)).toEqual([...all.map((c) => c.createdAt)].sort());
    expect(all.filter((c) => c.onBehalf).length).toBeGreaterThanOrEqual(5);
  });

  it('gives the demo member a history on the 积分 tab and claims in every state', async () => {
    const b = expectOk(await call<BalanceResult>('demo-member-b01', { action: 'balance' }));
    expect(b.eval).toBeGreaterThan(0);
    const ledger = expectOk(await call<LedgerListResult>('demo-member-b01', { action: 'ledger.list', limit: 50 }));
    expect(ledger.items.filter((e) => e.source.type === 'claim').length).toBeGreaterThanOrEqual(4);
    const mine = expectOk(await call<ClaimsListResult>('demo-member-b01', { action: 'claims.list', box: 'mine', limit: 50 }));
    expect(new Set(mine.items.map((c) => c.status))).toEqual(new Set(['pending', 'approved', 'rejected', 'withdrawn']));
    expect(mine.items.find((c) => c.status === 'rejected')?.reason).toBeTruthy();
  });

  it('audits to zero drift', async () => {
    expect((await auditLedger('county')).drift).toEqual([]);
  });
});
