import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { FulfilInput, FulfilResult } from '../../contracts/store';
import { db } from '../../db/db';
import { normalizePickupCode } from '../../domain/store/pickup-code';
import { decideFulfil, orderView, type OrderDoc } from '../../domain/store/redemption';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { grantOn } from '../shared/authorize';

/**
 * store.orders.fulfil: the keeper scans the member's pickup QR and hands the item over.
 * Keepers and admins only (a member cannot probe codes), in the store's scope only; the order
 * must be pending (a second scan of the same code is refused). Audited. Requests: 7 (the caller,
 * the order by code, the transaction: start, order, update, audit, commit).
 */
export async function fulfilOrder(ctx: MemberCtx, input: FulfilInput): Promise<Result<FulfilResult>> {
  const code = normalizePickupCode(input.pickupCode);
  if (!code) return fail('PICKUP_CODE_INVALID');
  const [found] = await db.find<OrderDoc>('orders', { pickupCode: code }, { limit: 1 });
  if (!found) return fail('PICKUP_CODE_INVALID');
  const grant = grantOn(ctx, found.storeAncestors);
  if (!grant) return fail('FORBIDDEN');
  const pre = decideFulfil(found);
  if (!pre.ok) return fail(pre.code, pre.message);

  const now = ctx.clock.now();
  const order = await db.transaction(async (tx) => {
    const cur = await tx.get<OrderDoc>('orders', found._id);
    if (!cur) throw new AppError('PICKUP_CODE_INVALID');
    const d = decideFulfil(cur);
    if (!d.ok) throw new AppError(d.code, d.message);
    const patch = { status: 'fulfilled' as const, fulfilledAt: now, fulfilledBy: ctx.member._id };
    await tx.update('orders', cur._id, patch);
    await writeAudit(
      ctx,
      {
        role: grant.role,
        action: 'store.orders.fulfil',
        targetType: 'order',
        targetId: cur._id,
        ancestors: cur.storeAncestors,
        before: { status: 'pending' },
        after: { status: 'fulfilled', memberId: cur.memberId, itemId: cur.itemId },
      },
      tx,
    );
    return { ...cur, ...patch };
  });
  return ok({ order: orderView(order), memberName: order.memberName });
}
