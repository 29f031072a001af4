import { createHash, randomBytes } from 'node:crypto';
import { fail, ok } from '../../contracts/app-error';
import type { Fail, Result } from '../../contracts/envelope';
import type { EventsCreateInput, EventsCreateResult } from '../../contracts/events';
import { cmd, db, DuplicateKeyError } from '../../db/db';
import { checkPlan, ruleSnapshot, TYPE_DEFAULTS, type EventDoc, type RuleSnapshot } from '../../domain/events/event';
import { shortId } from '../../domain/events/token';
import { isArchived } from '../../domain/org/edit';
import type { OrgDoc } from '../../domain/org/model';
import { ruleActive, type RuleDoc } from '../../domain/points/rule';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { grantOn } from '../shared/authorize';
import { eventView } from './views';

/**
 * The rule version for each code that applies to the event's scope now: active, in force,
 * scoped to the scope org or one of its ancestors (most specific scope, then newest version).
 * One query for all codes. The event keeps a snapshot, so check-in never reads rules.
 */
async function rulesFor(codes: string[], scope: OrgDoc, now: Date): Promise<Map<string, RuleDoc>> {
  const out = new Map<string, RuleDoc>();
  if (!codes.length) return out;
  const rules = await db.find<RuleDoc>('rules', { code: cmd().in(codes), status: 'active' }, { limit: 1000 });
  for (const code of codes) {
    const [best] = rules
      .filter((r) => r.code === code && ruleActive(r, now) && scope.ancestors.includes(r.scopeOrgId))
      .sort((a, b) => scope.ancestors.indexOf(b.scopeOrgId) - scope.ancestors.indexOf(a.scopeOrgId) || b.version - a.version);
    if (best) out.set(code, best);
  }
  return out;
}

/** The snapshot of the chosen rule version: null for none, a Fail when it is not active or not for check-in. */
function snapshotOf(rules: Map<string, RuleDoc>, code: string | null, field: string): RuleSnapshot | Fail | null {
  if (!code) return null;
  const r = rules.get(code);
  if (!r) return fail('RULE_INACTIVE', '所选积分项目当前未启用', field);
  if (r.trigger !== 'qr-checkin') return fail('INVALID_INPUT', '该积分项目不能用于扫码签到', field);
  return ruleSnapshot(r);
}

/**
 * events.create: staff (secretary, org admin, grid leader) of the organizing org create an
 * event for members of that org or an org under it. The type gives the default rule(s) and
 * whether check-out is asked; the rule versions are snapshotted on the event; a fresh random
 * secret keys its QR. `requestId` makes a retry answer with the first event. Audited. An archived
 * org (org.archive) organizes nothing and is nobody's scope any more: ORG_ARCHIVED.
 * Requests: the caller 1, the two orgs 1, the rules 1 (none for an attendance-only event), the
 * transaction 4 (start, add, audit, commit) = 7.
 */
export async function createEvent(ctx: MemberCtx, input: EventsCreateInput): Promise<Result<EventsCreateResult>> {
  const now = ctx.clock.now();
  const scopeOrgId = input.scopeOrgId ?? input.orgId;
  const orgs = await db.find<OrgDoc>('orgs', { _id: cmd().in([...new Set([input.orgId, scopeOrgId])]) }, { limit: 2 });
  const org = orgs.find((o) => o._id === input.orgId);
  const scope = orgs.find((o) => o._id === scopeOrgId);
  if (!org) return fail('NOT_FOUND', '组织不存在', 'orgId');
  const grant = grantOn(ctx, org.ancestors);
  if (!grant) return fail('FORBIDDEN');
  if (!scope || !scope.ancestors.includes(org._id)) return fail('INVALID_INPUT', '参加范围必须是本组织或其下级组织', 'scopeOrgId');
  if (isArchived(org)) return fail('ORG_ARCHIVED', '该组织已撤销，不能再发布活动', 'orgId');
  if (isArchived(scope)) return fail('ORG_ARCHIVED', '所选参加范围的组织已撤销，请重新选择', 'scopeOrgId');

  const def = TYPE_DEFAULTS[input.type];
  const checkoutRequired = input.checkoutRequired ?? def.checkoutRequired;
  const ruleCode = input.ruleCode === undefined ? def.ruleCode : input.ruleCode;
  const hoursRuleCode = input.hoursRuleCode === undefined ? (checkoutRequired ? def.hoursRuleCode : null) : input.hoursRuleCode;
  const startAt = new Date(input.startAt);
  const endAt = new Date(input.endAt);
  const planIssue = checkPlan({ startAt, endAt, lateMinutes: input.lateMinutes, checkoutRequired, hoursRule: !!hoursRuleCode }, now);
  if (planIssue) return fail('INVALID_INPUT', planIssue.message, planIssue.field);

  const rules = await rulesFor(
    [ruleCode, hoursRuleCode].filter((c): c is string => !!c),
    scope,
    now,
  );
  const rule = snapshotOf(rules, ruleCode, 'ruleCode');
  if (rule && 'ok' in rule) return rule;
  const hoursRule = snapshotOf(rules, hoursRuleCode, 'hoursRuleCode');
  if (hoursRule && 'ok' in hoursRule) return hoursRule;

  const fingerprint = JSON.stringify([
    input.type,
    input.title,
    org._id,
    scope._id,
    +startAt,
    +endAt,
    input.earlyMinutes,
    input.lateMinutes,
    input.geofence ?? null,
    ruleCode,
    hoursRuleCode,
    input.offlineGraceMinutes,
  ]);
  const id = input.requestId ? shortId(createHash('sha256').update(`${ctx.actor.memberId}:${input.requestId}`).digest()) : shortId(randomBytes(8));
  const doc: EventDoc = {
    _id: id,
    type: input.type,
    title: input.title,
    orgId: org._id,
    orgName: org.name,
    ancestors: org.ancestors,
    scopeOrgId: scope._id,
    scopeName: scope.name,
    startAt,
    endAt,
    earlyMinutes: input.earlyMinutes,
    lateMinutes: input.lateMinutes,
    offlineGraceMinutes: input.offlineGraceMinutes,
    place: input.place ?? null,
    geofence: input.geofence ?? null,
    rule,
    hoursRule,
    capacity: input.capacity ?? null,
    checkoutRequired,
    secret: randomBytes(32).toString('base64url'),
    status: 'open',
    closedAt: null,
    closeReason: null,
    note: input.note,
    createdBy: ctx.actor.memberId,
    createdByName: ctx.actor.name,
    fingerprint,
    createdAt: now,
  };
  try {
    await db.transaction(async (tx) => {
      await tx.add('events', doc);
      await writeAudit(
        ctx,
        {
          role: grant.role,
          action: 'events.create',
          targetType: 'event',
          targetId: id,
          ancestors: org.ancestors,
          before: null,
          after: { title: doc.title, type: doc.type, startAt: input.startAt, endAt: input.endAt, scopeOrgId: scope._id, rule: ruleCode, hoursRule: hoursRuleCode },
        },
        tx,
      );
    });
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    const first = await db.get<EventDoc>('events', id);
    if (first && first.createdBy === ctx.actor.memberId && first.fingerprint === fingerprint) return ok({ event: eventView(first), duplicate: true });
    return fail('CONFLICT');
  }
  return ok({ event: eventView(doc), duplicate: false });
}
