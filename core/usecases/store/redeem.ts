import { randomBytes } from 'node:crypto';
import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ErrorCode } from '../../contracts/errors';
import type { RedeemInput, RedeemResult } from '../../contracts/store';
import { cmd, db, DuplicateKeyError, TransactionBusyError } from '../../db/db';
import type { EntryDraft } from '../../domain/points/ledger';
import type { RuleRef } from '../../domain/points/rule';
import type { StoreItemDoc } from '../../domain/store/item';
import { PICKUP_LENGTH, pickupCodeFrom } from '../../domain/store/pickup-code';
import { counterIdFor, decideRedemption, limitPeriodKey, newOrder, orderEntryKey, orderIdFor, orderView, requestKeyOf, type CounterDoc, type OrderDoc } from '../../domain/store/redemption';
import type { MemberCtx } from '../../runtime/router';
import { EntryExists, postEntry } from '../points/post-entry';
import { storeRule } from './rule';

export type RedeemDeps = { random?: (n: number) => Uint8Array };

/** How many times a pickup-code collision (odds 2^-40 per order) is answered with a fresh code. */
const CODE_DRAWS = 3;
/**
 * How long a redemption keeps retrying when the item document is contended beyond
 * db.transaction's own 12 attempts (the function's timeout is 20 s). Then BUSY, nothing written.
 */
const BUSY_BUDGET_MS = 8000;

/**
 * store.redeem: one unit of an item for the caller's redeemable points, in ONE transaction:
 * the item (in scope? on sale? stock?) → the member's counter for the period (limit?) → the
 * debit `ord:<orderId>` through the ledger (never below zero) → stock −1 → counter +1 → the
 * order with its pickup code. Any refusal aborts the transaction: nothing is written. The order
 * id derives from the member and the client's request id, so the same request always answers
 * with the same order (the debit's key cannot be taken twice).
 *
 * The item document is the hot spot when many members redeem one item: concurrent commits
 * conflict on it and db.transaction re-runs the loser. Every conflict means another redemption
 * of the item committed, so with stock s a request loses at most s times (s ≤ 11 never reaches
 * BUSY). The item is read before the transaction, so once it is sold out (or off sale) a request
 * is refused with one read; under a longer rush a request keeps trying for BUSY_BUDGET_MS.
 */
export async function redeem(ctx: MemberCtx, input: RedeemInput, deps: RedeemDeps = {}): Promise<Result<RedeemResult>> {
  const random = deps.random ?? ((n: number) => randomBytes(n));
  const member = ctx.member;
  const now = ctx.clock.now();
  const orderId = orderIdFor(member._id, input.requestId);

  /** A request id already used: the same item is a retry (its order), another item a CONFLICT. */
  const answerExisting = (o: OrderDoc, duplicate: boolean): Result<RedeemResult> => {
    if (o.memberId !== member._id || o.itemId !== input.itemId) return fail('CONFLICT');
    return ok({ order: orderView(o), duplicate });
  };

  const started = Date.now();
  const [rule, firstRead] = await Promise.all([storeRule(member.ancestors, now), db.get<StoreItemDoc>('storeItems', input.itemId)]);
  /** A refusal, unless this request id already made its order (a retry): then that order. */
  const refuse = async (code: ErrorCode): Promise<Result<RedeemResult>> => {
    const existing = await db.get<OrderDoc>('orders', orderId);
    return existing ? answerExisting(existing, true) : fail(code);
  };
  let draws = 0;
  for (let round = 1; ; round++) {
    // fail fast outside the transaction: once the item is sold out (or off sale) a request is
    // refused with one read, without joining the contention on the item document. (A snapshot
    // a moment old; the transaction decides again on what it reads.)
    const item = round === 1 ? firstRead : await db.get<StoreItemDoc>('storeItems', input.itemId);
    const pre = item ? decideRedemption({ item, memberId: member._id, memberAncestors: member.ancestors, used: 0, balance: null, at: now }) : null;
    if (!pre || !pre.ok) return refuse(pre ? pre.code : 'NOT_FOUND');

    const pickupCode = pickupCodeFrom(random(PICKUP_LENGTH));
    try {
      // No read of the order here: a retry of a committed request is caught by the debit's key
      // (EntryExists) or answered by `refuse` (its order took the last unit or use).
      const order = await db.transaction(async (tx) => {
        const cur = await tx.get<StoreItemDoc>('storeItems', input.itemId);
        if (!cur) throw new AppError('NOT_FOUND');
        const counterId = counterIdFor(cur, member._id, now);
        const counter = counterId ? await tx.get<CounterDoc>('redemptionCounts', counterId) : null;
        const d = decideRedemption({ item: cur, memberId: member._id, memberAncestors: member.ancestors, used: counter?.count ?? 0, balance: null, at: now });
        if (!d.ok) throw new AppError(d.code);

        await postEntry(tx, debitDraft(ctx, cur, orderId, rule, now)); // INSUFFICIENT_POINTS aborts here
        await tx.update('storeItems', cur._id, { stock: cmd().inc(-1) });
        if (counterId) {
          if (counter) await tx.update('redemptionCounts', counterId, { count: cmd().inc(1), updatedAt: now });
          else await tx.set('redemptionCounts', counterId, { itemId: cur._id, memberId: member._id, periodKey: limitPeriodKey(cur.limit!, now), count: 1, updatedAt: now });
        }
        const created = newOrder({ orderId, requestKey: requestKeyOf(member._id, input.requestId), member, item: cur, pickupCode, counterId, at: now });
        await tx.add('orders', created);
        return created;
      });
      return answerExisting(order, false);
    } catch (e) {
      if (e instanceof AppError) return refuse(e.code);
      // the debit's key is taken: this request committed before (or concurrently), answer with its order
      if (e instanceof EntryExists) {
        const existing = await db.get<OrderDoc>('orders', orderId);
        if (existing) return answerExisting(existing, true);
        throw new AppError('CONFLICT');
      }
      // a duplicate order id (a concurrent copy of this request committed) or pickup code: go again
      if (e instanceof DuplicateKeyError && ++draws < CODE_DRAWS) continue;
      // the item kept changing under us (a rush on one item): every conflict means another
      // redemption went through, so keep going while the time budget lasts, re-checking the stock
      if (e instanceof TransactionBusyError && Date.now() - started < BUSY_BUDGET_MS) {
        await pause(20 + Math.random() * 80 * Math.min(round, 5));
        continue;
      }
      throw e;
    }
  }
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function debitDraft(ctx: MemberCtx, item: StoreItemDoc, orderId: string, rule: RuleRef, at: Date): EntryDraft {
  return {
    key: orderEntryKey(orderId),
    memberId: ctx.member._id,
    ancestors: ctx.member.ancestors,
    eval: 0,
    redeem: -item.cost,
    rule,
    source: { type: 'order', id: orderId },
    units: 0,
    actorId: ctx.member._id,
    note: `兑换：${item.name}`,
    at,
  };
}
