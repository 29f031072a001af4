import * as z from 'zod';
import { id, instant, requestId } from './common';

/**
 * The `store` function (积分超市): items, redemption, orders. Input schemas (zod, strict) and
 * result types; the mini-program imports the types with `import type` only.
 */

/** A per-member limit counts redemptions per China-time period, or over the item's whole life. */
export const LIMIT_PERIODS = ['day', 'week', 'month', 'quarter', 'year', 'total'] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];
export type ItemLimit = { count: number; period: LimitPeriod };

export type ItemStatus = 'active' | 'inactive';
export type OrderStatus = 'pending' | 'fulfilled' | 'cancelled' | 'expired';

// ---------- items ----------

/**
 * store.items.list. Members (default): active items they may redeem, with their redeemable
 * balance and remaining limit. `manage: true`: every item of the stores the caller keeps or
 * administers (storeKeeper / orgAdmin), optionally one store only.
 */
export const itemsListInput = z
  .object({
    manage: z.boolean().optional(),
    storeOrgId: id.optional(),
  })
  .strict();
export type ItemsListInput = z.output<typeof itemsListInput>;

/** Why a member cannot redeem an item right now (null: they can). */
export type ItemBlock = 'OUT_OF_STOCK' | 'LIMIT_REACHED' | 'INSUFFICIENT_POINTS' | 'ITEM_INACTIVE';

export type ItemView = {
  itemId: string;
  storeOrgId: string;
  storeName: string;
  name: string;
  description: string;
  /** Cloud storage fileID of the picture, or null. */
  picture: string | null;
  /** A short-lived URL to show the picture ('' when the file is gone), or null without one. */
  pictureUrl: string | null;
  /** Price in 兑换积分. */
  cost: number;
  stock: number;
  limit: ItemLimit | null;
  /** Redemptions the caller has left in the current period; null when the item has no limit. */
  remaining: number | null;
  /** ISO instant the item stops being redeemable, or null. */
  activeTo: string | null;
  blockedBy: ItemBlock | null;
};

export type ManagedItemView = ItemView & {
  status: ItemStatus;
  activeFrom: string | null;
  scopeOrgIds: string[];
  expireDays: number;
  /** Total units ever put in stock (initial + restocks); stockIn − stock have been redeemed. */
  stockIn: number;
  updatedAt: string;
};

export type ItemsListResult = {
  /** The caller's redeemable balance (兑换积分). */
  balance: number;
  items: ItemView[];
};
export type ManagedItemsListResult = { items: ManagedItemView[] };

/** The fields of an item a keeper fills in, on create and on update. */
const itemFields = {
  storeOrgId: id,
  name: z.string().trim().min(1).max(40),
  description: z.string().trim().max(500).optional(),
  /** Cloud storage fileID (cloud://...). */
  picture: z.string().trim().max(500).nullable().optional(),
  cost: z.number().int().min(1).max(100000),
  limit: z
    .object({ count: z.number().int().min(1).max(1000), period: z.enum(LIMIT_PERIODS) })
    .strict()
    .nullable()
    .optional(),
  activeFrom: instant.nullable().optional(),
  activeTo: instant.nullable().optional(),
  status: z.enum(['active', 'inactive']).optional(),
  /** Orgs whose members may redeem (default: the store's org). */
  scopeOrgIds: z.array(id).min(1).max(20).optional(),
  /** Days an order waits for pickup before it expires and is refunded (default 14). */
  expireDays: z.number().int().min(1).max(90).optional(),
};

/**
 * store.items.save, by `mode`: `create` (a `requestId` makes a retried create land once; `stock`
 * is the initial stock) or `update` (`itemId`; stock changes only by `stockDelta`, so a restock
 * never overwrites redemptions made meanwhile).
 */
export const itemSaveInput = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('create'),
      requestId,
      ...itemFields,
      stock: z.number().int().min(0).max(100000).optional(),
    })
    .strict(),
  z
    .object({
      mode: z.literal('update'),
      itemId: id,
      ...itemFields,
      /** Restock (+) or write-off (−). */
      stockDelta: z.number().int().min(-100000).max(100000).optional(),
    })
    .strict(),
]);
export type ItemSaveInput = z.output<typeof itemSaveInput>;
export type ItemCreateInput = Extract<ItemSaveInput, { mode: 'create' }>;
export type ItemSaveResult = { item: ManagedItemView; created: boolean };

// ---------- redemption and orders ----------

/** store.redeem: one unit of an item. The same requestId always answers with the same order. */
export const redeemInput = z.object({ itemId: id, requestId }).strict();
export type RedeemInput = z.output<typeof redeemInput>;

export type OrderView = {
  orderId: string;
  itemId: string;
  itemName: string;
  storeOrgId: string;
  storeName: string;
  cost: number;
  status: OrderStatus;
  /** Shown (and rendered as a QR) while the order waits for pickup; null afterwards. */
  pickupCode: string | null;
  createdAt: string;
  expiresAt: string;
  fulfilledAt: string | null;
  cancelledAt: string | null;
};
/** `duplicate`: this request id had already made the order (a retry). */
export type RedeemResult = { order: OrderView; duplicate: boolean };

export const ordersMineInput = z
  .object({
    status: z.enum(['pending', 'fulfilled', 'cancelled', 'expired']).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type OrdersMineInput = z.output<typeof ordersMineInput>;
export type OrdersMineResult = { orders: OrderView[] };

/** store.orders.pending: orders waiting to be handed out at the stores under the keeper's grants. */
export const ordersPendingInput = z.object({ limit: z.number().int().min(1).max(100).optional() }).strict();
export type OrdersPendingInput = z.output<typeof ordersPendingInput>;
/** A pending order as the keeper sees it: whose it is; never the pickup code (the member's proof at the counter). */
export type PendingOrderView = OrderView & { memberId: string; memberName: string; pickupCode: null };
export type OrdersPendingResult = { orders: PendingOrderView[] };

/** store.orders.fulfil: the keeper scans the member's pickup QR (the code, `HGJPICK:` prefix optional). */
export const fulfilInput = z.object({ pickupCode: z.string().trim().min(1).max(64) }).strict();
export type FulfilInput = z.output<typeof fulfilInput>;
export type FulfilResult = { order: OrderView; memberName: string };

/** store.orders.cancel: the member before pickup, or a keeper/admin of the store. */
export const cancelInput = z.object({ orderId: id, reason: z.string().trim().max(200).optional() }).strict();
export type CancelInput = z.output<typeof cancelInput>;
export type CancelResult = { order: OrderView; refunded: number };

/** Prefix of the text in a pickup QR, so a keeper's scan of some other QR is told apart. */
export const PICKUP_QR_PREFIX = 'HGJPICK:';
