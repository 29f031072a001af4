import type { FulfilResult, ItemsListResult, ItemView, ManagedItemView, OrderView } from '../../../core/contracts/store';

/** Store function replies shaped like the real ones (core/contracts/store), demo county names. */
export const item = (over: Partial<ItemView> = {}): ItemView => ({
  itemId: 'itm-demo-b01-towel',
  storeOrgId: 'b01',
  storeName: '青年路社区党支部',
  name: '毛巾',
  description: '纯棉毛巾两条',
  picture: null,
  pictureUrl: null,
  cost: 8,
  stock: 40,
  limit: { count: 2, period: 'month' },
  remaining: 2,
  activeTo: null,
  blockedBy: null,
  ...over,
});

export const itemsList: ItemsListResult = {
  balance: 55,
  items: [
    item(),
    item({ itemId: 'itm-demo-b01-haircut', name: '理发服务', description: '', cost: 10, stock: 0, limit: { count: 1, period: 'week' }, remaining: 1, blockedBy: 'OUT_OF_STOCK' }),
    item({
      itemId: 'itm-demo-t1-rice',
      storeOrgId: 't1',
      storeName: '青年路街道党工委',
      name: '大米5kg',
      cost: 50,
      stock: 20,
      limit: { count: 1, period: 'month' },
      remaining: 0,
      blockedBy: 'LIMIT_REACHED',
    }),
    item({ itemId: 'itm-demo-t1-oil', storeOrgId: 't1', storeName: '青年路街道党工委', name: '食用油', cost: 60, stock: 10, limit: null, remaining: null, blockedBy: 'INSUFFICIENT_POINTS' }),
  ],
};

export const order = (over: Partial<OrderView> = {}): OrderView => ({
  orderId: 'o1234567890abcdef12345678',
  itemId: 'itm-demo-b01-towel',
  itemName: '毛巾',
  storeOrgId: 'b01',
  storeName: '青年路社区党支部',
  cost: 8,
  status: 'pending',
  pickupCode: 'ABCDEFGH',
  // 2026-11-23 10:00 China time; expires 14 days later
  createdAt: '2026-11-23T02:00:00.000Z',
  expiresAt: '2026-12-07T02:00:00.000Z',
  fulfilledAt: null,
  cancelledAt: null,
  ...over,
});

export const fulfilled: FulfilResult = { order: order({ status: 'fulfilled', pickupCode: null, fulfilledAt: '2026-11-24T01:30:00.000Z' }), memberName: '李建华' };

export const managed = (over: Partial<ManagedItemView> = {}): ManagedItemView => ({
  ...item(),
  remaining: null,
  status: 'active',
  activeFrom: '2026-01-01T01:00:00.000Z',
  scopeOrgIds: ['b01'],
  expireDays: 14,
  stockIn: 45,
  updatedAt: '2026-11-20T01:00:00.000Z',
  ...over,
});
