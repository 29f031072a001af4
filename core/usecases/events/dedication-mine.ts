import { ok } from '../../contracts/app-error';
import type { DedicationMineResult } from '../../contracts/events';
import type { Result } from '../../contracts/envelope';
import { cmd, db } from '../../db/db';
import type { CheckinDoc } from '../../domain/events/event';
import type { ClaimDoc } from '../../domain/points/claims';
import { chinaDate } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { logView, type DedicationLogDoc } from './dedication-log';

const round1 = (n: number) => Math.round(n * 10) / 10;
const chinaYear = (at: Date) => Number(chinaDate(at).slice(0, 4));

/**
 * events.dedication.mine: the caller's own 奉献日 page — their service logs (newest first) with
 * each one's review status, and hours served this China year and ever: approved logs, plus hours
 * credited at an event's check-out (a check-out awaiting or refused confirmation does not count).
 * Requests: 4 — the caller; the logs and the check-ins with hours (in parallel); the logs' claims
 * (none without logs).
 */
export async function dedicationMine(ctx: MemberCtx): Promise<Result<DedicationMineResult>> {
  const me = ctx.member._id;
  const [logs, checkins] = await Promise.all([db.findAll<DedicationLogDoc>('dedicationLogs', { memberId: me }), db.findAll<CheckinDoc>('checkins', { memberId: me, hours: cmd().gt(0) })]);
  const claims = logs.length ? await db.find<ClaimDoc>('claims', { _id: cmd().in(logs.map((l) => l.claimId)) }, { limit: 1000, fields: { status: true } }) : [];
  const status = new Map(claims.map((c) => [c._id, c.status]));
  const year = chinaYear(ctx.clock.now());
  let total = 0;
  let thisYear = 0;
  for (const l of logs) {
    if (status.get(l.claimId) !== 'approved') continue;
    total += l.hours;
    if (l.date.startsWith(`${year}-`)) thisYear += l.hours;
  }
  for (const c of checkins) {
    if (c.checkoutReview === 'pending' || c.checkoutReview === 'refused') continue;
    // hours served (what the event measured), not what the caps let the ledger credit
    const h = c.hours ?? 0;
    total += h;
    if (chinaYear(c.at) === year) thisYear += h;
  }
  const views = logs
    .map((l) => logView(l, (status.get(l.claimId) as DedicationMineResult['logs'][number]['status'] | undefined) ?? 'pending'))
    .sort((a, b) => (a.date === b.date ? b.createdAt.localeCompare(a.createdAt) : b.date.localeCompare(a.date)));
  return ok({ logs: views, hours: { year: round1(thisYear), total: round1(total) }, year });
}
