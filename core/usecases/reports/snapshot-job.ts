import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { cmd, db, type Where } from '../../db/db';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
import type { BalanceDoc } from '../../domain/points/ledger';
import { currentKey, previousKey, RANK_PERIODS } from '../../domain/reports/periods';
import { buildSnapshots, type ExclusionCategory, type SnapshotDoc } from '../../domain/reports/snapshot';
import type { Ctx } from '../../runtime/context';
import { reportsConfig } from './config';

/** The job's cursor per period (`_id` `snapshot:<periodKey>`). */
export type ReportJob = { _id: string; period: string; final: boolean; done: boolean; cursor: string | null; asOf: Date; written: number; skipped: number };

/** Refresh the current periods' provisional snapshots this often. */
export const REFRESH_MS = 55 * 60_000;
/** Stop starting writes after this long, well inside the function's 60 s (the next run resumes at the cursor). */
export const BUDGET_MS = 40_000;
const PAGE = 1000;
const WRITERS = 8;

export type SnapshotRunResult = { periods: string[]; final: boolean; written: number; skipped: number; done: boolean };

/**
 * The `snapshot` timer (every 5 minutes, China time): after a period ends, freeze its ranking —
 * the month's, then the quarter's, then the year's, one a run — once (`final`); otherwise, at most hourly, refresh the
 * current periods' provisional snapshots from the balances' totals with the same code.
 * A run reads the org tree, the members, their balances' totals and the exclusion marks (1,000 a
 * request: about 60 requests for a county of 28,000) and writes one document per org and period,
 * only where the content changed; past its budget it saves a cursor and the next run resumes.
 * Per-org figures (per capita, participation) are computed here from the members' totals, so no
 * posting ever writes an org document (no hot document under load).
 */
export async function runSnapshots(ctx: Ctx): Promise<Result<SnapshotRunResult>> {
  const started = Date.now();
  const now = ctx.clock.now();
  const finals = RANK_PERIODS.map((p) => previousKey(currentKey(p, now)));
  const currents = RANK_PERIODS.map((p) => currentKey(p, now));
  const jobs = new Map((await db.find<ReportJob>('reportJobs', { _id: cmd().in([...finals, ...currents].map(jobId)) }, { limit: 10 })).map((j) => [j.period, j]));
  const dueFinals = finals.filter((k) => !(jobs.get(k)?.final && jobs.get(k)?.done));
  const dueLive = currents.filter((k) => {
    const j = jobs.get(k);
    return !j || !j.done || now.getTime() - new Date(j.asOf).getTime() >= REFRESH_MS;
  });
  // a period that has ended is frozen before anything is refreshed, one per run (the month first:
  // a run is then about one write per org, and the quarter and year follow 5 minutes apart)
  const periods = dueFinals.length ? [dueFinals[0]] : dueLive;
  const final = dueFinals.length > 0;
  if (!periods.length) return ok({ periods: [], final: false, written: 0, skipped: 0, done: true });

  const data = await loadCounty();
  const cfg = reportsConfig();
  let written = 0;
  let skipped = 0;
  let done = true;
  for (const period of periods) {
    const job = jobs.get(period);
    const resume = job && !job.done && job.final === final ? job.cursor : null;
    const totals = new Map<string, number>();
    for (const b of data.balances) {
      const t = b.totals?.[period];
      if (t) totals.set(b._id, t);
    }
    const docs = buildSnapshots({
      period,
      asOf: now,
      final,
      orgs: data.orgs,
      members: data.members,
      totals,
      marked: data.marked,
      excludedCategories: cfg.excluded,
      topSize: cfg.topSize,
      bottomSize: cfg.bottomSize,
    }).sort((a, b) => (a._id < b._id ? -1 : 1));
    const hashes = await existingHashes(period);
    const todo = docs.filter((d) => (resume === null || d._id > resume) && hashes.get(d._id) !== d.hash);
    skipped += docs.length - todo.length;
    let cursor = resume;
    for (let i = 0; i < todo.length; i += WRITERS) {
      if (Date.now() - started > BUDGET_MS) {
        done = false;
        break;
      }
      const batch = todo.slice(i, i + WRITERS);
      await Promise.all(batch.map(({ _id, ...doc }) => db.set('rankSnapshots', _id, doc)));
      written += batch.length;
      cursor = batch[batch.length - 1]._id;
    }
    await db.set('reportJobs', jobId(period), { period, final, done, cursor: done ? null : cursor, asOf: now, written, skipped });
    if (!done) break;
  }
  ctx.log.info('reports snapshot', { requestId: ctx.requestId, periods, final, written, skipped, done });
  return ok({ periods, final, written, skipped, done });
}

const jobId = (period: string): string => `snapshot:${period}`;

type Loaded = { orgs: OrgDoc[]; members: MemberDoc[]; balances: Pick<BalanceDoc, '_id' | 'totals'>[]; marked: Map<string, ExclusionCategory> };

/** Everything the snapshots are computed from, read 1,000 documents a request with only the fields needed. */
async function loadCounty(): Promise<Loaded> {
  const [orgs, members, balances, marks] = await Promise.all([
    readAll<OrgDoc>('orgs', { _id: true, name: true, type: true, parentId: true, ancestors: true }),
    readAll<MemberDoc>('members', { _id: true, name: true, branchId: true, ancestors: true, flow: true, status: true }),
    readAll<Pick<BalanceDoc, '_id' | 'totals'>>('balances', { _id: true, totals: true }),
    readAll<{ _id: string; category: ExclusionCategory }>('rankExclusions', { _id: true, category: true }),
  ]);
  return { orgs, members, balances, marked: new Map(marks.map((m) => [m._id, m.category])) };
}

async function readAll<T extends { _id: string }>(c: 'orgs' | 'members' | 'balances' | 'rankExclusions', fields: Record<string, boolean>): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const where: Where = after === null ? {} : { _id: cmd().gt(after) };
    const page = await db.find<T>(c, where, { orderBy: [['_id', 'asc']], limit: PAGE, fields });
    out.push(...page);
    if (page.length < PAGE) return out;
    after = page[page.length - 1]._id;
  }
}

async function existingHashes(period: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let after: string | null = null;
  for (;;) {
    const where: Where = after === null ? { period } : (cmd().and({ period }, { _id: cmd().gt(after) }) as Where);
    const page = await db.find<Pick<SnapshotDoc, '_id' | 'hash'>>('rankSnapshots', where, { orderBy: [['_id', 'asc']], limit: PAGE, fields: { _id: true, hash: true } });
    for (const d of page) out.set(d._id, d.hash);
    if (page.length < PAGE) return out;
    after = page[page.length - 1]._id;
  }
}
