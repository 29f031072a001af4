import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { OutboxRunResult } from '../../contracts/points';
import { cmd, db } from '../../db/db';
import { isPermanentRefusal, sendSubscribeMessage } from '../../db/openapi';
import { isBound, type MemberDoc } from '../../domain/org/model';
import type { Ctx } from '../../runtime/context';
import type { OutboxDoc } from '../../domain/notifications';
import { subscribeTemplates } from './config';

const BATCH = 100;
const MAX_ATTEMPTS = 3;
/** A message claimed longer ago than this by a run that died is taken over. */
const STALE_CLAIM_MS = 10 * 60 * 1000;
const TIME_BUDGET_MS = 45_000;

/**
 * Notification sender (run by the tick every minute): sends queued notifications as WeChat subscribe
 * messages, oldest first, up to 100 a run. Each message is first claimed (a conditional update
 * pending -> sending) so overlapping runs never send one twice, then sent through the adapter
 * in core/db and marked sent / skipped (member unbound, no template configured, member did not
 * opt in) / pending again for a retry (up to 3 attempts, then failed). The points function's
 * config.json grants `subscribeMessage.send`; the local cloud answers it in its bridge.
 */
export async function runSendOutbox(ctx: Ctx, deadline = Date.now() + TIME_BUDGET_MS): Promise<Result<OutboxRunResult>> {
  const now = ctx.clock.now();
  const pending = await db.find<OutboxDoc>('outbox', { status: 'pending' }, { orderBy: [['createdAt', 'asc']], limit: BATCH });
  const stale =
    pending.length < BATCH ? await db.find<OutboxDoc>('outbox', { status: 'sending', claimedAt: cmd().lt(new Date(now.getTime() - STALE_CLAIM_MS)) }, { limit: BATCH - pending.length }) : [];
  const picked = [...pending, ...stale];
  const out: OutboxRunResult = { picked: picked.length, sent: 0, skipped: 0, failed: 0 };
  if (!picked.length) return ok(out);

  const members = await db.find<MemberDoc>('members', { _id: cmd().in([...new Set(picked.map((m) => m.memberId))]) }, { limit: 1000, fields: { openid: true } });
  const openidOf = new Map(members.map((m) => [m._id, m]));
  const templates = subscribeTemplates();

  for (const msg of picked) {
    if (Date.now() > deadline) break;
    // claim it: only one run moves it out of the state it was read in
    const claimed = await db.updateWhere('outbox', { _id: msg._id, status: msg.status, attempts: msg.attempts }, { status: 'sending', claimedAt: now });
    if (!claimed) continue;
    const finish = (patch: Partial<OutboxDoc>) => db.update('outbox', msg._id, patch as Record<string, unknown>);
    const member = openidOf.get(msg.memberId);
    if (!member || !isBound(member)) {
      await finish({ status: 'skipped', error: 'NOT_BOUND', sentAt: null });
      out.skipped++;
      continue;
    }
    const tpl = templates[msg.template];
    if (!tpl) {
      await finish({ status: 'skipped', error: 'TEMPLATE_NOT_CONFIGURED' });
      out.skipped++;
      continue;
    }
    try {
      const data: Record<string, { value: string }> = {};
      for (const [k, v] of Object.entries(msg.data)) data[tpl.fields[k] ?? k] = { value: v };
      const r = await sendSubscribeMessage({ touser: member.openid, templateId: tpl.id, page: msg.page, data });
      if (r.status === 'sent') {
        await finish({ status: 'sent', sentAt: now, error: null, attempts: msg.attempts + 1 });
        out.sent++;
      } else if (isPermanentRefusal(r.errCode)) {
        await finish({ status: 'skipped', error: `${r.errCode} ${r.errMsg}`.trim(), attempts: msg.attempts + 1 });
        out.skipped++;
      } else throw Object.assign(new Error(r.errMsg), { errCode: r.errCode });
    } catch (e) {
      const attempts = msg.attempts + 1;
      const gaveUp = attempts >= MAX_ATTEMPTS;
      await finish({ status: gaveUp ? 'failed' : 'pending', attempts, error: e instanceof Error ? e.message.slice(0, 200) : String(e) });
      if (gaveUp) out.failed++;
      ctx.log.error('subscribe message failed', { requestId: ctx.requestId, outboxId: msg._id, attempts, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return ok(out);
}
