import { AppError, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { cmd, db } from '../../db/db';
import { isExpired, type OrderDoc } from '../../domain/store/redemption';
import type { Ctx } from '../../runtime/router';
import { enqueueNotification } from '../shared/notify';
import { refundOrder } from './refund';
import { UnitReturn } from './stock';

export type ExpireReport = { expired: number; refunded: number; skipped: number; failed: number; more: boolean };

/** Orders refunded per run at most (the function's timeout is 20 s); the next run carries on. */
const MAX_PER_RUN = 500;
const PAGE = 100;
const PARALLEL = 5;
const SYSTEM_ACTOR = 'system';

/**
 * Timer `expireOrders` (cloudfunctions/store/config.json, hourly): every pending order past its
 * `expiresAt` is refunded exactly like a cancellation (reversal, a unit back to a stock shard,
 * limit −1) and marked
 * `expired`, in one transaction per order, and the member is notified. An order picked up or
 * cancelled meanwhile is skipped (it is no longer pending when the transaction reads it).
 */
export async function expireOrders(ctx: Ctx): Promise<Result<ExpireReport>> {
  const now = ctx.clock.now();
  const report: ExpireReport = { expired: 0, refunded: 0, skipped: 0, failed: 0, more: false };
  let after = '';
  for (;;) {
    const page = await db.find<OrderDoc>('orders', { status: 'pending', expiresAt: cmd().lte(now), ...(after ? { _id: cmd().gt(after) } : {}) }, { orderBy: [['_id', 'asc']], limit: PAGE });
    for (let i = 0; i < page.length; i += PARALLEL) {
      await Promise.all(page.slice(i, i + PARALLEL).map((o) => expireOne(ctx, o, now, report)));
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]._id;
    if (report.expired + report.skipped + report.failed >= MAX_PER_RUN) {
      report.more = true;
      break;
    }
  }
  if (report.expired || report.failed) ctx.log.info('store orders expired', { requestId: ctx.requestId, ...report });
  return ok(report);
}

async function expireOne(ctx: Ctx, o: OrderDoc, now: Date, report: ExpireReport): Promise<void> {
  if (!isExpired(o, now)) return;
  const back = new UnitReturn();
  try {
    const r = await db.transaction(async (tx) => {
      const out = await refundOrder(tx, o._id, { status: 'expired', actorId: SYSTEM_ACTOR, reason: '逾期未领取', at: now }, back);
      await enqueueNotification(
        {
          memberId: o.memberId,
          template: 'orderExpired',
          dedupeKey: `orderExpired:${o._id}`,
          data: { item: o.itemName, store: o.storeName, points: String(o.cost) },
          page: 'pages/store/orders/index',
          at: now,
        },
        tx,
      );
      return out;
    });
    report.expired++;
    report.refunded += r.refunded;
  } catch (e) {
    if (e instanceof AppError && e.code === 'ORDER_NOT_CANCELLABLE') {
      report.skipped++;
      return;
    }
    report.failed++;
    ctx.log.error('order expiry failed', { requestId: ctx.requestId, orderId: o._id, error: e instanceof Error ? e.stack : String(e) });
  }
}
