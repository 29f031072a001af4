import { fail } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { OfflineDecisionInput, OfflineDecisionResult } from '../../contracts/events';
import type { MemberCtx } from '../../runtime/context';
import { authorize } from '../shared/authorize';
import { EVENT_MISSING, loadEvent } from './loaders';
import { decideOffline } from './offline-review';

/**
 * events.offline.refuse: staff of the organizing org refuse offline scans awaiting review
 * (a screenshot forwarded to someone who was not there), for named members or all: nothing is
 * credited, the check-in is not attendance (the member may still check in in person while the
 * window is open), a refused check-out's hours are not credited. Audited per member
 * (events.offline.refuse). Requests: the caller 1 + the event 1 (+ 2 with `all`) + per member
 * one transaction of 5 (start, document, update, audit, commit).
 */
export async function offlineRefuse(ctx: MemberCtx, input: OfflineDecisionInput): Promise<Result<OfflineDecisionResult>> {
  const event = await loadEvent(input.eventId);
  if (!event) return fail('NOT_FOUND', EVENT_MISSING, 'eventId');
  const auth = authorize(ctx, event.ancestors);
  if (!auth.ok) return auth;
  return decideOffline(ctx, auth.grant.role, event, input, 'refused');
}
