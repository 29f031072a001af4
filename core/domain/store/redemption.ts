import { createHash } from 'node:crypto';
import type { ItemBlock, ItemLimit, OrderStatus, OrderView } from '../../contracts/store';
import type { EntryDraft } from '../points/ledger';
import type { RuleRef } from '../points/rule';
import { periodKey } from '../time';
import { inScope, itemActive, type StoreItemDoc } from './item';

/** An order as stored (`orders`): one unit of an item, paid with ledger entry `ord:<_id>`. */
export type OrderDoc = {
  _id: string;
  /** `<memberId>:<requestId>`: the client's idempotency key (unique). */
  requestKey: string;
  memberId: string;
  memberName: string;
  /** The member's org ancestors. */
  ancestors: string[];
  itemId: string;
  itemName: string;
  storeOrgId: string;
  storeName: string;
  /** The store org's ancestors: keepers and admins above it may fulfil or cancel. */
  storeAncestors: string[];
  cost: number;
  pickupCode: string;
  status: OrderStatus;
  /** The debit: `ord:<orderId>`. */
  entryId: string;
  /** The per-member counter this order took a use from (null: the item had no limit). */
  counterId: string | null;
  /** The stock shard the unit came from (`<itemId>#<n>`); a refund returns a unit to the item's shards. */
  shardId: string;
  createdAt: Date;
  expiresAt: Date;
  fulfilledAt: Date | null;
  fulfilledBy: string | null;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  cancelReason: string;
  /** The refund: `rev:ord:<orderId>`. */
  refundEntryId: string | null;
};

/** Per-member per-item per-period redemption counter (`redemptionCounts`). */
export type CounterDoc = { _id: string; itemId: string; memberId: string; periodKey: string; count: number; updatedAt: Date };

/** The order id a member's request id stands for: a retry (or 20 concurrent copies) finds the same order. */
export function orderIdFor(memberId: string, requestId: string): string {
  return 'o' + createHash('sha256').update(`${memberId}\n${requestId}`).digest('hex').slice(0, 24);
}

export const requestKeyOf = (memberId: string, requestId: string): string => `${memberId}:${requestId}`;
export const orderEntryKey = (orderId: string): string => `ord:${orderId}`;

/** The China-time period a limit counts in (`total`: the item's whole life). */
export function limitPeriodKey(limit: ItemLimit, at: Date): string {
  return limit.period === 'total' ? 'total' : periodKey(limit.period, at);
}

/** `<itemId>:<memberId>:<periodKey>`, or null when the item has no limit (nothing is counted). */
export function counterIdFor(item: Pick<StoreItemDoc, '_id' | 'limit'>, memberId: string, at: Date): string | null {
  return item.limit ? `${item._id}:${memberId}:${limitPeriodKey(item.limit, at)}` : null;
}

export type RedemptionRefusal = 'ITEM_INACTIVE' | 'FORBIDDEN' | 'OUT_OF_STOCK' | 'LIMIT_REACHED' | 'INSUFFICIENT_POINTS';
export type RedemptionDecision = { ok: true; counterId: string | null; remainingAfter: number | null } | { ok: false; code: RedemptionRefusal };

/**
 * May this member redeem one unit now? Guards in order, each with its own code: member in
 * the item's scope → on sale (status and window) → stock left → per-member limit in the
 * current China-time period → enough redeemable points. `stock` is the item's units as read
 * (the sum of its shards); `used` is the member's count in the current period (0 when no
 * counter yet); `balance` null means "not known here" (the ledger refuses an overdraft itself,
 * in the same transaction).
 */
export function decideRedemption(input: {
  item: StoreItemDoc;
  stock: number;
  memberId: string;
  memberAncestors: readonly string[];
  used: number;
  balance: number | null;
  at: Date;
}): RedemptionDecision {
  const { item, at } = input;
  if (!inScope(item, input.memberAncestors)) return { ok: false, code: 'FORBIDDEN' };
  if (!itemActive(item, at)) return { ok: false, code: 'ITEM_INACTIVE' };
  if (input.stock <= 0) return { ok: false, code: 'OUT_OF_STOCK' };
  if (item.limit && input.used >= item.limit.count) return { ok: false, code: 'LIMIT_REACHED' };
  if (input.balance !== null && input.balance < item.cost) return { ok: false, code: 'INSUFFICIENT_POINTS' };
  return {
    ok: true,
    counterId: counterIdFor(item, input.memberId, at),
    remainingAfter: item.limit ? item.limit.count - input.used - 1 : null,
  };
}

