/**
 * Notifications go to an outbox and are sent later as WeChat subscribe messages by a timer
 * (the member opts in per template in the mini-program). The local cloud answers the open API
 * and keeps each message in `openApiCalls`. `_id` is a dedupe key, so a retried action never
 * notifies twice.
 */
export type NotificationTemplate =
  | 'claimApproved'
  | 'claimRejected'
  | 'claimToReview'
  | 'pointsExpiring'
  | 'dedicationReminder'
  | 'orderReady'
  | 'orderExpired'
  | 'gridAssigned'
  | 'gridResolved'
  | 'gridEscalated'
  | 'reviewReceived'
  | 'measureOverdue';

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
};

export type Notification = Pick<OutboxDoc, 'memberId' | 'template' | 'data' | 'page'> & { dedupeKey: string; at: Date };
