import type {
  CancelResult,
  FulfilResult,
  ItemSaveInput,
  ItemSaveResult,
  ItemsListResult,
  ManagedItemsListResult,
  OrdersMineResult,
  OrdersPendingResult,
  OrderStatus,
  RedeemResult,
} from '../../core/contracts/store';
import { call, type Result } from './cloud';

/** Typed wrappers of the `store` function (积分超市), one per action. */

/** The items the caller may redeem, with their redeemable balance. */
export function listItems(): Promise<Result<ItemsListResult>> {
  return call<ItemsListResult>('store', 'items.list');
}

/** Every item of the stores the caller keeps or administers (stock management). */
export function manageItems(storeOrgId?: string): Promise<Result<ManagedItemsListResult>> {
  return call<ManagedItemsListResult>('store', 'items.list', { manage: true, ...(storeOrgId ? { storeOrgId } : {}) });
}

export function saveItem(input: ItemSaveInput): Promise<Result<ItemSaveResult>> {
  return call<ItemSaveResult>('store', 'items.save', { ...input });
}

/** One unit of an item. Send the same requestId again to retry safely (one order, one debit). */
export function redeem(itemId: string, requestId: string): Promise<Result<RedeemResult>> {
  return call<RedeemResult>('store', 'redeem', { itemId, requestId });
}

export function myOrders(status?: OrderStatus): Promise<Result<OrdersMineResult>> {
  return call<OrdersMineResult>('store', 'orders.mine', status ? { status } : {});
}

/** The keeper's list of orders waiting to be handed out, oldest first. */
export function pendingOrders(): Promise<Result<OrdersPendingResult>> {
  return call<OrdersPendingResult>('store', 'orders.pending', { limit: 100 });
}

/** The keeper hands an order over: the scanned QR text or a typed pickup code. */
export function fulfil(pickupCode: string): Promise<Result<FulfilResult>> {
  return call<FulfilResult>('store', 'orders.fulfil', { pickupCode });
}

export function cancelOrder(orderId: string, reason?: string): Promise<Result<CancelResult>> {
  return call<CancelResult>('store', 'orders.cancel', { orderId, ...(reason ? { reason } : {}) });
}

/** A fresh idempotency key for one redemption (or one item create): made once, resent on retry. */
export function newRequestId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10).padEnd(8, '0')}`;
}
