import dayjs from 'dayjs';
import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { StarsConfirmInput, StarsHistoryInput, StarsHistoryResult, StarsListInput, StarsListResult, StarsPublishInput, StarsPublishResult, StarsView } from '../../contracts/reports';
import { db } from '../../db/db';
import { CHINA_TZ } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { grantOn, targetGrant, targetOrg } from '../shared/authorize';
import { reportsConfig } from './config';
import { loadSnapshot } from './load';
import { starId, starsView, type StarDoc } from './stars-model';

/** Last month (China time): the month whose stars are chosen now. */
const lastMonth = (now: Date): string => dayjs(now).tz(CHINA_TZ).subtract(1, 'month').format('YYYY-MM');

/**
 * reports.stars.list: a branch's 每月之星 for a month (default: last month). Members of the branch
 * see them once published; the branch's secretary (and admins above) also see the system's
 * proposal and the picks awaiting publication.
 * Requests: 3 (caller; the star document and the branch's month snapshot, side by side).
 */
export async function listStars(ctx: MemberCtx, input: StarsListInput): Promise<Result<StarsListResult>> {
  const branchId = input.branchId ?? ctx.member.branchId;
  const month = input.month ?? lastMonth(ctx.clock.now());
  const [doc, snap] = await Promise.all([db.get<StarDoc>('stars', starId(month, branchId)), loadSnapshot(`month:${month}`, branchId, ['orgs', 'bottom'])]);
  const ancestors = doc?.ancestors ?? snap?.ancestors ?? [branchId];
  const staff = grantOn(ctx, ancestors, 'staff') !== undefined;
  if (!staff && ctx.member.branchId !== branchId) return fail('FORBIDDEN');
  if (!staff) return ok({ stars: doc?.status === 'published' ? starsView(doc, snap, branchId, month, reportsConfig().starsPerBranch) : null });
  return ok({ stars: starsView(doc, snap, branchId, month, reportsConfig().starsPerBranch) });
}

/**
 * reports.stars.confirm: the branch's secretary confirms the proposal or picks other members of
 * the branch (a reason is then required), once the month has ended; until the town publishes,
 * a new confirmation replaces the last. Audited. The router has checked the branch is the
 * caller's (a secretary of another branch is refused before anything is read).
 * Requests: 8 (caller, branch; snapshot; start, star read, star write, audit, commit).
 */
export async function confirmStars(ctx: MemberCtx, input: StarsConfirmInput): Promise<Result<{ stars: StarsView }>> {
  const branch = targetOrg(ctx);
  if (branch.type !== 'branch') return fail('INVALID_INPUT', '每月之星按支部评选', 'branchId');
  const snap = await loadSnapshot(`month:${input.month}`, branch._id, ['orgs', 'bottom']);
  if (!snap?.final) return fail('INVALID_INPUT', '该月尚未结束或排名尚未生成，暂不能确认每月之星', 'month');
  const size = reportsConfig().starsPerBranch;
  const proposed = starsView(null, snap, branch._id, input.month, size).proposed;
  const rows = new Map(snap.top.map((r) => [r.memberId, r]));
  const ids = [...new Set(input.memberIds)];
  const unknown = ids.find((id) => !rows.has(id));
  if (unknown) return fail('INVALID_INPUT', '只能从本支部参与排名的党员中选择', 'memberIds');
  const same = ids.length === proposed.length && ids.every((id) => proposed.some((p) => p.memberId === id));
  if (!same && !input.reason) return fail('INVALID_INPUT', '改选每月之星需填写理由', 'reason');
  const picks = ids.map((id) => ({ memberId: id, name: rows.get(id)!.name, total: rows.get(id)!.total, proposed: proposed.some((p) => p.memberId === id) }));
  const id = starId(input.month, branch._id);
  const now = ctx.clock.now();
  const doc: StarDoc = {
    _id: id,
    branchId: branch._id,
    branchName: branch.name,
    ancestors: branch.ancestors,
    month: input.month,
    status: 'confirmed',
    proposed,
    picks,
    reason: same ? null : input.reason!,
    confirmedBy: ctx.actor.memberId,
    confirmedByName: ctx.actor.name,
    confirmedAt: now,
    publishedBy: null,
    publishedAt: null,
  };
  await db.transaction(async (tx) => {
    const before = await tx.get<StarDoc>('stars', id);
    if (before?.status === 'published') throw new AppError('CONFLICT', '本月每月之星已发布，不能再修改');
    const { _id, ...data } = doc;
    await tx.set('stars', _id, data);
    await writeAudit(
      ctx,
      {
        role: targetGrant(ctx).role,
        action: 'reports.stars.confirm',
        targetType: 'stars',
        targetId: id,
        ancestors: branch.ancestors,
        before: before ? { picks: before.picks } : null,
        after: { picks, reason: doc.reason },
      },
      tx,
    );
  });
  return ok({ stars: starsView(doc, snap, branch._id, input.month, size) });
}

