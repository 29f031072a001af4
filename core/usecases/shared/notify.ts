import { db, DuplicateKeyError, type Tx } from '../../db/db';
import type { Notification, OutboxDoc } from '../../domain/notifications';

/** Queues a notification (see core/domain/notifications.ts); a retried action never notifies twice. */
export async function enqueueNotification(n: Notification, tx?: Tx): Promise<void> {
  const doc: OutboxDoc = {
    _id: `ntf:${n.dedupeKey}`,
    memberId: n.memberId,
    template: n.template,
    data: n.data,
    page: n.page,
    status: 'pending',
    attempts: 0,
    createdAt: n.at,
    sentAt: null,
    error: null,
  };
  if (tx) return tx.add('outbox', doc);
  try {
    await db.add('outbox', doc);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
  }
}
