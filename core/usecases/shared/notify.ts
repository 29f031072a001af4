import { db, DuplicateKeyError, type Tx } from '../../db/db';

/**
 * Notifications go to an outbox and are sent later as WeChat subscribe messages by a timer
 * (the member opts in per template in the mini-program). The local cloud records them instead
 * of sending. `_id` is a dedupe key, so a retried action never notifies twice.
 */
export type NotificationTemplate = 'claimApproved' | 'claimRejected' | 'pointsExpiring' | 'dedicationReminder' | 'orderReady' | 'orderExpired';

export type OutboxDoc = {
  _id: string;
  memberId: string;
  template: NotificationTemplate;
  /** Template fields, already formatted for display (zh-CN). */
  data: Record<string, string>;
  /** Mini-program page the message opens. */
  page: string;
  /** pending -> sending (claimed by a sender run) -> sent | skipped (member did not opt in, not bound) | failed (gave up). */
  status: 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  error: string | null;
  /** When a sender run claimed it (a claim older than a few minutes is taken over). */
  claimedAt?: Date | null;
  /** Set by the local cloud (LOCAL_CLOUD=1): marked sent without calling WeChat. */
  recorded?: boolean;
};

export type Notification = Pick<OutboxDoc, 'memberId' | 'template' | 'data' | 'page'> & { dedupeKey: string; at: Date };

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
