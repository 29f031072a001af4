import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { cmd, db, type Where } from '../../db/db';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
import type { BalanceDoc } from '../../domain/points/ledger';
import { currentKey, previousKey, RANK_PERIODS } from '../../domain/reports/periods';
import { buildSnapshots, countySnapshot, townPart, type ExclusionCategory, type SnapshotDoc, type TownPart } from '../../domain/reports/snapshot';
import type { Ctx } from '../../runtime/context';
import { reportsConfig } from './config';

/**
 * The job's state per period (`_id` `snapshot:<periodKey>`): the towns done in the current pass
 * and what the county's snapshot needs of each (a pass runs town by town, over as many runs as
 * it takes), and when the last pass finished (`asOf`).
 */
export type ReportJob = { _id: string; period: string; final: boolean; done: boolean; townsDone: string[]; parts: TownPart[]; asOf: Date; startedAt: Date; written: number };

/** Refresh the current periods' provisional snapshots this often. */
export const REFRESH_MS = 55 * 60_000;
/** Stop starting towns after this long, well inside the function's 60 s (the next run resumes). */
export const BUDGET_MS = 35_000;
const PAGE = 1000;
const WRITERS = 8;

export type SnapshotRunResult = { periods: string[]; final: boolean; towns: number; written: number; skipped: number; done: boolean };

/**
 * The `snapshot` timer (every 5 minutes, China time): after a period ends, freeze its ranking —
 * the month's, then the quarter's, then the year's — once (`final`); otherwise, at most hourly,
 * refresh the current month's, quarter's and year's provisional snapshots from the balances'
 * totals with the same code. One period a run. A pass goes town by town: the town's members,
 * their balances' totals and exclusion marks (1,000 a request, by the `ancestors` index), its
 * branches' and its own snapshot written where the content changed, and what the county needs
 * of it saved in the job's document; then, as one more part, the members placed directly under
 * the county outside any town (县直 branches: their snapshots, and their figures in the county's); past the budget the run stops and the next resumes; after
 * the last town the county's snapshot is built from the saved parts. Per-org figures (per
 * capita, participation) are computed here from the members' totals, so no posting ever writes
 * an org document (no hot document under load).
 */
