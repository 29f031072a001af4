import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { FollowUpInput, FollowUpResult, FollowUpView, HonourRow, HonoursInput, HonoursResult } from '../../contracts/reports';
import { db } from '../../db/db';
import { nextKey } from '../../domain/reports/periods';
import { standingIn } from '../../domain/reports/ranking';
import { snapshotId, type SnapshotDoc } from '../../domain/reports/snapshot';
import { iso } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { targetGrant, targetOrg } from '../shared/authorize';
import { reportsConfig } from './config';
import { loadSnapshots } from './load';
import { metaOf, periodOf } from './period';

/** A 约谈 follow-up of a bottom-ranked member or org (`_id` `<periodKey>|<orgId>|<subjectId>`). */
export type FollowUpDoc = {
  _id: string;
  period: string;
  orgId: string;
  ancestors: string[];
  subjectId: string;
  subjectKind: 'member' | 'org';
  /** The subject's branch (a member) or the subject itself (an org): where next period's result is read. */
  resultOrgId: string;
  name: string;
  note: string;
  byId: string;
  byName: string;
  at: Date;
};

const followUpId = (period: string, orgId: string, subjectId: string): string => `${period}|${orgId}|${subjectId}`;

/**
 * reports.honours: 十佳 and 末位 of an org for a period — its best and bottom members (size from
 * the input or REPORTS_HONOURS) and, for a town or the county, its best and bottom branches by per
 * capita — with each bottom subject's 约谈 follow-up and its result the period after.
 * Requests: 4 (caller, org; this and next period's snapshots and the follow-ups side by side), 5
 * when there are follow-ups and a next period (their orgs' next snapshots, for the results).
 */
export async function honours(ctx: MemberCtx, input: HonoursInput): Promise<Result<HonoursResult>> {
  const org = targetOrg(ctx);
  const key = periodOf(input, ctx.clock.now());
  const size = input.size ?? reportsConfig().honourSize;
  const next = nextKey(key);
  const [snaps, follows] = await Promise.all([
    loadSnapshots([snapshotId(key, org._id), snapshotId(next, org._id)]),
    db.find<FollowUpDoc>('followUps', { orgId: org._id, period: key }, { limit: 100 }),
  ]);
  const snap = snaps.get(snapshotId(key, org._id)) ?? null;
  const nextSnap = snaps.get(snapshotId(next, org._id)) ?? null;
  const resultSnaps = nextSnap && follows.length ? await loadSnapshots(follows.map((f) => snapshotId(next, f.resultOrgId))) : new Map<string, SnapshotDoc>();
  const view = (f: FollowUpDoc): FollowUpView => {
    const r = resultOf(f, nextSnap, resultSnaps.get(snapshotId(next, f.resultOrgId)) ?? null);
    return { subjectId: f.subjectId, subjectKind: f.subjectKind, name: f.name, note: f.note, byName: f.byName, at: iso(f.at)!, nextTotal: r.total, nextRank: r.rank };
  };
  const byId = new Map(follows.map((f) => [f.subjectId, view(f)]));
  const members = snap?.top ?? [];
  const bottom = snap ? snap.bottom.slice(Math.max(0, snap.bottom.length - size)) : [];
  const branches = (snap?.orgs ?? []).filter((o) => o.type === 'branch');
  const orgRow = (o: SnapshotDoc['orgs'][number], withFollow: boolean): HonourRow => ({
    id: o.orgId,
    name: o.name,
    kind: 'org',
    rank: o.rank,
    total: o.perCapita,
    ...(withFollow ? { followUp: byId.get(o.orgId) ?? null } : {}),
  });
  return ok({
    ...metaOf(key, snap),
    org: { id: org._id, name: org.name, type: org.type },
    size,
    best: members.filter((r) => r.rank <= size).map((r) => ({ id: r.memberId, name: r.name, kind: 'member', rank: r.rank, total: r.total, branchName: r.branchName })),
    bottom: bottom.map((r) => ({ id: r.memberId, name: r.name, kind: 'member', rank: r.rank, total: r.total, branchName: r.branchName, followUp: byId.get(r.memberId) ?? null })),
    bestOrgs: branches.filter((o) => o.rank <= size).map((o) => orgRow(o, false)),
    bottomOrgs: branches.slice(Math.max(0, branches.length - size)).map((o) => orgRow(o, true)),
  });
}

/** The subject's result the period after: a member's total and rank in the org, an org's rank. */
function resultOf(f: FollowUpDoc, nextSnap: SnapshotDoc | null, own: SnapshotDoc | null): { total: number | null; rank: number | null } {
  if (!nextSnap) return { total: null, rank: null };
  if (f.subjectKind === 'org') {
    const row = nextSnap.orgs.find((o) => o.orgId === f.subjectId);
    return { total: row?.perCapita ?? null, rank: row?.rank ?? null };
  }
  const row = own?.top.find((r) => r.memberId === f.subjectId);
  if (!row) return { total: null, rank: null };
  return { total: row.total, rank: standingIn(nextSnap.histogram, row.total).rank };
}

/**
 * reports.honours.followUp: records the 约谈 of a bottom-ranked member or org of the period at
 * this org (who, when, a note); a second record replaces the first. Audited.
 * Requests: 8 (caller, org; snapshot; start, follow-up read, follow-up write, audit, commit).
 */
export async function followUp(ctx: MemberCtx, input: FollowUpInput): Promise<Result<FollowUpResult>> {
  const org = targetOrg(ctx);
  const snaps = await loadSnapshots([snapshotId(input.key, org._id)]);
  const snap = snaps.get(snapshotId(input.key, org._id));
  if (!snap) return fail('NOT_FOUND', '该期间的排名尚未生成');
  const size = reportsConfig().honourSize;
  const member = snap.bottom.slice(Math.max(0, snap.bottom.length - size)).find((r) => r.memberId === input.subjectId);
  const branches = snap.orgs.filter((o) => o.type === 'branch');
  const branch = branches.slice(Math.max(0, branches.length - size)).find((o) => o.orgId === input.subjectId);
  if (!member && !branch) return fail('INVALID_INPUT', '只能为该期间末位的党员或支部登记约谈', 'subjectId');
  const doc: FollowUpDoc = {
    _id: followUpId(input.key, org._id, input.subjectId),
    period: input.key,
    orgId: org._id,
    ancestors: org.ancestors,
    subjectId: input.subjectId,
    subjectKind: member ? 'member' : 'org',
    resultOrgId: member ? member.branchId : input.subjectId,
    name: member ? member.name : branch!.name,
    note: input.note,
    byId: ctx.actor.memberId,
    byName: ctx.actor.name,
    at: ctx.clock.now(),
  };
  await db.transaction(async (tx) => {
    const before = await tx.get<FollowUpDoc>('followUps', doc._id);
    const { _id, ...data } = doc;
    await tx.set('followUps', _id, data);
    await writeAudit(
      ctx,
      {
        role: targetGrant(ctx).role,
        action: 'reports.honours.followUp',
        targetType: doc.subjectKind,
        targetId: doc.subjectId,
        ancestors: org.ancestors,
        before: before ? { note: before.note } : null,
        after: { period: doc.period, note: doc.note },
      },
      tx,
    );
  });
  return ok({ followUp: { subjectId: doc.subjectId, subjectKind: doc.subjectKind, name: doc.name, note: doc.note, byName: doc.byName, at: iso(doc.at)!, nextTotal: null, nextRank: null } });
}
