/**
 * npm run bench:grid — grid issues at county scale through the local gateway over HTTP.
 * An in-memory local cloud seeded with the demo county, grown to BENCH_GRIDS (default 300)
 * party-group grids with a grid leader each, runs the BUILT `grid` bundle (this script runs
 * `npx tsx scripts/build.ts` first and falls back to an existing bundle, then to the source).
 * 1. Seed: BENCH_ISSUES (default 10,000) issues over September–November with realistic
 *    transitions, made by the domain's own state machine (core/domain/grid/issue.ts) and their
 *    KPI counts added to the month shards exactly as the transitions' counter deltas say
 *    (core/domain/grid/kpi.ts): most closed at the grid, some returned (duplicates), some
 *    escalated by hand, the recent ones still open.
 * 2. Reports: BENCH_REPORTS (default 500) `issues.report` calls by random grid leaders, 10 in
 *    flight (BENCH_CONCURRENCY; they meet at the KPI shards): p95 latency and the database
 *    requests of a warm call (x-db-requests).
 * 3. Stats: BENCH_STATS (default 300) `stats` calls by grid leaders, secretaries, town and
 *    county admins (one month, or six for the trend), one at a time (BENCH_STATS_CONCURRENCY):
 *    p95 and database requests.
 * 4. Escalation: BENCH_OPEN_DUE (default 10,000) open issues past their deadline (the seed's
 *    open ones topped up with reports of ten days ago): `gridTick` fired until its pass is done;
 *    the seconds of all firings and how many it took (each run stops starting chunks at its
 *    40 s budget, inside the 60 s timeout, and the next resumes from the cursor), and the CPU
 *    seconds the process spent on them (the local cloud runs in it: a figure the machine's other
 *    load does not inflate).
 * 5. agrees: the counters in the shards equal a recount from the issue records.
 * The last line has the figures.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Result } from '../../core/contracts/envelope';
import type { IssueResult } from '../../core/contracts/grid';
import { collectionSpecs } from '../../core/db/schema';
import { DEFAULT_CATEGORIES } from '../../core/domain/grid/config';
import { decideTransition, newIssue, type IssueDoc, type Transition } from '../../core/domain/grid/issue';
import { counterIncrements, flattenShards, recount, sameCounters, SHARDS, shardId, townOf, emptyCounters, type StatsNode } from '../../core/domain/grid/kpi';
import type { MemberDoc, OrgDoc } from '../../core/domain/org/model';
import { grid } from '../../core/functions/grid';
import type { TickReport } from '../../core/usecases/grid/tick';
import { FUNCTIONS_ROOT, loadBuiltFunctions, readFunctionConfigs } from '../../emulator/functions';
import { startGateway } from '../../emulator/gateway/server';
import { LocalCloud, type Handler } from '../../emulator/local-cloud';
import { seededRandom } from '../../emulator/store/query';
import { devIdentities } from '../seed/identities';
import { seedIfEmpty } from '../seed/load';

const GRIDS = Number(process.env.BENCH_GRIDS ?? 300);
const ISSUES = Number(process.env.BENCH_ISSUES ?? 10_000);
const REPORTS = Number(process.env.BENCH_REPORTS ?? 500);
const STATS = Number(process.env.BENCH_STATS ?? 300);
/** Open issues past their deadline when the timer fires (the seed's, topped up to this). */
const OPEN_DUE = Number(process.env.BENCH_OPEN_DUE ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
/** Stats calls in flight: one (a page load is one person's; with more, the p95 measures the queue of this one process). */
const STATS_CONCURRENCY = Number(process.env.BENCH_STATS_CONCURRENCY ?? 1);
const H = 3_600_000;

function buildFunctions(root: string): string {
  try {
    execFileSync('npx', ['tsx', 'scripts/build.ts'], { cwd: root, stdio: 'pipe' });
    return 'built bundle cloudfunctions/grid/index.js (fresh build)';
  } catch (e) {
    const out = e as { stderr?: Buffer };
    console.error(`build failed, using what is there: ${String(out.stderr ?? e).split('\n')[0]}`);
    return 'built bundle cloudfunctions/grid/index.js (previous build)';
  }
}

const pctOf = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : 0;
};

