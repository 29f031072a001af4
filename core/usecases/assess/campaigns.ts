import { createHash } from 'node:crypto';
import { fail, ok } from '../../contracts/app-error';
import type { CampaignListItem, CampaignProgressView, CampaignsListInput, CampaignsNoteInput, CampaignsProgressInput, CampaignsReportInput, CampaignsSaveInput } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { cmd, db } from '../../db/db';
import { campaignProgress } from '../../domain/assess/campaign';
import type { CampaignDoc, CampaignNoteDoc, CampaignReportDoc } from '../../domain/assess/model';
import { CLAIM_ON_TIME_DAYS } from '../../domain/assess/org-score';
import { elapsedShare } from '../../domain/assess/quarter';
import type { OrgDoc } from '../../domain/org/model';
import { chinaDate, iso } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize, grantOn, scopeOf, targetGrant, targetOrg } from '../shared/authorize';

/**
 * 挂图作战 (seed 004): campaigns with indicators per org, measured from the product's data or
 * reported by the org with evidence; progress coloured against the time elapsed and ranked; the
 * bottom orgs flagged, with 督导 notes and 约谈 follow-up records.
 */

/** assess.campaigns.save: create or replace a campaign's setup. Requests: caller, scope org, orgs, (campaign,) write, audit = 5–6. */
export async function saveCampaign(ctx: MemberCtx, input: CampaignsSaveInput): Promise<Result<{ id: string }>> {
  const scope = targetOrg(ctx);
  const startAt = new Date(input.startAt);
  const endAt = new Date(input.endAt);
  if (endAt.getTime() <= startAt.getTime()) return fail('INVALID_INPUT', '结束时间应晚于开始时间', 'endAt');
  const orgIds = [...new Set(input.orgIds)].sort();
  const orgs = await db.find<OrgDoc>('orgs', { _id: cmd().in(orgIds) }, { limit: 1000 });
  if (orgs.length !== orgIds.length || orgs.some((o) => !o.ancestors.includes(scope._id))) return fail('INVALID_INPUT', '参与组织须在本辖区内', 'orgIds');
  const codes = new Set(input.indicators.map((i) => i.code));
  if (codes.size !== input.indicators.length) return fail('INVALID_INPUT', '指标代码不能重复', 'indicators');
  const now = ctx.clock.now();
  const id = input.campaignId ?? `cmp${createHash('sha256').update(`${scope._id}|${input.title}|${input.startAt}`).digest('hex').slice(0, 16)}`;
  const before = input.campaignId ? await db.get<CampaignDoc>('campaigns', id) : null;
  if (input.campaignId && (!before || before.scopeOrgId !== scope._id)) return fail('NOT_FOUND');
  const doc: Omit<CampaignDoc, '_id'> = {
    title: input.title,
    scopeOrgId: scope._id,
    ancestors: scope.ancestors,
    orgIds,
    indicators: input.indicators,
    targets: input.targets,
    responsible: input.responsible,
    bottomN: input.bottomN,
    startAt,
    endAt,
    createdBy: before?.createdBy ?? ctx.actor.memberId,
    createdAt: before?.createdAt ?? now,
    updatedAt: now,
  };
  await db.set('campaigns', id, doc);
  await writeAudit(ctx, {
    role: targetGrant(ctx).role,
    action: 'assess.campaigns.save',
    targetType: 'campaign',
    targetId: id,
    ancestors: scope.ancestors,
    before: before ? { title: before.title } : null,
    after: { title: doc.title, orgs: orgIds.length, indicators: input.indicators.length },
  });
  return ok({ id });
}

