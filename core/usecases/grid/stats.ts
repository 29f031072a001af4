import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { StatsInput, StatsResult } from '../../contracts/grid';
import { cmd, db } from '../../db/db';
import { addCounters, emptyCounters, kpiOf, nodeAt, nodePath, type StatsNode } from '../../domain/grid/kpi';
import type { OrgDoc } from '../../domain/org/model';
import { periodKey } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { authorize } from '../shared/authorize';

type Shard = { _id: string; month: string; n?: Record<string, StatsNode> };

/** `count` months ending with `last` ('2026-11'), oldest first. */
export function monthsBack(last: string, count: number): string[] {
  const [y, m] = last.split('-').map(Number);
  const out: string[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const idx = y * 12 + (m - 1) - k;
    out.push(`${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/**
 * grid.stats: an org's KPIs for a month, its trend over the months before, and its children's.
 * The org's path (its ancestors) is the caller's own when the org is on it, else the one the page
 * passes (from the parent's answer), else read; the caller must hold a staff role on the path.
 * A made-up path can only name a node that exists in the counters if it is a real org's path.
 * Requests: 2 — caller, the shards of the months (one query, the org's node only), +1 when the
 * org's path has to be read.
 */
export async function gridStats(ctx: MemberCtx, input: StatsInput): Promise<Result<StatsResult>> {
  const path = await pathOf(ctx, input);
  if (!path) return fail('NOT_FOUND', undefined, 'orgId');
  const grant = authorize(ctx, path);
  if (!grant.ok) return grant;
  const month = input.month ?? periodKey('month', ctx.clock.now()).slice('month:'.length);
  const months = monthsBack(month, input.months);
  const node = nodePath(path);
  // the county sums every town's shards; anything below reads its own town's only
  const where = { root: path[0], month: months.length === 1 ? month : cmd().in(months), ...(path.length > 1 ? { town: path[1] } : {}) };
  const shards = await db.find<Shard>('gridStats', where, { limit: 1000, fields: { month: true, [node]: true } });
  const perMonth = new Map(months.map((m) => [m, emptyCounters()]));
  const children = new Map<string, ReturnType<typeof emptyCounters>>();
  for (const s of shards) {
    const at = nodeAt(s.n, path);
    if (!at) continue;
    addCounters(perMonth.get(s.month) ?? emptyCounters(), at.c);
    if (s.month !== month) continue;
    for (const [id, child] of Object.entries(at.k ?? {})) children.set(id, addCounters(children.get(id) ?? emptyCounters(), child.c));
  }
  return ok({
    orgId: input.orgId,
    orgPath: path,
    month,
    kpi: kpiOf(perMonth.get(month) ?? emptyCounters()),
    trend: months.map((m) => ({ month: m, kpi: kpiOf(perMonth.get(m) ?? emptyCounters()) })),
    children: [...children.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([orgId, c]) => ({ orgId, kpi: kpiOf(c) })),
  });
}

async function pathOf(ctx: MemberCtx, input: StatsInput): Promise<string[] | null> {
  if (input.orgPath && input.orgPath[input.orgPath.length - 1] === input.orgId) return input.orgPath;
  const mine = ctx.actor.ancestors.indexOf(input.orgId);
  if (mine >= 0) return ctx.actor.ancestors.slice(0, mine + 1);
  return (await db.get<OrgDoc>('orgs', input.orgId))?.ancestors ?? null;
}
