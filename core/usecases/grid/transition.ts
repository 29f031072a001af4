import { AppError, fail, ok } from '../../contracts/app-error';
import type { Fail, Result } from '../../contracts/envelope';
import type { RoleGrant } from '../../contracts/roles';
import { cmd, db, type Tx } from '../../db/db';
import { DEFAULT_CATEGORIES, findCategory, type Category } from '../../domain/grid/config';
import { decideTransition, type Actor, type IssueDoc, type Transition } from '../../domain/grid/issue';
import type { Notification } from '../../domain/notifications';
import type { RuleDoc } from '../../domain/points/rule';
import type { Ctx, MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { enqueueNotification } from '../shared/notify';
import { gridConfig } from './config';
import { bumpCounters, ensureShards, ShardMissing } from './counters';
import { creditIssue } from './credit';

/** Who may make a transition on the issue as read: a staff grant (audited), the person themself (null), or a refusal. */
export type Permit = { ok: true; grant: RoleGrant | null } | Fail;

export type TransitionSpec = {
  issueId: string;
  action: string;
  who(issue: IssueDoc): Permit;
  build(issue: IssueDoc): Transition | Fail;
  /** Rules to credit with (read before the transaction from the rule cache). */
  rules?: { reported?: RuleDoc | null; resolved?: RuleDoc | null };
  notices?(before: IssueDoc, after: IssueDoc, at: Date): Notification[];
  /** The KPI shard to count in (the timer's parallel slots); random otherwise. */
  shard?: number;
};

const isFail = (x: Transition | Fail): x is Fail => 'ok' in x;

/** A category deleted from the config keeps working with the defaults' longest deadlines. */
const FALLBACK: Category = { ...DEFAULT_CATEGORIES[DEFAULT_CATEGORIES.length - 1], code: 'unknown' };

/** Object fields are replaced whole (an update merges nested objects: a new assignee must not keep the old one's fields). */
function patchFields(patch: Partial<IssueDoc>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) out[k] = v !== null && typeof v === 'object' && !(v instanceof Date) ? cmd().set(v) : v;
  return out;
}

/**
 * Makes one transition in one transaction: read the issue, check who acts, decide (pure),
 * credit points when the transition earns them, write the issue with its timeline record, add
 * the KPI counts to one shard, queue notifications, audit a staff write. A refusal throws to
 * abort (nothing written) and is answered as the envelope. Requests: start, issue, issue, shard,
 * commit (5), + audit for staff, + 3 per credit (balance, entry, balance), + 1 per notification.
 */
export async function runTransition(ctx: MemberCtx | Ctx, actor: Actor, spec: TransitionSpec): Promise<Result<IssueDoc>> {
  const at = ctx.clock.now();
  const county = 'actor' in ctx ? ctx.actor.ancestors[0] : null;
  const cfg = county ? await gridConfig(county) : null;
  const once = () =>
    db.transaction(async (tx) => {
      const issue = await tx.get<IssueDoc>('gridIssues', spec.issueId);
      if (!issue) throw new AppError('NOT_FOUND');
      return apply(tx, ctx, actor, spec, issue, cfg ? cfg : await gridConfig(issue.ancestors[0]), at);
    });
  try {
    return ok(await once());
  } catch (e) {
    if (!(e instanceof ShardMissing)) throw e;
    // the issue's month has no shards yet (a month this instance never reported into): make them, once more
    const issue = await db.get<IssueDoc>('gridIssues', spec.issueId);
    if (!issue) return fail('NOT_FOUND');
    await ensureShards(issue.ancestors, issue.month);
    return ok(await once());
  }
}

async function apply(tx: Tx, ctx: MemberCtx | Ctx, actor: Actor, spec: TransitionSpec, issue: IssueDoc, cfg: Awaited<ReturnType<typeof gridConfig>>, at: Date): Promise<IssueDoc> {
  const permit = spec.who(issue);
  if (!permit.ok) throw new AppError(permit.code, permit.message);
  const t = spec.build(issue);
  if (isFail(t)) throw new AppError(t.code, t.message, t.field);
  const d = decideTransition(issue, t, actor, findCategory(cfg, issue.category) ?? FALLBACK, at);
  if (!d.ok) throw new AppError(d.code, d.message);

  const next: IssueDoc = { ...issue, ...d.patch, timeline: [...issue.timeline, d.record] };
  if (d.credit) {
    const credited = await creditIssue(tx, next, d.credit, spec.rules?.[d.credit] ?? null, at);
    next.credited = { ...next.credited, [d.credit]: credited };
    d.patch.credited = next.credited;
  }
  await tx.update('gridIssues', issue._id, { ...patchFields(d.patch), timeline: cmd().push(d.record) });
  await bumpCounters(tx, issue, d.counters, spec.shard);
  for (const n of spec.notices?.(issue, next, at) ?? []) await enqueueNotification(n, tx);
  if (permit.grant && 'actor' in ctx) {
    await writeAudit(
      ctx,
      {
        role: permit.grant.role,
        action: spec.action,
        targetType: 'gridIssue',
        targetId: issue._id,
        ancestors: issue.ancestors,
        before: { state: issue.state, levelOrgId: issue.levelOrgId },
        after: { state: next.state, levelOrgId: next.levelOrgId },
        reason: d.record.note,
      },
      tx,
    );
  }
  return next;
}

/** The actor of a member's call. */
export const actorOf = (ctx: MemberCtx): Actor => ({ id: ctx.actor.memberId, name: ctx.actor.name });
export const SYSTEM_ACTOR: Actor = { id: 'system', name: '系统' };