/** What the 商城 list shows for an item: why it cannot be redeemed now, if it cannot. */
export function blockOf(d: RedemptionDecision): ItemBlock | null {
  if (d.ok) return null;
  return d.code === 'FORBIDDEN' ? 'ITEM_INACTIVE' : d.code;
}

/** The order a successful redemption creates. */
export function newOrder(input: {
  orderId: string;
  requestKey: string;
  member: { _id: string; name: string; ancestors: string[] };
  item: StoreItemDoc;
  pickupCode: string;
  counterId: string | null;
  shardId: string;
  at: Date;
}): OrderDoc {
  const { item, member, at } = input;
  return {
    _id: input.orderId,
    requestKey: input.requestKey,
    memberId: member._id,
    memberName: member.name,
    ancestors: member.ancestors,
    itemId: item._id,
    itemName: item.name,
    storeOrgId: item.storeOrgId,
    storeName: item.storeName,
    storeAncestors: item.ancestors,
    cost: item.cost,
    pickupCode: input.pickupCode,
    status: 'pending',
    entryId: orderEntryKey(input.orderId),
    counterId: input.counterId,
    shardId: input.shardId,
    createdAt: at,
    expiresAt: expiryOf(at, item.expireDays),
    fulfilledAt: null,
    fulfilledBy: null,
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: '',
    refundEntryId: null,
  };
}

/** The order's debit: `ord:<orderId>`, the item's cost off the member's redeemable points, under the store rule. */
export function debitDraft(input: { member: { _id: string; ancestors: string[] }; item: Pick<StoreItemDoc, 'name' | 'cost'>; orderId: string; rule: RuleRef; at: Date }): EntryDraft {
  const { member, item, orderId } = input;
  return {
    key: orderEntryKey(orderId),
    memberId: member._id,
    ancestors: member.ancestors,
    eval: 0,
    redeem: -item.cost,
    rule: input.rule,
    source: { type: 'order', id: orderId },
    units: 0,
    actorId: member._id,
    note: `兑换：${item.name}`,
    at: input.at,
  };
}

/** An unclaimed order expires `days` × 24 h after it was made. */
export function expiryOf(createdAt: Date, days: number): Date {
  return new Date(createdAt.getTime() + days * 24 * 3600 * 1000);
}

export type OrderTransition = { ok: true } | { ok: false; code: 'ORDER_NOT_CANCELLABLE' | 'ORDER_NOT_FULFILLABLE'; message: string };

const CANCEL_REFUSALS: Record<Exclude<OrderStatus, 'pending'>, string> = {
  fulfilled: '该订单已核销（商品已领取），不能取消',
  cancelled: '该订单已取消，积分已退回',
  expired: '该订单已逾期取消，积分已退回',
};
const FULFIL_REFUSALS: Record<Exclude<OrderStatus, 'pending'>, string> = {
  fulfilled: '该订单已核销，请勿重复发放',
  cancelled: '该订单已取消（积分已退回），不能核销',
  expired: '该订单已逾期取消（积分已退回），不能核销',
};

/** Only a pending order can be cancelled (by its member or a keeper) or expired (by the timer). */
export function decideCancel(order: Pick<OrderDoc, 'status'>): OrderTransition {
  return order.status === 'pending' ? { ok: true } : { ok: false, code: 'ORDER_NOT_CANCELLABLE', message: CANCEL_REFUSALS[order.status] };
}

/** Only a pending order can be handed over; a second scan of the same code is told so. */
export function decideFulfil(order: Pick<OrderDoc, 'status'>): OrderTransition {
  return order.status === 'pending' ? { ok: true } : { ok: false, code: 'ORDER_NOT_FULFILLABLE', message: FULFIL_REFUSALS[order.status] };
}

/** Should the expiry timer refund this order at `at`? */
export function isExpired(order: Pick<OrderDoc, 'status' | 'expiresAt'>, at: Date): boolean {
  return order.status === 'pending' && order.expiresAt.getTime() <= at.getTime();
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function orderView(o: OrderDoc): OrderView {
  return {
    orderId: o._id,
    itemId: o.itemId,
    itemName: o.itemName,
    storeOrgId: o.storeOrgId,
    storeName: o.storeName,
    cost: o.cost,
    status: o.status,
    pickupCode: o.status === 'pending' ? o.pickupCode : null,
    createdAt: new Date(o.createdAt).toISOString(),
    expiresAt: new Date(o.expiresAt).toISOString(),
    fulfilledAt: iso(o.fulfilledAt),
    cancelledAt: iso(o.cancelledAt),
  };
}
