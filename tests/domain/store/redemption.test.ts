import { describe, expect, it } from '@jest/globals';
import { DEFAULT_EXPIRE_DAYS, decideItemSave, inScope, itemActive, type StoreItemDoc } from '../../../core/domain/store/item';
import { blockOf, counterIdFor, decideCancel, decideFulfil, decideRedemption, expiryOf, isExpired, newOrder, orderIdFor, orderView } from '../../../core/domain/store/redemption';
import { chinaTime } from '../../../core/domain/time';

const AT = chinaTime('2026-11-23 10:00:00');
const item = (over: Partial<StoreItemDoc> = {}): StoreItemDoc => ({
  _id: 'itm1',
  storeOrgId: 't1',
  storeName: '青年路街道党工委',
  ancestors: ['county', 't1'],
  scopeOrgIds: ['t1'],
  name: '洗衣液',
  description: '',
  picture: null,
  cost: 20,
  shards: 1,
  stockIn: 5,
  limit: null,
  activeFrom: null,
  activeTo: null,
  status: 'active',
  expireDays: 14,
  createdAt: AT,
  createdBy: 'k',
  updatedAt: AT,
  updatedBy: 'k',
  ...over,
});
const B01_MEMBER = ['county', 't1', 'b01', 'b01g1'];

describe('decideRedemption', () => {
  type Over = Partial<StoreItemDoc> & { stock?: number };
  const decide = ({ stock = 5, ...over }: Over, used = 0, balance: number | null = 100, ancestors = B01_MEMBER, at = AT) =>
    decideRedemption({ item: item(over), stock, memberId: 'm1', memberAncestors: ancestors, used, balance, at });

  it.each([
    ['a member outside the scope', decide({}, 0, 100, ['county', 't2', 'b05']), 'FORBIDDEN'],
    ['an item taken off sale', decide({ status: 'inactive' }), 'ITEM_INACTIVE'],
    ['an item not on sale yet', decide({ activeFrom: chinaTime('2026-11-23 10:00:01') }), 'ITEM_INACTIVE'],
    ['an item whose sale ended at this instant', decide({ activeTo: AT }), 'ITEM_INACTIVE'],
    ['no stock', decide({ stock: 0 }), 'OUT_OF_STOCK'],
    ['the limit used up', decide({ limit: { count: 2, period: 'month' } }, 2), 'LIMIT_REACHED'],
    ['too few points', decide({ cost: 101 }), 'INSUFFICIENT_POINTS'],
    ['out of stock before too few points', decide({ stock: 0, cost: 999 }), 'OUT_OF_STOCK'],
    ['off sale before out of stock', decide({ status: 'inactive', stock: 0 }), 'ITEM_INACTIVE'],
    ['out of scope before off sale', decide({ status: 'inactive' }, 0, 100, ['county', 't3']), 'FORBIDDEN'],
  ])('refuses %s', (_name, d, code) => {
    expect(d).toEqual({ ok: false, code });
  });

  it('allows exact points, the last unit and the last use, and names the counter', () => {
    expect(decide({ cost: 100, stock: 1, limit: { count: 3, period: 'month' } }, 2)).toEqual({ ok: true, counterId: 'itm1:m1:month:2026-11', remainingAfter: 0 });
  });

  it('leaves the balance to the ledger when it is not known', () => {
    expect(decide({ cost: 1e6 }, 0, null)).toMatchObject({ ok: true, counterId: null, remainingAfter: null });
  });

  it('admits a member of a sub-org of the scope', () => {
    expect(decide({ scopeOrgIds: ['county'] }, 0, 100, ['county', 't3', 'b12']).ok).toBe(true);
    expect(inScope(item({ scopeOrgIds: ['b01', 'b02'] }), B01_MEMBER)).toBe(true);
  });

  it('maps refusals to what the list shows', () => {
    expect(blockOf(decide({ stock: 0 }))).toBe('OUT_OF_STOCK');
    expect(blockOf(decide({}, 0, 100, ['x']))).toBe('ITEM_INACTIVE');
    expect(blockOf(decide({}))).toBeNull();
  });
});

describe('itemActive', () => {
  it('is active from activeFrom inclusive to activeTo exclusive', () => {
    const w = item({ activeFrom: chinaTime('2026-11-01 00:00:00'), activeTo: chinaTime('2026-12-01 00:00:00') });
    expect(itemActive(w, chinaTime('2026-10-31 23:59:59'))).toBe(false);
    expect(itemActive(w, chinaTime('2026-11-01 00:00:00'))).toBe(true);
    expect(itemActive(w, chinaTime('2026-11-30 23:59:59'))).toBe(true);
    expect(itemActive(w, chinaTime('2026-12-01 00:00:00'))).toBe(false);
  });
});

describe('per-member counters by China-time period', () => {
  it.each([
    ['day', '2026-11-23 07:59:59', 'itm1:m1:day:2026-11-23'],
    ['day', '2026-11-24 00:00:00', 'itm1:m1:day:2026-11-24'],
    ['week', '2026-11-23 00:00:00', 'itm1:m1:week:2026-W48'],
    ['week', '2026-11-22 23:59:59', 'itm1:m1:week:2026-W47'],
    ['month', '2026-12-01 00:00:00', 'itm1:m1:month:2026-12'],
    ['quarter', '2026-10-01 00:00:00', 'itm1:m1:quarter:2026-Q4'],
    ['year', '2027-01-01 00:00:00', 'itm1:m1:year:2027'],
    ['total', '2027-01-01 00:00:00', 'itm1:m1:total'],
  ] as const)('a %s limit at %s counts in %s', (period, at, id) => {
    expect(counterIdFor(item({ limit: { count: 1, period } }), 'm1', chinaTime(at))).toBe(id);
  });

  it('counts nothing for an item without a limit', () => {
    expect(counterIdFor(item(), 'm1', AT)).toBeNull();
  });
});

