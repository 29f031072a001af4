import { fail } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { OfflineDecisionInput, OfflineDecisionResult } from '../../contracts/events';
import type { MemberCtx } from '../../runtime/context';
import { authorize } from '../shared/authorize';
import { EVENT_MISSING, loadEvent } from './loaders';
import { decideOffline } from './offline-review';

/**
 * events.offline.confirm: staff of the organizing org confirm offline scans awaiting review,
 * for named members or all: the check-in becomes attendance and credits the event's rule, a
 * check-out credits its hours, exactly once (a second confirmation finds nothing pending; the
 * ledger keys would refuse a second credit anyway). Audited per member (events.offline.confirm).
 * Requests: the caller 1 + the event 1 (+ 2 to find every pending member with `all`) + per
 * member one transaction: 9 at an event with a rule (start, document, entry read, balance read,
 * entry add, balance write, document update, audit, commit), 5 without; + 4 for a check-out's
 * hours.
 */
export async function offlineConfirm(ctx: MemberCtx, input: OfflineDecisionInput): Promise<Result<OfflineDecisionResult>> {
  const event = await loadEvent(input.eventId);
  if (!event) return fail('NOT_FOUND', EVENT_MISSING, 'eventId');
  const auth = authorize(ctx, event.ancestors);
  if (!auth.ok) return auth;
  return decideOffline(ctx, auth.grant.role, event, input, 'confirmed');
}
