import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ClaimsSubmitResult, claimsSubmitInput } from '../../contracts/points';
import { db, DuplicateKeyError } from '../../db/db';
import { capFull, checkSubmission, evidenceOwnedBy, newClaim, type ClaimDoc } from '../../domain/points/claims';
import type { BalanceDoc } from '../../domain/points/ledger';
import type { MemberCtx } from '../../runtime/router';
import { writeAudit } from '../shared/audit';
import { activeRule, claimView, memberById } from './views';

/**
 * points.claims.submit: a member claims points under a 'claim' rule with a note and photos, or
 * a grid leader reports for a member of the grid (also 'grid-report' rules), marked onBehalf
 * and audited. Refused up front when the rule's cap for the current period is already full.
 * A `requestId` makes retries safe (same claim back; other content: CONFLICT).
 * Requests: rule, balance, insert (+ the member for a report, + audit in one transaction).
 */
export async function submitClaim(ctx: MemberCtx, input: z.output<typeof claimsSubmitInput>): Promise<Result<ClaimsSubmitResult>> {
  const now = ctx.clock.now();
  const onBehalf = input.memberId !== undefined && input.memberId !== ctx.actor.memberId;
  const member = onBehalf ? await memberById(input.memberId!) : ctx.member;
  if (member.status !== 'active') return fail('FORBIDDEN', '该党员当前不在册，不能申报积分');
  if (!evidenceOwnedBy(input.photos, ctx.actor.memberId)) return fail('INVALID_INPUT', '填写的内容有误：photos（只能使用本人上传的照片）', 'photos');
  const rule = await activeRule(input.ruleCode);
  const refusal = checkSubmission({ rule, reporter: ctx.actor, member, photos: input.photos.length, at: now });
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
            role: 'gridLeader',
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
    if (!first || first.fingerprint !== fp) throw new AppError('CONFLICT');
    return ok({ claim: claimView(first), duplicate: true });
  }
  return ok({ claim: claimView(claim), duplicate: false });
}
