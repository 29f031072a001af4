import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ItemSaveResult, ItemsListResult, ManagedItemsListResult, RedeemResult } from '../../../core/contracts/store';
import { store } from '../../../core/functions/store';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import type { AuditDoc } from '../../../core/domain/audit';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { bindMembers, createItem, fund, memberIds, rid, snapshot, stockOf } from './helpers';

let cloud: LocalCloud;
let call: Call;
const NOW = chinaTime('2026-11-23 10:00:00');

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, store({ clock: fixedClock(NOW) }));
});
afterAll(() => cloud.close());

const auditsOf = (itemId: string): AuditDoc[] => cloud.store.find('audit', { action: 'store.items.save', targetId: itemId }, { limit: 100, order: { at: 1 } }) as unknown as AuditDoc[];

describe('store.items.save', () => {
  it('lets a town keeper create an item in the town store, audited with before and after', async () => {
    const r = expectOk(
      await call<ItemSaveResult>('demo-keeper-t1', {
        action: 'items.save',
        mode: 'create',
        requestId: rid('new'),
        storeOrgId: 't1',
        name: '洗衣液',
        description: '2kg 装',
        cost: 20,
        stock: 12,
        limit: { count: 1, period: 'month' },
      }),
    );
    expect(r.created).toBe(true);
    expect(r.item).toMatchObject({ storeOrgId: 't1', storeName: '青年路街道党工委', name: '洗衣液', cost: 20, stock: 12, stockIn: 12, status: 'active', scopeOrgIds: ['t1'], expireDays: 14 });
    const [a] = auditsOf(r.item.itemId);
    expect(a).toMatchObject({ role: 'storeKeeper', before: null, after: { name: '洗衣液', stock: 12, cost: 20 }, ancestors: ['county', 't1'] });
  });

  it('makes one item when the same create is sent twice', async () => {
    const requestId = rid('twice');
    const input = { action: 'items.save', mode: 'create', requestId, storeOrgId: 'b01', name: '毛巾', cost: 8, stock: 30 };
    const [a, b] = await Promise.all([call<ItemSaveResult>('demo-keeper-t1', input), call<ItemSaveResult>('demo-keeper-t1', input)]);
    expect(expectOk(a).item.itemId).toBe(expectOk(b).item.itemId);
    expect([expectOk(a).created, expectOk(b).created].sort()).toEqual([false, true]);
    expect(cloud.store.count('storeItems', { _id: expectOk(a).item.itemId })).toBe(1);
    expect(auditsOf(expectOk(a).item.itemId)).toHaveLength(1);
  });

  it('restocks with a delta that keeps redemptions made meanwhile', async () => {
    const item = await createItem(call, { storeOrgId: 't1', name: '大米5kg', cost: 50, stock: 3 }, 'demo-keeper-t1');
    const [openid] = await bindMembers(cloud, memberIds(10, 1));
    await fund(cloud, ['m0010'], 100, NOW, 'restock');
    expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('rs') }));
    const r = expectOk(await call<ItemSaveResult>('demo-keeper-t1', { action: 'items.save', mode: 'update', itemId: item.itemId, storeOrgId: 't1', name: '大米5kg', cost: 45, stockDelta: 10 }));
    expect(r.item).toMatchObject({ stock: 12, stockIn: 13, cost: 45 });
    const audits = auditsOf(item.itemId);
    expect(audits[1]).toMatchObject({ before: { stock: 2, cost: 50 }, after: { stock: 12, cost: 45 } });
  });

  it.each([
    ['a stock below zero', { stockDelta: -99 }, 'stockDelta'],
    ['an absolute stock on update', { stock: 5 }, 'stock'],
    ['a sale ending before it starts', { activeFrom: '2026-12-01T00:00:00+08:00', activeTo: '2026-11-01T00:00:00+08:00' }, 'activeTo'],
    ['another store', { storeOrgId: 'b01' }, 'storeOrgId'],
  ])('refuses %s with INVALID_INPUT and writes nothing', async (_n, over, field) => {
    const item = await createItem(call, { storeOrgId: 't1', stock: 2 }, 'demo-keeper-t1');
    const before = snapshot(cloud);
    const r = await call('demo-keeper-t1', { action: 'items.save', mode: 'update', itemId: item.itemId, storeOrgId: 't1', name: item.name, cost: item.cost, ...over });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field });
    expect(snapshot(cloud)).toBe(before);
  });

  it('refuses a scope naming an org that does not exist', async () => {
    const r = await call('demo-keeper-t1', { action: 'items.save', mode: 'create', requestId: rid('sc'), storeOrgId: 't1', name: 'x', cost: 1, stock: 1, scopeOrgIds: ['nowhere'] });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'scopeOrgIds' });
  });

  it.each([
    ['a plain member', 'demo-member-b01'],
    ['a secretary', 'demo-secretary-b01'],
    ['a keeper of another town', 'demo-keeper-t2'],
  ])('refuses %s with FORBIDDEN', async (_n, openid) => {
    const before = snapshot(cloud);
    const r = await call(openid, { action: 'items.save', mode: 'create', requestId: rid('f'), storeOrgId: 'b01', name: '理发服务', cost: 10, stock: 5 });
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(snapshot(cloud)).toBe(before);
  });

  it('refuses a create without a request id, and a save that says neither create nor update', async () => {
    expect(await call('demo-keeper-t1', { action: 'items.save', mode: 'create', storeOrgId: 't1', name: 'x', cost: 1, stock: 1 })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'requestId',
    });
    expect(await call('demo-keeper-t1', { action: 'items.save', requestId: rid('nm'), storeOrgId: 't1', name: 'x', cost: 1, stock: 1 })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'mode',
    });
  });
});

