import { cmd, db } from '../../db/db';
import type { MemberDoc } from '../../domain/org/model';
import type { ClaimDoc } from '../../domain/points/claims';
import { toReviewNotice } from '../../domain/points/notices';
import { enqueueNotification } from '../shared/notify';

/** At most this many approvers hear of one claim (a branch has one or two secretaries). */
const MAX_APPROVERS = 5;

/**
 * Tells the approvers of a new claim it waits for them (待审核提醒, sent by the outbox to those who
 * accepted the subscription on opening the review queue): the members holding the rule's approver
 * role on one of the claimant's orgs, never the claimant or the reporter. Not the admins above
 * them, who may decide too but are not the ones expected to. A retried submit never notifies
 * twice (the dedupe key). Requests: 1 + one per approver (usually 2).
 */
export async function notifyApprovers(claim: ClaimDoc, at: Date): Promise<void> {
  const approvers = await db.find<MemberDoc>(
    'members',
    { roles: cmd().elemMatch({ role: claim.rule.approverRole, orgId: cmd().in(claim.ancestors) }), status: 'active' },
    { limit: MAX_APPROVERS, fields: { _id: true } },
  );
  const to = approvers.map((a) => a._id).filter((id) => id !== claim.memberId && id !== claim.reporterId);
  await Promise.all(
    to.map((memberId) =>
      enqueueNotification({
        memberId,
        template: 'claimToReview',
        dedupeKey: `claimToReview:${claim._id}:${memberId}`,
        data: toReviewNotice(claim.memberName, claim.rule.name, at),
        page: 'staff/pages/review/index',
        at,
      }),
    ),
  );
}
