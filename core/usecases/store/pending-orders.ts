import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { OrdersPendingInput, OrdersPendingResult } from '../../contracts/store';
import { cmd, db } from '../../db/db';
import { orderView, type OrderDoc } from '../../domain/store/redemption';
import type { MemberCtx } from '../../runtime/context';
import { scopeOf } from '../shared/authorize';

/**
 * store.orders.pending: the orders waiting to be handed out at the stores under the caller's
 * keeper grants, oldest first: who has waited longest is served
 * first. The pickup code stays off the list: it is what the member shows at the counter.
 * Requests: 2 (the caller, one page by status and store ancestors).
 */
export async function pendingOrders(ctx: MemberCtx, input: OrdersPendingInput): Promise<Result<OrdersPendingResult>> {
  const stores = scopeOf(ctx);
  if (!stores.length) return fail('FORBIDDEN');
  const orders = await db.find<OrderDoc>('orders', { status: 'pending', storeAncestors: cmd().in(stores) }, { orderBy: [['createdAt', 'asc']], limit: input.limit ?? 50 });
  return ok({ orders: orders.map((o) => ({ ...orderView(o), pickupCode: null, memberId: o.memberId, memberName: o.memberName })) });
}