/** Adds dotted increments to a nested shard document in memory (what `_.inc` does on the server). */
function applyIncrements(doc: Record<string, unknown>, inc: Record<string, number>): void {
  for (const [key, n] of Object.entries(inc)) {
    const parts = key.split('.');
    let cur = doc;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    const last = parts[parts.length - 1];
    cur[last] = ((cur[last] as number | undefined) ?? 0) + n;
  }
}

async function main(): Promise<void> {
  process.env.LOG_SILENT = '1';
  const root = path.resolve(__dirname, '../..');
  let origin = buildFunctions(root);
  const cloud = LocalCloud.start({ collections: collectionSpecs() });
  await seedIfEmpty(cloud.store);
  const bundle = path.join(root, 'cloudfunctions/grid/index.js');
  const built = fs.existsSync(bundle) ? loadBuiltFunctions(path.join(root, 'cloudfunctions')).grid : undefined;
  if (!built) origin = 'source (no build found)';
  const fn: Handler = built ?? (grid() as unknown as Handler);
  const gw = await startGateway({ cloud, functions: { grid: fn }, identities: () => devIdentities(cloud.store) });
  console.log(`grid function: ${origin}; gateway ${gw.url}`);
  const rnd = seededRandom(20261201);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

  // 300 grids: each branch's party groups grown to GRIDS / branches, a bound grid leader each
  const branches = cloud.store.find('orgs', { type: 'branch' }, { limit: 1000, order: { _id: 1 } }) as unknown as OrgDoc[];
  const perBranch = Math.ceil(GRIDS / branches.length);
  const grids: OrgDoc[] = [];
  const leaders: { openid: string; memberId: string; name: string; ancestors: string[] }[] = [];
  const newOrgs: OrgDoc[] = [];
  const newMembers: MemberDoc[] = [];
  const created = new Date('2026-01-01T00:00:00Z');
  for (const b of branches) {
    for (let g = 1; g <= perBranch && grids.length < GRIDS; g++) {
      const id = `${b._id}g${g}`;
      const existing = cloud.store.getById('orgs', id) as unknown as OrgDoc | null;
      const org: OrgDoc = existing ?? { _id: id, name: `第${g}网格`, type: 'group', parentId: b._id, ancestors: [...b.ancestors, id], gridLevel: 3, createdAt: created };
      if (!existing) newOrgs.push(org);
      grids.push(org);
      const memberId = `bg${id}`;
      newMembers.push({
        _id: memberId,
        openid: `bench-grid-${id}`,
        name: `网格长${id}`,
        phone: `199${String(grids.length).padStart(8, '0')}`,
        branchId: b._id,
        groupId: id,
        ancestors: org.ancestors,
        partyStatus: 'full',
        status: 'active',
        joinedAt: null,
        flow: false,
        roles: [{ role: 'gridLeader', orgId: id }],
        createdAt: created,
        updatedAt: created,
      });
      leaders.push({ openid: `bench-grid-${id}`, memberId, name: `网格长${id}`, ancestors: org.ancestors });
    }
  }
  if (newOrgs.length) await cloud.store.insert('orgs', newOrgs as never).durable;
  await cloud.store.insert('members', newMembers as never).durable;

  // 1. seed the issues through the domain's state machine, counting as the transitions do
  const t0 = performance.now();
  const start = new Date('2026-09-01T00:00:00+08:00').getTime();
  const end = new Date('2026-11-30T12:00:00+08:00').getTime();
  const shards = new Map<string, Record<string, unknown>>();
  const shardOf = (gridAncestors: string[], month: string) => {
    const n = Math.floor(rnd() * SHARDS);
    const id = shardId(gridAncestors[0], month, townOf(gridAncestors), n);
    let d = shards.get(id);
    if (!d) shards.set(id, (d = { _id: id, root: gridAncestors[0], town: townOf(gridAncestors), month, shard: n, n: {} }));
    return d;
  };
  const issues: IssueDoc[] = [];
  const staff = { id: 'bench-staff', name: '工作人员' };
  const monthOf = (t: number) => new Date(t + 8 * H).toISOString().slice(0, 7);
  for (let n = 0; n < ISSUES; n++) {
    const leader = pick(leaders);
    const cat = pick(DEFAULT_CATEGORIES);
    const at = start + rnd() * (end - start);
    let issue = newIssue({
      id: `gb${String(n).padStart(7, '0')}`,
      category: cat,
      text: `${cat.name}：第${n}号`,
      photos: [],
      location: { latitude: 34.7 + rnd() / 10, longitude: 113.6 + rnd() / 10 },
      anonymous: rnd() < 0.05,
      reporter: { id: leader.memberId, name: leader.name },
      gridAncestors: leader.ancestors,
      month: monthOf(at),
      at: new Date(at),
    });
    applyIncrements(shardOf(issue.ancestors, issue.month), counterIncrements(issue.ancestors, { reported: 1 }));
    // how far it got: older issues further along; a tenth returned, some escalated by hand
    const age = (end - at) / (end - start);
    const plan: Transition[] = [];
    if (rnd() < 0.08) plan.push({ kind: 'return', reason: '重复上报', duplicate: true });
    else {
      if (rnd() < 0.1) plan.push({ kind: 'escalate', reason: '超出网格处置权限', auto: false });
      plan.push({ kind: 'accept', note: '' });
      if (rnd() < 0.05) plan.push({ kind: 'escalate', reason: '需要上级协调', auto: false });
      plan.push({ kind: 'assign', assignee: { kind: 'member', memberId: leader.memberId, name: leader.name, ancestors: leader.ancestors }, note: '' });
      plan.push({ kind: 'resolve', note: '已处置', photos: [] });
      if (rnd() < 0.1) plan.push({ kind: 'reopen', reason: '群众不满意' }, { kind: 'resolve', note: '再次处置', photos: [] });
      plan.push({ kind: 'verify', note: '' }, { kind: 'close', note: '办结' });
    }
    const steps = age > 0.15 ? plan.length : Math.floor(rnd() * plan.length);
    let t = at;
    for (const step of plan.slice(0, steps)) {
      t += rnd() * 30 * H;
      const d = decideTransition(issue, step, staff, cat, new Date(t));
      if (!d.ok) break;
      issue = { ...issue, ...d.patch, timeline: [...issue.timeline, d.record] };
      applyIncrements(shardOf(issue.ancestors, issue.month), counterIncrements(issue.ancestors, d.counters));
    }
    issues.push(issue);
  }
  for (let i = 0; i < issues.length; i += 1000) await cloud.store.insert('gridIssues', issues.slice(i, i + 1000) as never).durable;
  // every shard of every month exists, as the first report of an instance makes them
  for (const month of ['2026-09', '2026-10', '2026-11', '2026-12'])
    for (const town of new Set(grids.map((g) => townOf(g.ancestors))))
      for (let s = 0; s < SHARDS; s++) {
        const id = shardId('county', month, town, s);
        if (!shards.has(id)) shards.set(id, { _id: id, root: 'county', town, month, shard: s, n: {} });
      }
  await cloud.store.insert('gridStats', [...shards.values()] as never).durable;
  const open = issues.filter((i) => ['reported', 'accepted', 'assigned', 'reopened'].includes(i.state)).length;
  console.log(
    `seeded ${issues.length} issues over ${grids.length} grids in ${((performance.now() - t0) / 1000).toFixed(1)} s (${open} open, ${issues.filter((i) => i.state === 'closed').length} closed)`,
  );

  const post = async <T>(openid: string, body: Record<string, unknown>): Promise<{ r: Result<T>; db: number; ms: number }> => {
    const q0 = performance.now();
    const res = await fetch(`${gw.url}/fn/grid`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid }, body: JSON.stringify(body) });
    const r = (await res.json()) as Result<T>;
    return { r, db: Number(res.headers.get('x-db-requests') ?? 0), ms: performance.now() - q0 };
  };
  const inFlight = async <T>(n: number, f: (k: number) => Promise<T>, width = CONCURRENCY): Promise<T[]> => {
    const out: T[] = [];
    for (let k = 0; k < n; k += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - k) }, (_, j) => f(k + j)))));
    return out;
  };

  // 2. reports
  const reports = await inFlight(REPORTS, (k) => {
    const l = pick(leaders);
    return post<IssueResult>(l.openid, { action: 'issues.report', category: pick(DEFAULT_CATEGORIES).code, text: `压测上报${k}`, location: { latitude: 34.75, longitude: 113.62 } });
  });
  const failedReports = reports.filter((x) => !x.r.ok);
  if (failedReports.length) console.error(`reports refused: ${failedReports.length}, e.g. ${JSON.stringify(failedReports[0].r)}`);
  // the warm calls (the first of the instance reads the config and makes the month's shards)
  const reportDb = pctOf(
    reports.slice(CONCURRENCY).map((x) => x.db),
    95,
  );
  console.log(
    `reports: ${reports.length}, p50 ${pctOf(
      reports.map((x) => x.ms),
      50,
    ).toFixed(1)} ms, p95 ${pctOf(
      reports.map((x) => x.ms),
      95,
    ).toFixed(1)} ms, db requests p95 ${reportDb} (first ${reports[0].db})`,
  );

  // 3. stats by every kind of staff
  const askers: { openid: string; orgId: string; months: number }[] = [
    ...leaders.slice(0, 50).map((l) => ({ openid: l.openid, orgId: l.ancestors[l.ancestors.length - 1], months: 1 })),
    ...branches.map((b) => ({ openid: `demo-secretary-${b._id}`, orgId: b._id, months: 6 })),
    { openid: 'demo-admin-t1', orgId: 't1', months: 6 },
    { openid: 'demo-admin-t2', orgId: 't2', months: 1 },
    { openid: 'demo-admin-county', orgId: 'county', months: 6 },
  ];
  const stats = await inFlight(
    STATS,
    (k) => {
      const a = askers[k % askers.length];
      return post(a.openid, { action: 'stats', orgId: a.orgId, month: '2026-11', months: a.months });
    },
    STATS_CONCURRENCY,
  );
  const failedStats = stats.filter((x) => !x.r.ok);
  if (failedStats.length) console.error(`stats refused: ${failedStats.length}, e.g. ${JSON.stringify(failedStats[0].r)}`);
  const statsDb = pctOf(
    stats.map((x) => x.db),
    95,
  );
  console.log(
    `stats: ${stats.length}, p50 ${pctOf(
      stats.map((x) => x.ms),
      50,
    ).toFixed(1)} ms, p95 ${pctOf(
      stats.map((x) => x.ms),
      95,
    ).toFixed(1)} ms, db requests p95 ${statsDb}`,
  );

  // 4. the timer over OPEN_DUE open issues past their deadline (the seed's open ones, topped up
  // with reports of ten days ago still waiting at their grid): firings until the pass is done
  const seededOpen = issues.filter((i) => ['reported', 'accepted', 'assigned', 'reopened'].includes(i.state)).length;
  const extra: IssueDoc[] = [];
  const tenDaysAgo = Date.now() - 240 * H;
  for (let n = 0; n < Math.max(0, OPEN_DUE - seededOpen); n++) {
    const leader = pick(leaders);
    const cat = pick(DEFAULT_CATEGORIES);
    const at = tenDaysAgo + rnd() * H;
    const issue = newIssue({
      id: `go${String(n).padStart(7, '0')}`,
      category: cat,
      text: `${cat.name}：待办${n}`,
      photos: [],
      location: { latitude: 34.7, longitude: 113.6 },
      anonymous: false,
      reporter: { id: leader.memberId, name: leader.name },
      gridAncestors: leader.ancestors,
      month: monthOf(at),
      at: new Date(at),
    });
    extra.push(issue);
    const shard = shardId('county', issue.month, townOf(issue.ancestors), Math.floor(rnd() * SHARDS));
    const inc: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(counterIncrements(issue.ancestors, { reported: 1 }))) inc[k] = v;
    await cloud.store.updateById('gridStats', shard, { $inc: inc }).durable;
  }
  for (let i = 0; i < extra.length; i += 1000) await cloud.store.insert('gridIssues', extra.slice(i, i + 1000) as never).durable;
  const due = cloud.store.count('gridIssues', { deadlineAt: { $lte: new Date() } });
  const owner = readFunctionConfigs(FUNCTIONS_ROOT).get('grid');
  const ticks: { s: number; r: TickReport | null }[] = [];
  // CPU seconds too: the wall clock depends on what else the machine runs; the CPU the run takes does not
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < 20; k++) {
    const e0 = performance.now();
    const fired = await cloud.fireTimer<Result<TickReport>>(fn, 'gridTick', new Date(), owner ? { name: 'grid', config: owner } : undefined);
    const r = fired.result.ok ? fired.result.data : null;
    if (!r) console.error(`gridTick failed: ${JSON.stringify(fired.result)}`);
    ticks.push({ s: (performance.now() - e0) / 1000, r });
    if (!r || !r.more) break;
  }
  const escalated = ticks.reduce((n, t) => n + (t.r?.escalated ?? 0), 0);
  const tickFailed = ticks.reduce((n, t) => n + (t.r?.failed ?? 0), 0);
  const escalationS = ticks.reduce((n, t) => n + t.s, 0);
  const cpu = process.cpuUsage(cpu0);
  const escalationCpuS = (cpu.user + cpu.system) / 1e6;
  const tick = ticks[ticks.length - 1].r;
  console.log(
    `escalation: ${due} due, ${escalated} escalated in ${ticks.length} firing(s) of ${ticks.map((t) => t.s.toFixed(1)).join(' + ')} s (budget ${40} s a run, timeout 60 s), ${tickFailed} failed`,
  );

  // 5. the counters against a recount of every issue record
  const all = cloud.store.find('gridIssues', {}, { limit: 10_000_000 }) as unknown as IssueDoc[];
  const want = recount(all);
  const got = flattenShards(cloud.store.find('gridStats', {}, { limit: 100_000 }) as unknown as { month: string; n?: Record<string, StatsNode> }[]);
  const keys = new Set([...want.keys(), ...got.keys()]);
  const differing = [...keys].filter((k) => !sameCounters(want.get(k) ?? emptyCounters(), got.get(k) ?? emptyCounters()));
  if (differing.length) console.error(`counters differ from the recount at ${differing.length} org-months, e.g. ${differing.slice(0, 3).join(', ')}`);
  const agrees = differing.length === 0 && failedReports.length === 0 && failedStats.length === 0 && !!tick && !tick.more && tickFailed === 0 && escalated === due;

  await gw.close();
  await cloud.close();
  console.log(`issues in the database at the end: ${all.length} (the seed, the reports, the open ones topped up for the timer)`);
  console.log(
    `bench:grid issues=${issues.length} grids=${grids.length} reportP95=${pctOf(
      reports.map((x) => x.ms),
      95,
    ).toFixed(1)}ms reportDbRequests=${reportDb} statsP95=${pctOf(
      stats.map((x) => x.ms),
      95,
    ).toFixed(1)}ms statsDbRequests=${statsDb} openDue=${due} escalationRuns=${ticks.length} escalationRunS=${escalationS.toFixed(1)} escalationCpuS=${escalationCpuS.toFixed(1)} agrees=${agrees}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
