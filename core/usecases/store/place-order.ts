import { AppError } from '../../contracts/app-error';
import type { ErrorCode } from '../../contracts/errors';
import { cmd, db, DuplicateKeyError, type Tx } from '../../db/db';
import type { MemberDoc } from '../../domain/org/model';
import type { BalanceDoc } from '../../domain/points/ledger';
import type { RuleRef } from '../../domain/points/rule';
import type { StoreItemDoc } from '../../domain/store/item';
import { counterIdFor, debitDraft, decideRedemption, limitPeriodKey, newOrder, type CounterDoc, type OrderDoc } from '../../domain/store/redemption';
import { totalStock } from '../../domain/store/stock';
import { EntryExists, postEntryOn } from '../points/post-entry';
import { enqueueNotification } from '../shared/notify';
import type { UnitDraw } from './stock';

/** Everything a redemption's transaction needs, decided before it starts. */
export type OrderPlan = {
  member: Pick<MemberDoc, '_id' | 'name' | 'ancestors'>;
  /** As read just before the transaction: only items.save writes it, never a redemption. */
  item: StoreItemDoc;
  rule: RuleRef;
  orderId: string;
  requestKey: string;
  at: Date;
  draw: UnitDraw;
  /** A fresh pickup code per run. */
  pickupCode: () => string;
};

/**
 * What the transaction came to: the order it made; a refusal (nothing written); or a key it
 * needed was taken — `debit` (`ord:<orderId>`: this request committed before or concurrently)
 * or `order` (the order's id, request key or pickup code).
 */
export type Placed = { ok: true; order: OrderDoc } | { ok: false; refused: ErrorCode } | { ok: false; taken: 'debit' | 'order' };

/**
 * Places one order in ONE transaction, which db.transaction re-runs on a write conflict (a
 * bounded number of times, then BUSY): there is no retry loop of its own. Per run: the member's
 * counter (items with a limit) and balance → decide (pure) → a unit from a stock shard → the
 * debit through the ledger → counter +1 → the order → its 'ready for pickup' notice (outbox) →
 * shard −1. Any refusal aborts: nothing written.
 */
export async function placeOrder(p: OrderPlan): Promise<Placed> {
  try {
    return { ok: true, order: await db.transaction((tx) => writeOrder(tx, p)) };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, refused: e.code };
    if (e instanceof EntryExists) return { ok: false, taken: 'debit' };
    if (e instanceof DuplicateKeyError) return { ok: false, taken: 'order' };
    throw e;
  }
}

async function writeOrder(tx: Tx, p: OrderPlan): Promise<OrderDoc> {
  const { member, item, at } = p;
  const hints = await p.draw.begin();
  const counterId = counterIdFor(item, member._id, at);
  const counter = counterId ? await tx.get<CounterDoc>('redemptionCounts', counterId) : null;
  const balance = await tx.get<BalanceDoc>('balances', member._id);
  const d = decideRedemption({ item, stock: totalStock(hints), memberId: member._id, memberAncestors: member.ancestors, used: counter?.count ?? 0, balance: balance?.redeem ?? 0, at });
  if (!d.ok) throw new AppError(d.code);
  const shard = await p.draw.take(tx);
  if (!shard) throw new AppError('OUT_OF_STOCK');

  await postEntryOn(tx, balance, debitDraft({ member, item, orderId: p.orderId, rule: p.rule, at }));
  if (counterId && item.limit) {
    if (counter) await tx.update('redemptionCounts', counterId, { count: cmd().inc(1), updatedAt: at });
    else await tx.set('redemptionCounts', counterId, { itemId: item._id, memberId: member._id, periodKey: limitPeriodKey(item.limit, at), count: 1, updatedAt: at });
  }
  const order = newOrder({ orderId: p.orderId, requestKey: p.requestKey, member, item, pickupCode: p.pickupCode(), counterId, shardId: shard._id, at });
  await tx.add('orders', order);
  // 'ready for pickup': the unit is set aside now, so the member hears where and with which code
  await enqueueNotification(
    {
      memberId: member._id,
      template: 'orderReady',
      dedupeKey: `orderReady:${order._id}`,
      data: { item: order.itemName, store: order.storeName, code: order.pickupCode },
      page: 'pages/store/orders/index',
      at,
    },
    tx,
  );
  // the one document other redemptions write goes last: CloudBase locks a document from its
  // write to the commit, so the shard is held for one request, and a collision wastes no lock
  await tx.update('stockShards', shard._id, { stock: cmd().inc(-1), updatedAt: at });
  return order;
}