describe('orders', () => {
  const order = newOrder({
    orderId: orderIdFor('m1', 'req-1'),
    requestKey: 'm1:req-1',
    member: { _id: 'm1', name: '张三', ancestors: B01_MEMBER },
    item: item(),
    pickupCode: 'ABCDEFGH',
    counterId: null,
    shardId: 'itm1#0',
    at: AT,
  });

  it('derives one order id per member and request id', () => {
    expect(orderIdFor('m1', 'req-1')).toBe(order._id);
    expect(orderIdFor('m1', 'req-2')).not.toBe(order._id);
    expect(orderIdFor('m2', 'req-1')).not.toBe(order._id);
    expect(order._id).toMatch(/^o[0-9a-f]{24}$/);
  });

  it('starts pending, paid by ord:<orderId>, expiring after the item’s days', () => {
    expect(order).toMatchObject({ status: 'pending', entryId: `ord:${order._id}`, cost: 20, storeAncestors: ['county', 't1'], shardId: 'itm1#0' });
    expect(order.expiresAt).toEqual(chinaTime('2026-12-07 10:00:00'));
    expect(expiryOf(AT, DEFAULT_EXPIRE_DAYS)).toEqual(order.expiresAt);
  });

  it.each([
    ['pending', true, true],
    ['fulfilled', false, false],
    ['cancelled', false, false],
    ['expired', false, false],
  ] as const)('a %s order: cancellable %s, fulfillable %s', (status, canCancel, canFulfil) => {
    expect(decideCancel({ status }).ok).toBe(canCancel);
    expect(decideFulfil({ status }).ok).toBe(canFulfil);
  });

  it('says why a second scan is refused', () => {
    expect(decideFulfil({ status: 'fulfilled' })).toEqual({ ok: false, code: 'ORDER_NOT_FULFILLABLE', message: '该订单已核销，请勿重复发放' });
    expect(decideCancel({ status: 'fulfilled' })).toMatchObject({ ok: false, code: 'ORDER_NOT_CANCELLABLE' });
  });

  it('expires a pending order at expiresAt, never another', () => {
    expect(isExpired(order, new Date(order.expiresAt.getTime() - 1))).toBe(false);
    expect(isExpired(order, order.expiresAt)).toBe(true);
    expect(isExpired({ ...order, status: 'fulfilled' }, chinaTime('2027-01-01 00:00:00'))).toBe(false);
  });

  it('shows the pickup code only while pending', () => {
    expect(orderView(order).pickupCode).toBe('ABCDEFGH');
    expect(orderView({ ...order, status: 'fulfilled' }).pickupCode).toBeNull();
  });
});

describe('decideItemSave', () => {
  const store = { _id: 'b01', name: '青年路社区党支部', ancestors: ['county', 't1', 'b01'] };
  const ctx = (stock = 0) => ({ itemId: 'itmX', store, actorId: 'k1', now: AT, stock });
  const create = { mode: 'create' as const, requestId: 'req-00001', storeOrgId: 'b01', name: '毛巾', cost: 8 };
  const update = { mode: 'update' as const, itemId: 'itm1', storeOrgId: 'b01', name: '毛巾', cost: 8 };

  it('creates with defaults: the store as scope, active, 14 days to pick up, the stock spread over shards', () => {
    const d = decideItemSave(null, { ...create, stock: 30 }, ctx());
    expect(d).toMatchObject({
      ok: true,
      created: true,
      delta: 30,
      doc: { _id: 'itmX', shards: 6, stockIn: 30, scopeOrgIds: ['b01'], status: 'active', expireDays: 14, ancestors: store.ancestors, limit: null },
    });
  });

  it('adjusts stock by a delta and keeps what the input leaves out', () => {
    const cur = item({ storeOrgId: 'b01', stockIn: 10, limit: { count: 1, period: 'week' }, description: '纯棉' });
    const d = decideItemSave(cur, { ...update, stockDelta: 5 }, ctx(3));
    expect(d).toMatchObject({ ok: true, created: false, delta: 5, doc: { stockIn: 15, shards: 1, limit: { count: 1, period: 'week' }, description: '纯棉', name: '毛巾', cost: 8 } });
  });

  it.each([
    ['a stock below zero', item({ storeOrgId: 'b01' }), { ...update, stockDelta: -3 }, 'stockDelta'],
    ['an update of an item that is gone', null, update, 'itemId'],
    ['a move to another store', item({ storeOrgId: 't1' }), update, 'storeOrgId'],
    ['an empty window', null, { ...create, activeFrom: '2026-12-01T00:00:00+08:00', activeTo: '2026-12-01T00:00:00+08:00' }, 'activeTo'],
  ] as const)('refuses %s', (_n, cur, input, field) => {
    expect(decideItemSave(cur, input, ctx(2))).toMatchObject({ ok: false, code: 'INVALID_INPUT', field });
  });

  it('says how much stock there is when a write-off is too large', () => {
    expect(decideItemSave(item({ storeOrgId: 'b01' }), { ...update, stockDelta: -3 }, ctx(2))).toMatchObject({ message: '库存不能小于 0（当前库存 2）' });
  });
});
