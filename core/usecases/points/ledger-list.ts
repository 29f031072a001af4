import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { LedgerListResult, LedgerListInput } from '../../contracts/points';
import { cmd, db, type Where } from '../../db/db';
import type { LedgerEntry } from '../../domain/points/ledger';
import { chinaTime } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { ruleNames } from './views';
import { iso } from '../../domain/time';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * points.ledger.list: a member's entries, newest first, filtered by account (entries that
 * moved it), rule and China-time date range; paginated by offset. Two reads (entries + the
 * names of their rule versions); staff looking at a member in scope: one more.
 */
export async function listLedger(ctx: MemberCtx, input: LedgerListInput): Promise<Result<LedgerListResult>> {
  const memberId = input.memberId ?? ctx.actor.memberId;
  if (input.from && input.to && input.from > input.to) return fail('INVALID_INPUT', '开始日期不能晚于结束日期', 'from');

  const where: Where = { memberId };
  if (input.account === 'eval') where.eval = cmd().neq(0);
  if (input.account === 'redeem') where.redeem = cmd().neq(0);
  if (input.ruleCode) where.ruleCode = input.ruleCode;
  const from = input.from ? chinaTime(`${input.from} 00:00:00`) : null;
  const to = input.to ? new Date(chinaTime(`${input.to} 00:00:00`).getTime() + DAY_MS) : null;
  if (from && to) where.createdAt = (cmd().gte(from) as { and(x: unknown): unknown }).and(cmd().lt(to));
  else if (from) where.createdAt = cmd().gte(from);
  else if (to) where.createdAt = cmd().lt(to);

  const page = await db.find<LedgerEntry>('ledger', where, {
    orderBy: [
      ['createdAt', 'desc'],
      ['_id', 'desc'],
    ],
    skip: input.offset,
    limit: input.limit + 1,
  });
  const items = page.slice(0, input.limit);
  const names = await ruleNames(items.map((e) => e.ruleId));
  return ok({
    items: items.map((e) => ({
      id: e._id,
      at: iso(e.createdAt)!,
      eval: e.eval,
      redeem: e.redeem,
      ruleId: e.ruleId,
      ruleCode: e.ruleCode,
      ruleName: names.get(e.ruleId) ?? e.ruleCode,
      ruleVersion: e.ruleVersion,
      source: e.source,
      note: e.note,
      reversalOf: e.reversalOf,
    })),
    nextOffset: page.length > input.limit ? input.offset + input.limit : null,
  });
}
