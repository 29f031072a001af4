import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { OrdersMineInput, OrdersMineResult } from '../../contracts/store';
import { db } from '../../db/db';
import { orderView, type OrderDoc } from '../../domain/store/redemption';
import type { MemberCtx } from '../../runtime/context';

/** store.orders.mine: the caller's orders, newest first. Requests: 2 (the caller, one indexed page). */
export async function myOrders(ctx: MemberCtx, input: OrdersMineInput): Promise<Result<OrdersMineResult>> {
  const where: Record<string, unknown> = { memberId: ctx.member._id };
  if (input.status) where.status = input.status;
  const orders = await db.find<OrderDoc>('orders', where, { orderBy: [['createdAt', 'desc']], limit: input.limit ?? 50 });
  return ok({ orders: orders.map(orderView) });
}
