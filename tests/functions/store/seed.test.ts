import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ItemsListResult, RedeemResult } from '../../../core/contracts/store';
import { store } from '../../../core/functions/store';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import { auditLedger } from '../../../core/usecases/points/ledger-audit';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';

let cloud: LocalCloud;
let call: Call;

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, store({ clock: fixedClock(chinaTime('2026-11-23 10:00:00')) }));
});
afterAll(() => cloud.close());

describe('the demo stores', () => {
  it("stock daily goods in 青年路街道's and 青年路社区's stores", () => {
    const names = (org: string) => (cloud.store.find('storeItems', { storeOrgId: org }, { limit: 100 }) as unknown as { name: string }[]).map((i) => i.name);
    expect(names('t1')).toEqual(expect.arrayContaining(['大米5kg', '洗衣液', '理发服务']));
    expect(names('b01')).toEqual(expect.arrayContaining(['毛巾', '香皂']));
  });

  it('give demo-member-b01 points to spend, through ledger entries that audit to zero drift', async () => {
    const list = expectOk(await call<ItemsListResult>('demo-member-b01', { action: 'items.list' }));
    expect(list.balance).toBeGreaterThanOrEqual(50);
    expect(list.items.length).toBeGreaterThanOrEqual(8);
    expect((await auditLedger('county')).drift).toEqual([]);
    const towel = list.items.find((i) => i.name === '毛巾')!;
    const r = expectOk(await call<RedeemResult>('demo-member-b01', { action: 'redeem', itemId: towel.itemId, requestId: 'seed-demo-1' }));
    expect(r.order).toMatchObject({ status: 'pending', cost: 8, storeName: '青年路社区党支部' });
    expect((await auditLedger('county')).drift).toEqual([]);
  });
});