/**
 * reports.stars.publish: a town (or county) admin publishes the confirmed stars of the branches
 * under the org for a month; branches still waiting for their secretary are counted.
 * One transaction: the stars and the audit record are written together or not at all. A
 * transaction cannot query (`where` is refused inside one: WeChat guide database/transaction.md,
 * notes/cloudbase-semantics.md), so the confirmed stars are found first, then each is read again
 * and published by id inside the transaction: one published meanwhile by another admin is left
 * as it is, one re-confirmed meanwhile is published with its new picks (its write conflicts and
 * the transaction is retried against the new state).
 * Requests: 8 + 2 per star published (caller, org; confirmed stars, branches and stars counted
 * side by side; start, a read and a write per star, audit, commit): a town of 40 branches 88.
 */
export async function publishStars(ctx: MemberCtx, input: StarsPublishInput): Promise<Result<StarsPublishResult>> {
  const org = targetOrg(ctx);
  const [confirmed, branches, chosen] = await Promise.all([
    db.find<Pick<StarDoc, '_id'>>('stars', { ancestors: org._id, month: input.month, status: 'confirmed' }, { limit: 1000, fields: { _id: true } }),
    db.count('orgs', { ancestors: org._id, type: 'branch' }),
    db.count('stars', { ancestors: org._id, month: input.month }),
  ]);
  const now = ctx.clock.now();
  const published = await db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const { _id } of confirmed) {
      const star = await tx.get<StarDoc>('stars', _id);
      if (star?.status !== 'confirmed') continue;
      await tx.update('stars', _id, { status: 'published', publishedBy: ctx.actor.memberId, publishedAt: now });
      ids.push(_id);
    }
    await writeAudit(
      ctx,
      {
        role: targetGrant(ctx).role,
        action: 'reports.stars.publish',
        targetType: 'org',
        targetId: org._id,
        ancestors: org.ancestors,
        before: null,
        after: { month: input.month, published: ids.length, stars: ids },
      },
      tx,
    );
    return ids.length;
  });
  return ok({ month: input.month, published, waiting: Math.max(0, branches - chosen) });
}

/**
 * reports.stars.history: a branch's published stars, newest month first (its members; staff in scope).
 * Requests: 2 (caller, stars).
 */
export async function starsHistory(ctx: MemberCtx, input: StarsHistoryInput): Promise<Result<StarsHistoryResult>> {
  const branchId = input.branchId ?? ctx.member.branchId;
  const docs = await db.find<StarDoc>('stars', { branchId, status: 'published' }, { orderBy: [['month', 'desc']], limit: input.limit });
  const ancestors = docs[0]?.ancestors ?? [branchId];
  if (ctx.member.branchId !== branchId && grantOn(ctx, ancestors, 'staff') === undefined) return fail('FORBIDDEN');
  const size = reportsConfig().starsPerBranch;
  return ok({ branchId, months: docs.map((d) => starsView(d, null, branchId, d.month, size)) });
}
