import { AppError, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { cmd, db } from '../../db/db';
import { isExpired, type OrderDoc } from '../../domain/store/redemption';
import type { Ctx } from '../../runtime/context';
import { enqueueNotification } from '../shared/notify';
import { refundOrder } from './refund';
import { UnitReturn } from './stock';

/** `cursor`: the order id the next firing goes on after ('' : it starts over). */
export type ExpireReport = { expired: number; refunded: number; skipped: number; failed: number; more: boolean; cursor: string };
export type ExpireOptions = { budgetMs?: number };

/** The job's cursor (`storeJobs/expireOrders`): the last pending order id a run went through. */
type JobCursor = { _id: string; after: string; updatedAt: Date };

export const EXPIRE_JOB_ID = 'expireOrders';
/**
 * The store function's timeout is 20 s (cloudfunctions/store/config.json; CloudBase stops the
 * function there). A run starts no new chunk after 12 s: the chunk in flight and the cursor
 * write fit in what is left.
 */
export const EXPIRE_BUDGET_MS = 12_000;
const PAGE = 100;
const PARALLEL = 5;
const SYSTEM_ACTOR = 'system';

/**
 * Timer `expireOrders` (cloudfunctions/store/config.json, hourly): every pending order past its
 * `expiresAt` is refunded exactly like a cancellation (reversal, a unit back to a stock shard,
 * limit −1) and marked `expired`, in one transaction per order, and the member is notified. An
 * order picked up or cancelled meanwhile is skipped (it is no longer pending when the transaction
 * reads it).
 *
 * In chunks, by order id from a cursor kept in `storeJobs`: a run stops starting chunks once its
 * time budget is spent (`more: true`) and the next firing resumes after the last order it went
 * through; a run that reaches the end resets the cursor, so the next one starts over (an order
 * that failed is tried again then). Every run makes progress (at least one chunk).
 * DB requests: 1 (cursor) + 1 per page of 100 + 12 per expired order + 1 when the cursor moves.
 */
export async function expireOrders(ctx: Ctx, opts: ExpireOptions = {}): Promise<Result<ExpireReport>> {
  const budgetMs = opts.budgetMs ?? EXPIRE_BUDGET_MS;
  const started = performance.now();
  const spent = () => performance.now() - started >= budgetMs;
  const now = ctx.clock.now();
  const report: ExpireReport = { expired: 0, refunded: 0, skipped: 0, failed: 0, more: false, cursor: '' };

  const from = (await db.get<JobCursor>('storeJobs', EXPIRE_JOB_ID))?.after ?? '';
  let after = from;
  pages: for (;;) {
    const where = { status: 'pending', expiresAt: cmd().lte(now), ...(after ? { _id: cmd().gt(after) } : {}) };
    const page = await db.find<OrderDoc>('orders', where, { orderBy: [['_id', 'asc']], limit: PAGE });
    for (let i = 0; i < page.length; i += PARALLEL) {
      const chunk = page.slice(i, i + PARALLEL);
      await Promise.all(chunk.map((o) => expireOne(ctx, o, now, report)));
      after = chunk[chunk.length - 1]._id;
      if (spent() && (i + PARALLEL < page.length || page.length === PAGE)) {
        report.more = true;
        break pages;
      }
    }
    if (page.length < PAGE) {
      after = '';
      break;
    }
  }
  report.cursor = after;
  if (after !== from) await db.set('storeJobs', EXPIRE_JOB_ID, { after, updatedAt: now });
  if (report.expired || report.failed || report.more) ctx.log.info('store orders expired', { requestId: ctx.requestId, ...report });
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
    // picked up or cancelled since the page was read: nothing to do
    if (e instanceof AppError && e.code === 'ORDER_NOT_CANCELLABLE') {
      report.skipped++;
      return;
    }
    report.failed++;
    ctx.log.error('order expiry failed', { requestId: ctx.requestId, orderId: o._id, error: e instanceof Error ? e.stack : String(e) });
  }
}
