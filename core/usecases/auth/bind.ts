import { AppError, fail } from '../../contracts/app-error';
import type { BindInput, BindResult } from '../../contracts/auth';
import type { Result } from '../../contracts/envelope';
import type { ErrorCode } from '../../contracts/errors';
import { db, DuplicateKeyError } from '../../db/db';
import { isDuplicateKey } from '../../db/errors';
import { isArchived } from '../../domain/org/edit';
import { UNBOUND_PREFIX, type MemberDoc, type OrgDoc } from '../../domain/org/model';
import { bindAttemptId, decideBind, isRateLimited, matchMember, normalizeInviteCode, withFailure, type BindAttemptDoc } from '../../domain/org/bind';
import type { Ctx } from '../../runtime/context';
import { me } from './me';

/**
 * auth.bind: binds the caller's openid to the roster member named by name + phone within the
 * branch whose invite code is given.
 *
 * Guards, in order: an openid (UNAUTHENTICATED) -> not RATE_LIMITED (5 wrong attempts within
 * the last hour) -> the invite code names a branch (BIND_CODE_INVALID) -> a member of that
 * branch has this phone and name (BIND_MEMBER_NOT_FOUND) -> this openid is bound to no other
 * member (ALREADY_BOUND) -> the member is bound to no other openid (MEMBER_ALREADY_BOUND).
 * Only the two "wrong" outcomes (code, member) are recorded, as failed attempts; nothing else is
 * written on a refusal. The bind itself is one transaction on the member; the unique index on
 * members.openid is the last guard against the same openid binding two members at once.
 */
export async function bind(ctx: Ctx, input: BindInput): Promise<Result<BindResult>> {
  const openid = ctx.openid;
  if (!openid || openid.startsWith(UNBOUND_PREFIX)) return fail('UNAUTHENTICATED');
  const now = ctx.clock.now();

  const [attempts, [callerBound]] = await Promise.all([db.get<BindAttemptDoc>('bindAttempts', bindAttemptId(openid)), db.find<MemberDoc>('members', { openid }, { limit: 1 })]);
  if (isRateLimited(attempts?.failures ?? [], now)) return fail('RATE_LIMITED');

  const code = normalizeInviteCode(input.inviteCode);
  const [branch] = /^[0-9A-Z]{4,16}$/.test(code) ? await db.find<OrgDoc>('orgs', { inviteCode: code }, { limit: 1 }) : [];
  // archiving removes the code; an archived branch found anyway (a code issued as it was archived) binds nobody
  if (!branch || branch.type !== 'branch' || isArchived(branch)) return wrongAttempt(ctx, openid, 'BIND_CODE_INVALID');

  const candidates = await db.find<MemberDoc>('members', { branchId: branch._id, phone: input.phone }, { limit: 10 });
  const found = matchMember(candidates, input.name);
  if (!found) return wrongAttempt(ctx, openid, 'BIND_MEMBER_NOT_FOUND');

  const first = decideBind(found, openid, callerBound ?? null);
  if (first.kind === 'refuse') return fail(first.code);

  let bound: MemberDoc;
  try {
    bound = await db.transaction(async (tx) => {
      const m = await tx.get<MemberDoc>('members', found._id);
      if (!m) throw new AppError('BIND_MEMBER_NOT_FOUND');
      const d = decideBind(m, openid, callerBound ?? null);
      if (d.kind === 'refuse') throw new AppError(d.code);
      if (d.kind === 'same') return m;
      await tx.update('members', m._id, { openid, boundAt: now, updatedAt: now });
      return { ...m, openid, boundAt: now, updatedAt: now };
    });
  } catch (e) {
    if (e instanceof DuplicateKeyError || isDuplicateKey(e)) return fail('ALREADY_BOUND');
    throw e;
  }
  ctx.log.info('member bound', { requestId: ctx.requestId, memberId: bound._id, branchId: bound.branchId });
  return me({ member: bound });
}

/** Records a wrong attempt (sliding one-hour window per openid) and answers with its code. */
async function wrongAttempt(ctx: Ctx, openid: string, code: ErrorCode): Promise<Result<never>> {
  const now = ctx.clock.now();
  const id = bindAttemptId(openid);
  await db.transaction(async (tx) => {
    const cur = await tx.get<BindAttemptDoc>('bindAttempts', id);
    // set (an upsert) for the first failure too: two concurrent first failures then conflict and retry
    await tx.set('bindAttempts', id, { openid, failures: withFailure(cur?.failures ?? [], now), updatedAt: now });
  });
  return fail(code);
}
