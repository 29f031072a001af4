import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { BalanceResult } from '../../contracts/points';
import { db } from '../../db/db';
import { nextExpiry } from '../../domain/points/expiry';
import type { BalanceDoc } from '../../domain/points/ledger';
import type { MemberCtx } from '../../runtime/context';
import { targetMember } from '../shared/authorize';
import { expiryConfig } from './config';
import { iso } from '../../domain/time';
/** points.balance: the caller's (or, for staff in scope, a member's) two balances. One read. */
export async function balance(ctx: MemberCtx): Promise<Result<BalanceResult>> {
  const memberId = targetMember(ctx)._id;
  const b = await db.get<BalanceDoc>('balances', memberId);
  const next = nextExpiry(ctx.clock.now(), expiryConfig());
  return ok({
    memberId,
    eval: b?.eval ?? 0,
    redeem: b?.redeem ?? 0,
    updatedAt: iso(b?.updatedAt),
    expiry: { date: next.date, points: Math.max(0, b?.redeem ?? 0) },
  });
}
