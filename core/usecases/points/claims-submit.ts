import { createHash, randomUUID } from 'node:crypto';
import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ClaimsSubmitInput, ClaimsSubmitResult } from '../../contracts/points';
import { db, DuplicateKeyError } from '../../db/db';
import { capFull, checkSubmission, evidenceOwnedBy, newClaim, type ClaimDoc } from '../../domain/points/claims';
import type { BalanceDoc } from '../../domain/points/ledger';
import type { MemberDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { activeRule } from './rules-cache';
import { claimView } from './views';
import { grantOn } from '../shared/authorize';
import { notifyApprovers } from './claim-notice';

/**
 * points.claims.submit: a member claims points under a 'claim' rule with a note and photos, or
 * a grid leader reports for a member of the grid (also 'grid-report' rules), marked onBehalf
 * and audited. Refused up front when the rule's cap for the current period is already full.
 * A `requestId` makes retries safe (same claim back; other content: CONFLICT).
 * Then its approvers are told it waits (claim-notice.ts: 待审核提醒 through the outbox).
 * Requests: 5 — the caller (router), the balance (caps), the insert, the approvers, one notice
 * per approver (usually 1); the rule comes from the rule cache (rules-cache.ts; +1 when cold). A report on a member's behalf: + the member, and
 * the insert becomes a transaction with its audit record (start, insert, audit, commit).
 */
export async function submitClaim(ctx: MemberCtx, input: ClaimsSubmitInput): Promise<Result<ClaimsSubmitResult>> {
  const now = ctx.clock.now();
  const onBehalf = input.memberId !== undefined && input.memberId !== ctx.actor.memberId;
  const member = onBehalf ? await db.get<MemberDoc>('members', input.memberId ?? '') : ctx.member;
  if (!member) return fail('FORBIDDEN');
  // a grid leader over the member may report for them (and report grid rules at all)
  const leaderGrant = grantOn(ctx, member.ancestors, 'onBehalf');
  const leader = leaderGrant !== undefined;
  if (onBehalf && !leader) return fail('FORBIDDEN');
  if (member.status !== 'active') return fail('FORBIDDEN', '该党员当前不在册，不能申报积分');
  if (!evidenceOwnedBy(input.photos, ctx.actor.memberId)) return fail('INVALID_INPUT', '填写的内容有误：photos（只能使用本人上传的照片）', 'photos');
  const found = await activeRule(input.ruleCode);
  if (!found.ok) return found;
  const rule = found.data;
  const refusal = checkSubmission({ rule, reporter: ctx.actor, member, leader, photos: input.photos.length, at: now });
  if (refusal) return fail(refusal);
  const balance = await db.get<BalanceDoc>('balances', member._id);
  if (capFull(balance?.caps, rule, now)) return fail('CAP_EXCEEDED');

  const claim = newClaim({
    id: input.requestId ? `c${createHash('sha256').update(`${ctx.actor.memberId}:${input.requestId}`).digest('hex').slice(0, 24)}` : `c${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    member,
    reporter: { id: ctx.actor.memberId, name: ctx.actor.name },
    rule,
    note: input.note,
    photos: input.photos,
    at: now,
  });
  const fp = claim.fingerprint;

  try {
    if (!onBehalf) await db.add('claims', claim);
    else
      await db.transaction(async (tx) => {
        await tx.add('claims', claim);
        await writeAudit(
          ctx,
          {
            role: leaderGrant?.role ?? 'member',
            action: 'points.claims.submit',
            targetType: 'claim',
            targetId: claim._id,
            ancestors: member.ancestors,
            before: null,
            after: { memberId: member._id, rule: rule._id, note: input.note, photos: input.photos.length },
          },
          tx,
        );
      });
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    const first = await db.get<ClaimDoc>('claims', claim._id);
    if (!first || first.fingerprint !== fp) return fail('CONFLICT');
    return ok({ claim: claimView(first), duplicate: true });
  }
  await notifyApprovers(claim, now);
  return ok({ claim: claimView(claim), duplicate: false });
}