/** assess.campaigns.report: an org reports an indicator's value with evidence (replaces its last report). Requests: caller, org, campaign, write = 4. */
export async function reportIndicator(ctx: MemberCtx, input: CampaignsReportInput): Promise<Result<{ id: string }>> {
  const org = targetOrg(ctx);
  const c = await db.get<CampaignDoc>('campaigns', input.campaignId);
  if (!c || !c.orgIds.includes(org._id)) return fail('NOT_FOUND');
  const ind = c.indicators.find((i) => i.code === input.indicator);
  if (!ind) return fail('INVALID_INPUT', '没有该指标', 'indicator');
  if (ind.measure !== 'reported') return fail('INVALID_INPUT', '该指标由系统按数据计算，无需填报', 'indicator');
  const id = `${c._id}:${org._id}:${ind.code}`;
  const doc: Omit<CampaignReportDoc, '_id'> = {
    campaignId: c._id,
    orgId: org._id,
    indicator: ind.code,
    value: input.value,
    evidence: input.evidence,
    note: input.note,
    byId: ctx.actor.memberId,
    at: ctx.clock.now(),
  };
  await db.set('campaignReports', id, doc);
  return ok({ id });
}

/**
 * assess.campaigns.progress: every org's indicators, progress, colour, rank and flag, with 督导 and
 * 约谈 records. An admin over the campaign sees all orgs; a secretary their own rows. Requests:
 * caller, campaign, orgs, reports, notes, and per measured kind one read over the scope (events,
 * claims, dedication logs) plus a member count per org for 参与率.
 */
export async function campaignProgressView(ctx: MemberCtx, input: CampaignsProgressInput): Promise<Result<CampaignProgressView>> {
  const c = await db.get<CampaignDoc>('campaigns', input.campaignId);
  if (!c) return fail('NOT_FOUND');
  const orgs = await db.find<OrgDoc>('orgs', { _id: cmd().in(c.orgIds) }, { limit: 1000 });
  const admin = !!grantOn(ctx, c.ancestors);
  const mine = admin ? c.orgIds : orgs.filter((o) => grantOn(ctx, o.ancestors)).map((o) => o._id);
  if (!mine.length) return fail('FORBIDDEN');
  const now = ctx.clock.now();
  const until = new Date(Math.min(now.getTime(), c.endAt.getTime()));
  const range = cmd().and(cmd().gte(c.startAt), cmd().lt(until));
  const measures = new Set(c.indicators.map((i) => i.measure));
  const [reports, notes, events, claims, logs] = await Promise.all([
    db.findAll<CampaignReportDoc>('campaignReports', { campaignId: c._id }),
    db.findAll<CampaignNoteDoc>('campaignNotes', { campaignId: c._id }),
    measures.has('eventsHeld') ? db.findAll<{ _id: string; ancestors: string[]; status: string }>('events', { ancestors: c.scopeOrgId, startAt: range }) : [],
    measures.has('claimsOnTime')
      ? db.findAll<{ _id: string; ancestors: string[]; status: string; createdAt: Date; decidedAt: Date | null }>('claims', { ancestors: c.scopeOrgId, createdAt: range })
      : [],
    measures.has('dedicationRate')
      ? db.findAll<{ _id: string; ancestors: string[]; memberId: string; date: string }>('dedicationLogs', {
          ancestors: c.scopeOrgId,
          date: cmd().and(cmd().gte(chinaDate(c.startAt)), cmd().lte(chinaDate(until))),
        })
      : [],
  ]);
  const memberCounts: Record<string, number> = {};
  if (measures.has('dedicationRate')) for (const o of c.orgIds) memberCounts[o] = await db.count('members', { ancestors: o, status: 'active' });
  const values: Record<string, Record<string, number>> = {};
  for (const orgId of c.orgIds) {
    const v: Record<string, number> = {};
    for (const ind of c.indicators) {
      if (ind.measure === 'reported') v[ind.code] = reports.find((r) => r.orgId === orgId && r.indicator === ind.code)?.value ?? 0;
      else if (ind.measure === 'eventsHeld') v[ind.code] = events.filter((e) => e.ancestors.includes(orgId) && e.status !== 'cancelled').length;
      else if (ind.measure === 'claimsOnTime') {
        const mineClaims = claims.filter((x) => x.ancestors.includes(orgId) && x.status !== 'withdrawn' && x.decidedAt);
        const onTime = mineClaims.filter((x) => new Date(x.decidedAt!).getTime() - new Date(x.createdAt).getTime() <= CLAIM_ON_TIME_DAYS * 86_400_000).length;
        v[ind.code] = mineClaims.length ? Math.round((onTime / mineClaims.length) * 1000) / 1000 : 1;
      } else {
        const people = new Set(logs.filter((l) => l.ancestors.includes(orgId)).map((l) => l.memberId)).size;
        v[ind.code] = memberCounts[orgId] ? Math.round((people / memberCounts[orgId]) * 1000) / 1000 : 0;
      }
    }
    values[orgId] = v;
  }
  const rows = campaignProgress(c.indicators, c.orgIds, values, c.targets, { start: c.startAt, end: c.endAt, now, bottomN: c.bottomN });
  const names = new Map(orgs.map((o) => [o._id, o.name]));
  return ok({
    id: c._id,
    title: c.title,
    elapsed: Math.round(elapsedShare(c.startAt, c.endAt, now) * 1000) / 1000,
    indicators: c.indicators.map((i) => ({ code: i.code, name: i.name, unit: i.unit, measure: i.measure, target: i.target, deadline: i.deadline })),
    rows: rows
      .filter((r) => mine.includes(r.orgId))
      .map((r) => {
        const ns = notes.filter((n) => n.orgId === r.orgId).sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
        return {
          ...r,
          orgName: names.get(r.orgId) ?? r.orgId,
          responsible: c.responsible[r.orgId] ?? '',
          talks: ns.filter((n) => n.kind === 'talk').length,
          notes: ns.map((n) => ({ kind: n.kind, note: n.note, by: n.byName, at: iso(n.at)! })),
        };
      }),
  });
}