export async function runSnapshots(ctx: Ctx): Promise<Result<SnapshotRunResult>> {
  const started = Date.now();
  const now = ctx.clock.now();
  const finals = RANK_PERIODS.map((p) => previousKey(currentKey(p, now)));
  const currents = RANK_PERIODS.map((p) => currentKey(p, now));
  const jobs = new Map((await db.find<ReportJob>('reportJobs', { _id: cmd().in([...finals, ...currents].map(jobId)) }, { limit: 10 })).map((j) => [j.period, j]));
  // a period that has ended is frozen before anything is refreshed, one period a run (the month first)
  const dueFinal = finals.find((k) => !(jobs.get(k)?.final && jobs.get(k)?.done));
  const dueLive = currents.find((k) => {
    const j = jobs.get(k);
    return !j || !j.done || now.getTime() - new Date(j.asOf).getTime() >= REFRESH_MS;
  });
  const period = dueFinal ?? dueLive;
  const final = dueFinal !== undefined;
  if (!period) return ok({ periods: [], final: false, towns: 0, written: 0, skipped: 0, done: true });

  const prior = jobs.get(period);
  // resume a pass of the same kind; otherwise start one
  const job: ReportJob =
    prior && !prior.done && prior.final === final
      ? { ...prior, parts: prior.parts ?? [], townsDone: prior.townsDone ?? [] }
      : { _id: jobId(period), period, final, done: false, townsDone: [], parts: [], asOf: prior?.asOf ?? now, startedAt: now, written: 0 };
  const cfg = reportsConfig();
  const orgs = await readAll<OrgDoc>('orgs', {}, { _id: true, name: true, type: true, parentId: true, ancestors: true });
  const hashes = await existingHashes(period);
  const towns = orgs.filter((o) => o.type === 'town').sort((a, b) => (a._id < b._id ? -1 : 1));
  let written = 0;
  let skipped = 0;
  let townsThisRun = 0;
  const write = async (docs: SnapshotDoc[]) => {
    const todo = docs.filter((d) => hashes.get(d._id) !== d.hash);
    skipped += docs.length - todo.length;
    for (let i = 0; i < todo.length; i += WRITERS) await Promise.all(todo.slice(i, i + WRITERS).map(({ _id, ...doc }) => db.set('rankSnapshots', _id, doc)));
    written += todo.length;
  };
  // the units of a pass: each town, then per county the members placed directly under it
  // (县直 branches, outside any town), whose part is kept under the county's own id
  const townIds = towns.map((t) => t._id);
  const units = [
    ...towns.map((t) => ({ id: t._id, where: { ancestors: t._id } as Where, orgs: orgs.filter((o) => o.ancestors.includes(t._id)) })),
    ...orgs
      .filter((o) => o.type === 'county')
      .map((c) => ({
        id: c._id,
        where: cmd().and({ ancestors: c._id }, { ancestors: cmd().nin(townIds) }) as Where,
        orgs: orgs.filter((o) => o.ancestors.includes(c._id) && !o.ancestors.some((a) => townIds.includes(a))),
      })),
  ];
  for (const unit of units) {
    if (job.townsDone.includes(unit.id)) continue;
    // past the budget, stop (every run does at least one unit, so a slow run still progresses)
    if (townsThisRun > 0 && Date.now() - started > BUDGET_MS) break;
    const [members, balances, marks] = await Promise.all([
      readAll<MemberDoc>('members', unit.where, { _id: true, name: true, branchId: true, ancestors: true, flow: true, status: true }),
      readAll<Pick<BalanceDoc, '_id' | 'totals'>>('balances', unit.where, { _id: true, totals: true }),
      readAll<{ _id: string; category: ExclusionCategory }>('rankExclusions', unit.where, { _id: true, category: true }),
    ]);
    const totals = new Map<string, number>();
    for (const b of balances) {
      const t = b.totals?.[period];
      if (t) totals.set(b._id, t);
    }
    const docs = buildSnapshots({
      period,
      asOf: now,
      final,
      orgs: unit.orgs,
      members,
      totals,
      marked: new Map(marks.map((m) => [m._id, m.category])),
      excludedCategories: cfg.excluded,
      topSize: cfg.topSize,
      bottomSize: cfg.bottomSize,
    });
    // the county's own document is built from every part at the end; here only its direct branches
    const own = docs.find((d) => d.orgId === unit.id)!;
    await write(docs.filter((d) => d.orgType !== 'county'));
    job.parts = [...job.parts.filter((p) => p.townId !== unit.id), townPart(own)];
    job.townsDone = [...job.townsDone, unit.id];
    townsThisRun++;
    await saveJob(job, written);
  }
  const done = units.every((u) => job.townsDone.includes(u.id));
  if (done) {
    for (const county of orgs.filter((o) => o.type === 'county'))
      await write([
        countySnapshot(
          county,
          towns,
          job.parts.filter((p) => p.townId === county._id || towns.some((t) => t._id === p.townId && t.parentId === county._id)),
          { period, asOf: now, final, topSize: cfg.topSize, bottomSize: cfg.bottomSize },
        ),
      ]);
    await saveJob({ ...job, done: true, townsDone: [], parts: [], asOf: now }, written);
  }
  ctx.log.info('reports snapshot', { requestId: ctx.requestId, period, final, towns: townsThisRun, written, skipped, done });
  return ok({ periods: [period], final, towns: townsThisRun, written, skipped, done });
}

const jobId = (period: string): string => `snapshot:${period}`;

async function saveJob(job: ReportJob, written: number): Promise<void> {
  const { _id, ...data } = job;
  await db.set('reportJobs', _id, { ...data, written: (job.written ?? 0) + written });
}

/** Every match, 1,000 a request by `_id`, with only the fields needed. */
async function readAll<T extends { _id: string }>(c: 'orgs' | 'members' | 'balances' | 'rankExclusions', where: Where, fields: Record<string, boolean>): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const w: Where = after === null ? where : (cmd().and(where, { _id: cmd().gt(after) }) as Where);
    const page = await db.find<T>(c, w, { orderBy: [['_id', 'asc']], limit: PAGE, fields });
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
