import { AppError } from '../../contracts/app-error';
import { cmd, type Tx } from '../../db/db';
import { reversalDraft, type LedgerEntry } from '../../domain/points/ledger';
import type { RuleRef } from '../../domain/points/rule';
import { decideCancel, type OrderDoc } from '../../domain/store/redemption';
import { EntryExists, postEntry } from '../points/post-entry';
import type { UnitReturn } from './stock';

/** An order without its debit entry: a bug or tampering, never answered as a business refusal. */
export class OrderIntegrityError extends Error {
  constructor(orderId: string, entryId: string) {
    super(`order ${orderId} has no debit ${entryId}`);
  }
}

export type RefundOutcome = { order: OrderDoc; refunded: number };

/**
 * Takes a pending order back inside the caller's transaction: the reversal of its debit
 * (`rev:ord:<orderId>`, the original's rule version), a unit back to one of the item's stock
 * shards (`back`: the order's own shard, another one if the transaction is re-run), the
 * member's counter −1 (in the period the order counted in), the order `cancelled` or `expired`.
 * Exactly once: the order must still be pending (ORDER_NOT_CANCELLABLE otherwise), and the
 * reversal's key could not be posted twice anyway. Five reads/writes beyond the order's own.
 */
export async function refundOrder(tx: Tx, orderId: string, how: { status: 'cancelled' | 'expired'; actorId: string; reason: string; at: Date }, back: UnitReturn): Promise<RefundOutcome> {
  const order = await tx.get<OrderDoc>('orders', orderId);
  if (!order) throw new AppError('NOT_FOUND');
  const d = decideCancel(order);
  if (!d.ok) throw new AppError(d.code, d.message);
  const debit = await tx.get<LedgerEntry>('ledger', order.entryId);
  if (!debit) throw new OrderIntegrityError(order._id, order.entryId);
  const rule: RuleRef = { _id: debit.ruleId, code: debit.ruleCode, version: debit.ruleVersion, caps: {} };
  const note = how.status === 'expired' ? `订单逾期未领取，退回：${order.itemName}` : `取消兑换，退回：${order.itemName}`;
  let refund: LedgerEntry;
  try {
    refund = await postEntry(tx, reversalDraft(debit, rule, { actorId: how.actorId, note, at: how.at }));
  } catch (e) {
    // refunded already: the order cannot be pending then, but never refund twice whatever the data says
    if (e instanceof EntryExists) throw new AppError('ORDER_NOT_CANCELLABLE');
    throw e;
  }
  if (order.counterId) await tx.update('redemptionCounts', order.counterId, { count: cmd().inc(-1), updatedAt: how.at });
  const patch = { status: how.status, cancelledAt: how.at, cancelledBy: how.actorId, cancelReason: how.reason, refundEntryId: refund._id };
  await tx.update('orders', order._id, patch);
  // the shard may be in a rush: written last, it is held (locked) for the shortest time
  await tx.update('stockShards', await back.target(order), { stock: cmd().inc(1), updatedAt: how.at });
  return { order: { ...order, ...patch }, refunded: refund.redeem };
}
