import { randomBytes } from 'node:crypto';
import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ErrorCode } from '../../contracts/errors';
import type { RedeemInput, RedeemResult } from '../../contracts/store';
import { db } from '../../db/db';
import type { StoreItemDoc } from '../../domain/store/item';
import { PICKUP_LENGTH, pickupCodeFrom } from '../../domain/store/pickup-code';
import { decideRedemption, orderIdFor, orderView, requestKeyOf, type OrderDoc } from '../../domain/store/redemption';
import { totalStock } from '../../domain/store/stock';
import type { MemberCtx } from '../../runtime/context';
import { placeOrder } from './place-order';
import { storeRule } from './rule';
import { readShards, UnitDraw } from './stock';

/**
 * store.redeem: one unit of an item for the caller's redeemable points. The order id derives
 * from the member and the client's request id, so the same request always answers with the same
 * order (its debit's key cannot be taken twice).
 *
 * load: the store rule, the item and its stock shards, in parallel → decide (pure) on them: an
 * item out of scope, off sale or sold out is refused without a transaction → write: ONE
 * transaction (place-order.ts) re-checks the limit and the points, takes a unit from a random
 * shard and posts the debit and the order. A rush on one item spreads over its shards
 * (core/domain/store/stock.ts), so it ends with orders = stock and the rest OUT_OF_STOCK.
 *
 * Database requests, uncontended: 13 for an item without a per-member limit, 15 with one —
 * the caller (router) · rule, item, shards (in parallel) · start, [counter], balance, shard,
 * debit, balance, [counter], order, notice, shard −1, commit. A refusal before the transaction: 5
 * (caller, rule, item, shards, the order check for a retry). A re-run after a conflict re-reads
 * the shards (one request more).
 */
export async function redeem(ctx: MemberCtx, input: RedeemInput): Promise<Result<RedeemResult>> {
  const member = ctx.member;
  const now = ctx.clock.now();
  const orderId = orderIdFor(member._id, input.requestId);
  const refusal = (code: ErrorCode, message?: string) => refuse({ orderId, memberId: member._id, itemId: input.itemId }, code, message);

  const [rule, item, shards] = await Promise.all([storeRule(member.ancestors, now), db.get<StoreItemDoc>('storeItems', input.itemId), readShards(input.itemId)]);
  if (!item) return refusal('NOT_FOUND');
  const pre = decideRedemption({ item, stock: totalStock(shards), memberId: member._id, memberAncestors: member.ancestors, used: 0, balance: null, at: now });
  if (!pre.ok) return refusal(pre.code);
  if (!rule) return refusal('RULE_INACTIVE', '积分超市兑换规则未启用，请联系管理员');

  const placed = await placeOrder({
    member,
    item,
    rule,
    orderId,
    requestKey: requestKeyOf(member._id, input.requestId),
    at: now,
    draw: new UnitDraw(item._id, shards),
    pickupCode: () => pickupCodeFrom(randomBytes(PICKUP_LENGTH)),
  });
  if (placed.ok) return ok({ order: orderView(placed.order), duplicate: false });
  if ('refused' in placed) return refusal(placed.refused);
  // a key was taken: this request's order made before or concurrently is the answer
  const existing = await db.get<OrderDoc>('orders', orderId);
  if (existing) return answerExisting(existing, member._id, input.itemId);
  // a debit without its order is never answered as a success; a pickup code already in use
  // (odds 2^-40 an order) leaves nothing written and the client's retry draws a new one
  return fail(placed.taken === 'debit' ? 'CONFLICT' : 'BUSY');
}

/** A request id already used: the same item is a retry (its order), another item a CONFLICT. */
function answerExisting(o: OrderDoc, memberId: string, itemId: string): Result<RedeemResult> {
  if (o.memberId !== memberId || o.itemId !== itemId) return fail('CONFLICT');
  return ok({ order: orderView(o), duplicate: true });
}

/** A refusal, unless this request id already made its order (a retry whose order took the last unit or use). */
async function refuse(req: { orderId: string; memberId: string; itemId: string }, code: ErrorCode, message?: string): Promise<Result<RedeemResult>> {
  const existing = await db.get<OrderDoc>('orders', req.orderId);
  return existing ? answerExisting(existing, req.memberId, req.itemId) : fail(code, message);
}