describe('store.items.list', () => {
  it("shows a member the items of their branch's, town's and county's stores with balance and remaining limit", async () => {
    const [id] = memberIds(60, 1); // b03, town t1
    const [openid] = await bindMembers(cloud, [id]);
    await fund(cloud, [id], 25, NOW, 'list');
    const own = await createItem(call, { storeOrgId: 'b03', name: '理发服务', cost: 10, stock: 5, limit: { count: 2, period: 'month' } }, 'demo-keeper-t1');
    const town = await createItem(call, { storeOrgId: 't1', name: '大米5kg', cost: 40, stock: 5 }, 'demo-keeper-t1');
    const elsewhere = await createItem(call, { storeOrgId: 'b05', name: '别的支部的商品', cost: 1, stock: 5 }, 'demo-keeper-t2');
    const openToTown = await createItem(call, { storeOrgId: 'b02', scopeOrgIds: ['t1'], name: '邻居支部的香皂', cost: 3, stock: 0 }, 'demo-keeper-t1');
    const off = await createItem(call, { storeOrgId: 'b03', name: '下架商品', cost: 1, stock: 5, status: 'inactive' }, 'demo-keeper-t1');
    expectOk(await call(openid, { action: 'redeem', itemId: own.itemId, requestId: rid('l') }));

    const r = expectOk(await call<ItemsListResult>(openid, { action: 'items.list' }));
    expect(r.balance).toBe(15);
    const ids = r.items.map((i) => i.itemId);
    expect(ids).toEqual(expect.arrayContaining([own.itemId, town.itemId, openToTown.itemId]));
    expect(ids).not.toContain(elsewhere.itemId);
    expect(ids).not.toContain(off.itemId);
    const byId = new Map(r.items.map((i) => [i.itemId, i]));
    expect(byId.get(own.itemId)).toMatchObject({ stock: 4, remaining: 1, blockedBy: null, storeName: '新华里社区党支部' });
    expect(byId.get(town.itemId)).toMatchObject({ remaining: null, blockedBy: 'INSUFFICIENT_POINTS' });
    expect(byId.get(openToTown.itemId)).toMatchObject({ blockedBy: 'OUT_OF_STOCK' });
    // the member's own branch store comes before the town's
    expect(ids.indexOf(own.itemId)).toBeLessThan(ids.indexOf(town.itemId));
  });

  it('hands out a short-lived URL for an item picture kept in cloud storage', async () => {
    const fileID = cloud.storage.put('store/rice.jpg', Buffer.from('jpeg'));
    const item = await createItem(call, { storeOrgId: 'b01', name: '带图商品', picture: fileID }, 'demo-keeper-t1');
    const r = expectOk(await call<ItemsListResult>('demo-member-b01', { action: 'items.list', storeOrgId: 'b01' }));
    const shown = r.items.find((i) => i.itemId === item.itemId);
    expect(shown?.picture).toBe(fileID);
    expect(shown?.pictureUrl).toMatch(/^https?:\/\/.+rice\.jpg/);
    expect(r.items.filter((i) => !i.picture).every((i) => i.pictureUrl === null)).toBe(true);
  });

  it('costs four database requests', async () => {
    const r = await cloud.invoke(store({ clock: fixedClock(NOW) }) as never, { action: 'items.list' }, { openid: 'demo-member-b01' });
    expect((r.result as { ok: boolean }).ok).toBe(true);
    expect(r.dbRequests).toBeLessThanOrEqual(4);
  });

  it('lists every item under a keeper for stock management, inactive ones too', async () => {
    const off = await createItem(call, { storeOrgId: 'b04', name: '停售商品', status: 'inactive' }, 'demo-keeper-t1');
    const other = await createItem(call, { storeOrgId: 't2', name: '二镇商品' }, 'demo-keeper-t2');
    const r = expectOk(await call<ManagedItemsListResult>('demo-keeper-t1', { action: 'items.list', manage: true }));
    const ids = r.items.map((i) => i.itemId);
    expect(ids).toContain(off.itemId);
    expect(ids).not.toContain(other.itemId);
    expect(r.items.every((i) => i.storeOrgId === 't1' || ['b01', 'b02', 'b03', 'b04'].includes(i.storeOrgId))).toBe(true);
    const one = expectOk(await call<ManagedItemsListResult>('demo-keeper-t1', { action: 'items.list', manage: true, storeOrgId: 'b04' }));
    expect(one.items.every((i) => i.storeOrgId === 'b04')).toBe(true);
    expect(stockOf(cloud, off.itemId)).toBe(10);
  });

  it('refuses stock management to a plain member', async () => {
    expect(await call('demo-member-b01', { action: 'items.list', manage: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