/** assess.campaigns.note: a 督导 note or a 约谈 follow-up record for an org of the campaign (keyed by the request: a retry adds nothing). Requests: caller, campaign, write, audit = 4. */
export async function noteCampaign(ctx: MemberCtx, input: CampaignsNoteInput): Promise<Result<{ id: string }>> {
  const c = await db.get<CampaignDoc>('campaigns', input.campaignId);
  if (!c) return fail('NOT_FOUND');
  const auth = authorize(ctx, c.ancestors);
  if (!auth.ok) return auth;
  if (!c.orgIds.includes(input.orgId)) return fail('INVALID_INPUT', '该组织不在本次行动中', 'orgId');
  const id = `cnote:${input.requestId}`;
  const doc: Omit<CampaignNoteDoc, '_id'> = { campaignId: c._id, orgId: input.orgId, kind: input.kind, note: input.note, byId: ctx.actor.memberId, byName: ctx.actor.name, at: ctx.clock.now() };
  await db.set('campaignNotes', id, doc);
  await writeAudit(ctx, {
    role: auth.grant.role,
    action: 'assess.campaigns.note',
    targetType: 'campaign',
    targetId: `${c._id}:${input.orgId}`,
    ancestors: c.ancestors,
    before: null,
    after: { kind: input.kind, note: input.note },
  });
  return ok({ id });
}

/**
 * assess.campaigns.list: the campaigns set up in the caller's scope (an admin's) or that count one
 * of the caller's orgs (a secretary's branch), newest first. Requests: caller, 2 queries = 3.
 */
export async function listCampaigns(ctx: MemberCtx, _input: CampaignsListInput): Promise<Result<{ campaigns: CampaignListItem[] }>> {
  const roots = scopeOf(ctx);
  const [own, joined] = await Promise.all([
    db.find<CampaignDoc>('campaigns', { ancestors: cmd().in(roots) }, { limit: 100 }),
    db.find<CampaignDoc>('campaigns', { orgIds: cmd().in(roots) }, { limit: 100 }),
  ]);
  const byId = new Map([...own, ...joined].map((c) => [c._id, c]));
  const campaigns = [...byId.values()]
    .sort((a, b) => new Date(b.startAt).getTime() - new Date(a.startAt).getTime() || a._id.localeCompare(b._id))
    .map((c) => ({ id: c._id, title: c.title, scopeOrgId: c.scopeOrgId, startAt: iso(c.startAt)!, endAt: iso(c.endAt)!, orgs: c.orgIds.length, indicators: c.indicators.length }));
  return ok({ campaigns });
}
