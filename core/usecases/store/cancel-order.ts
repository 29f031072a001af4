import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { CancelInput, CancelResult } from '../../contracts/store';
import { db } from '../../db/db';
import { decideCancel, orderView, type OrderDoc } from '../../domain/store/redemption';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { grantOn, holds } from '../shared/authorize';
import { refundOrder } from './refund';
import { UnitReturn } from './stock';

/**
 * store.orders.cancel: by the order's member before pickup, or by a keeper/admin of the
 * store (audited). ONE transaction refunds through the reversal of the debit, returns the unit
 * to a stock shard, restores the member's limit, and marks the order cancelled: exactly once.
 * Requests: 11 by the member (the caller, the order, the transaction: start, order, debit,
 * balance, refund entry, balance, order, shard, commit); 12 with a per-member limit (the
 * counter); a keeper's cancel adds the audit record.
 */
export async function cancelOrder(ctx: MemberCtx, input: CancelInput): Promise<Result<CancelResult>> {
  const order = await db.get<OrderDoc>('orders', input.orderId);
  const own = order?.memberId === ctx.member._id;
  const grant = order && !own ? grantOn(ctx, order.storeAncestors, 'keeper') : undefined;
  // another member's order is invisible to a member: the same answer as an order that does not exist
  if (!order || (!own && !grant)) return fail(order && holds(ctx, 'keeper') ? 'FORBIDDEN' : 'NOT_FOUND');
  const pre = decideCancel(order);
  if (!pre.ok) return fail(pre.code, pre.message);

  const now = ctx.clock.now();
  const reason = input.reason ?? (own ? '党员取消' : '积分超市取消');
  const back = new UnitReturn();
  const out = await db.transaction(async (tx) => {
    const r = await refundOrder(tx, order._id, { status: 'cancelled', actorId: ctx.member._id, reason, at: now }, back);
    if (grant) {
      await writeAudit(
        ctx,
        {
          role: grant.role,
          action: 'store.orders.cancel',
          targetType: 'order',
          targetId: order._id,
          ancestors: order.storeAncestors,
          before: { status: 'pending', memberId: order.memberId, itemId: order.itemId, cost: order.cost },
          after: { status: 'cancelled', refunded: r.refunded },
          reason,
        },
        tx,
      );
    }
    return r;
  });
  return ok({ order: orderView(out.order), refunded: out.refunded });
}
