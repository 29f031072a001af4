import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { DedicationRemindResult } from '../../contracts/events';
import { cmd, db } from '../../db/db';
import { reminderTarget } from '../../domain/events/dedication';
import { isBound, type MemberDoc, type OrgDoc } from '../../domain/org';
import type { Ctx } from '../../runtime/router';
import { enqueueNotification, type OutboxDoc } from '../shared/notify';

const CHUNK = 100;

/**
 * Timer `dedicationReminder` (cloudfunctions/events/config.json, 20:00 China time daily): for
 * every branch whose dedication day is tomorrow, a reminder for each bound active member into
 * the outbox (sent later as a subscribe message by the outbox timer). Deduped per
 * branch-month-member (`ntf:ded:<branchId>:<YYYY-MM>:<memberId>`), so a re-run or a second
 * trigger queues nothing twice. Per branch: members (1+), existing reminders (1 per 100),
 * inserts (1 per 100).
 */
export async function dedicationRemind(ctx: Ctx): Promise<Result<DedicationRemindResult>> {
  const now = ctx.clock.now();
  const t = reminderTarget(now);
  const [mm, dd] = [Number(t.date.slice(5, 7)), t.day];
  const branches = await db.findAll<OrgDoc>('orgs', { type: 'branch', dedicationDay: t.day });
  let queued = 0;
  let already = 0;
  for (const b of branches) {
    const members = (await db.findAll<MemberDoc>('members', { branchId: b._id, status: 'active' })).filter(isBound);
    for (let i = 0; i < members.length; i += CHUNK) {
      const chunk = members.slice(i, i + CHUNK);
      const docs: OutboxDoc[] = chunk.map((m) => ({
        _id: `ntf:ded:${b._id}:${t.month}:${m._id}`,
        memberId: m._id,
        template: 'dedicationReminder',
        data: { branch: b.name, date: `${mm}月${dd}日`, place: b.address ?? '', tip: `明天（${mm}月${dd}日）是${b.name}党员奉献日，欢迎参加服务` },
        page: 'pages/checkin/index',
        status: 'pending',
        attempts: 0,
        createdAt: now,
        sentAt: null,
        error: null,
      }));
      const existing = new Set((await db.find<{ _id: string }>('outbox', { _id: cmd().in(docs.map((d) => d._id)) }, { limit: CHUNK, fields: { _id: true } })).map((d) => d._id));
      const fresh = docs.filter((d) => !existing.has(d._id));
      already += docs.length - fresh.length;
      if (!fresh.length) continue;
      try {
        await db.addMany('outbox', fresh);
        queued += fresh.length;
      } catch {
        // another run raced us on some of them: fall back to one by one (each deduped by its key)
        for (const d of fresh) {
          await enqueueNotification({ memberId: d.memberId, template: d.template, data: d.data, page: d.page, dedupeKey: d._id.slice(4), at: now });
        }
        queued += fresh.length;
      }
    }
  }
  return ok({ date: t.date, branches: branches.length, queued, already });
}
