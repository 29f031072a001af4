import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { WorkbenchResult } from '../../../core/contracts/auth';
import type { Result } from '../../../core/contracts/envelope';
import type { ClaimsSubmitResult } from '../../../core/contracts/points';
import type { RedeemResult } from '../../../core/contracts/store';
import { auth } from '../../../core/functions/auth';
import { points } from '../../../core/functions/points';
import { store } from '../../../core/functions/store';
import { grid } from '../../../core/functions/grid';
import type { MemberDoc } from '../../../core/domain/org/model';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { bindAs, photo } from '../../support/ledger';
import { createItem, fund, rid } from '../store/helpers';

// auth.workbench: the staff workbench's badge counts, each within the grants that decide that work.
let cloud: LocalCloud;
let callAuth: Call;
let callPoints: Call;
let callStore: Call;
let callGrid: Call;
const log = { error: () => undefined, info: () => undefined };

const membersOf = (branchId: string): MemberDoc[] => (cloud.store.find('members', { branchId }, { limit: 1000, order: { _id: 1 } }) as unknown as MemberDoc[]).filter((m) => m.roles.length === 0);

async function counts(openid: string): Promise<WorkbenchResult & { dbRequests: number }> {
  const r = await cloud.invoke<Result<WorkbenchResult>>(auth({ log }) as never, { action: 'workbench' }, { openid });
  return { ...expectOk(r.result), dbRequests: r.dbRequests };
}

beforeAll(async () => {
  cloud = await startTestCloud();
  callAuth = caller(cloud, auth({ log }));
  callPoints = caller(cloud, points({ log }));
  callStore = caller(cloud, store({ log }));
  callGrid = caller(cloud, grid({ log }));
});
afterAll(() => cloud.close());

describe('auth.workbench', () => {
  it('gives a plain member no counts at all, with one request (the caller)', async () => {
    const r = await counts('demo-member-b01');
    expect(r).toEqual({ claimsToReview: null, ordersToHandOut: null, offlineScans: null, gridIssues: null, dbRequests: 1 });
  });

  it('counts a new claim for the secretary of its branch and not for another branch’s secretary', async () => {
    const [m] = membersOf('b01');
    const openid = await bindAs(cloud, m._id);
    const before = { b01: await counts('demo-secretary-b01'), b12: await counts('demo-secretary-b12') };
    expectOk(await callPoints<ClaimsSubmitResult>(openid, { action: 'claims.submit', ruleCode: 'PIONEER_POST', note: '先锋岗值守', photos: [photo('wb', m._id)] }));
    const after = { b01: await counts('demo-secretary-b01'), b12: await counts('demo-secretary-b12') };
    expect(after.b01.claimsToReview).toBe((before.b01.claimsToReview ?? 0) + 1);
    expect(after.b12.claimsToReview).toBe(before.b12.claimsToReview);
    // the count is the review queue's: the same number the list would page through
    const queue = expectOk(await callPoints<{ items: unknown[] }>('demo-secretary-b01', { action: 'claims.list', box: 'review', limit: 50 }));
    expect(after.b01.claimsToReview).toBe(Math.min(queue.items.length, 50));
    // a secretary keeps no store and, without a grid staff role elsewhere, sees the offline count
    expect(after.b01.ordersToHandOut).toBeNull();
    expect(after.b01.offlineScans).not.toBeNull();
  });

  it('counts a pending order for the keeper of its store, and drops it once handed out', async () => {
    const [m] = membersOf('b02');
    const openid = await bindAs(cloud, m._id);
    await fund(cloud, [m._id], 100, new Date());
    const item = await createItem(callStore, { storeOrgId: 't1', scopeOrgIds: ['t1'], cost: 5 }, 'demo-admin-t1');
    const before = await counts('demo-keeper-t1');
    const order = expectOk(await callStore<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('wb') })).order;
    const placed = await counts('demo-keeper-t1');
    expect(placed.ordersToHandOut).toBe((before.ordersToHandOut ?? 0) + 1);
    expect(placed.claimsToReview).toBeNull();
    expect(placed.offlineScans).toBeNull();
    expectOk(await callStore('demo-keeper-t1', { action: 'orders.fulfil', pickupCode: order.pickupCode }));
    expect((await counts('demo-keeper-t1')).ordersToHandOut).toBe(before.ordersToHandOut);
  });

  it('counts offline scans awaiting review of members under the grid staff’s grant only', async () => {
    const [m] = membersOf('b01');
    const base = { eventId: 'ev-wb', memberId: m._id, memberName: m.name, branchId: m.branchId, ancestors: m.ancestors, at: new Date(), receivedAt: new Date(), offline: true };
    const before = { b01: await counts('demo-secretary-b01'), b12: await counts('demo-secretary-b12') };
    await cloud.store.insert('checkins', [
      { _id: 'ev-wb:1', ...base, checkinReview: 'pending', checkoutReview: null },
      { _id: 'ev-wb:2', ...base, checkinReview: 'confirmed', checkoutReview: 'pending' },
      { _id: 'ev-wb:3', ...base, checkinReview: 'confirmed', checkoutReview: 'confirmed' },
    ]).durable;
    const after = { b01: await counts('demo-secretary-b01'), b12: await counts('demo-secretary-b12') };
    expect(after.b01.offlineScans).toBe((before.b01.offlineScans ?? 0) + 2);
    expect(after.b12.offlineScans).toBe(before.b12.offlineScans);
  });

  it('counts grid issues waiting on staff in the grids under the grant only', async () => {
    const before = { b01: await counts('demo-secretary-b01'), b12: await counts('demo-secretary-b12'), leader: await counts('demo-grid-b01g2') };
    expectOk(await callGrid('demo-grid-b01g2', { action: 'issues.report', category: 'safety', text: '井盖缺失', location: { latitude: 34.7, longitude: 113.6 } }));
    const after = { b01: await counts('demo-secretary-b01'), b12: await counts('demo-secretary-b12'), leader: await counts('demo-grid-b01g2') };
    expect(after.b01.gridIssues).toBe((before.b01.gridIssues ?? 0) + 1);
    expect(after.leader.gridIssues).toBe((before.leader.gridIssues ?? 0) + 1);
    expect(after.b12.gridIssues).toBe(before.b12.gridIssues);
    expect((await counts('demo-keeper-t1')).gridIssues).toBeNull();
  });

  it('costs the caller plus one count per kind of work, in parallel: 4 for a secretary, 2 for a keeper', async () => {
    expect((await counts('demo-secretary-b01')).dbRequests).toBe(4);
    expect((await counts('demo-keeper-t1')).dbRequests).toBe(2);
  });

  it('answers NOT_BOUND to a stranger and refuses any input', async () => {
    expect(await callAuth('stranger', { action: 'workbench' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(await callAuth('demo-member-b01', { action: 'workbench', orgId: 'b01' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});
