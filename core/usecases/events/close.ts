import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { EventsCloseInput, EventsCloseResult } from '../../contracts/events';
import { db } from '../../db/db';
import type { EventDoc } from '../../domain/events/event';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { grantOn } from '../shared/authorize';
import { forgetEvent } from './event-cache';
import { EVENT_MISSING, loadEvent } from './loaders';
import { iso } from '../../domain/time';
/**
 * events.close: staff end check-in early (closed: scans made before now, even sent later from
 * an offline queue, still count) or cancel the event (every scan refused). A cancelled event
 * stays cancelled. Audited in the same transaction. Offline scans made before the close may
 * still arrive until the close plus the event's grace. Requests: caller 1 + event 1 + the
 * transaction 4 (start, update, audit, commit) = 6.
 */
export async function closeEvent(ctx: MemberCtx, input: EventsCloseInput): Promise<Result<EventsCloseResult>> {
  const now = ctx.clock.now();
  const event = await loadEvent(input.eventId);
  if (!event) return fail('NOT_FOUND', EVENT_MISSING, 'eventId');
  const grant = grantOn(ctx, event.ancestors);
  if (!grant) return fail('FORBIDDEN');
  if (event.status === input.status) return ok({ eventId: event._id, status: event.status, closedAt: iso(event.closedAt) });
  if (event.status === 'cancelled') return fail('EVENT_NOT_OPEN', '活动已取消');
  const closedAt = event.closedAt ?? now;
  const patch: Partial<EventDoc> = { status: input.status, closedAt, closeReason: input.reason ?? null };
  await db.transaction(async (tx) => {
    await tx.update('events', event._id, patch);
    await writeAudit(
      ctx,
      {
        role: grant.role,
        action: `events.${input.status === 'closed' ? 'close' : 'cancel'}`,
        targetType: 'event',
        targetId: event._id,
        ancestors: event.ancestors,
        before: { status: event.status, closedAt: iso(event.closedAt) },
        after: { status: input.status, closedAt: iso(closedAt) },
        reason: input.reason,
      },
      tx,
    );
  });
  forgetEvent(event._id);
  return ok({ eventId: event._id, status: input.status, closedAt: iso(closedAt) });
}
