/**
 * npm run bench:reports — rankings at county scale through the functions. An in-memory strict
 * local cloud (set up from core/db/schema.ts) gets the county seed (scripts/seed/county.ts:
 * 28,000 members, 860 orgs, 1,000,000 ledger entries over twelve months); then, at 00:05 on
 * 1 December 2026 (China time):
 *  - the `snapshot` timer freezes November for every org (time and database requests of the run);
 *  - `reports.rank` (branch, town and county pages), `reports.myRank` and `reports.orgRank` are
 *    called as random members and admins (p95 latency, most database requests of a call);
 *  - `agrees`: November is recomputed from the ledger entries alone (each entry's evaluation
 *    points in the period it counts in) and ranked independently (rank = 1 + how many have
 *    more); every member's total and rank at branch, town and county, and every branch's
 *    per-capita rank in its town and the county, must equal what the snapshots answer.
 * Last line: `bench:reports members=… orgs=… entries=… snapshotS=… snapshotDbRequests=… rankP95=…ms
 * rankDbRequests=… myRankP95=…ms myRankDbRequests=… orgRankP95=…ms agrees=true|false`
 * Env: COUNTY_MEMBERS (28000), COUNTY_ENTRIES (1000000), BENCH_CALLS (400).
 */
import type { Result } from '../../core/contracts/envelope';
import type { MemberDoc, OrgDoc } from '../../core/domain/org/model';
import type { LedgerEntry } from '../../core/domain/points/ledger';
import { periodEnd, periodStart } from '../../core/domain/reports/periods';
import { orgFigures, standingIn } from '../../core/domain/reports/ranking';
import { exclusionOf, snapshotId, type SnapshotDoc } from '../../core/domain/reports/snapshot';
import { chinaTime } from '../../core/domain/time';
import { reports } from '../../core/functions/reports';
import { fixedClock } from '../../core/runtime/clock';
import { applyLocalFunctionEnv } from '../../emulator/function-env';
import { FUNCTIONS_ROOT, readFunctionConfigs } from '../../emulator/functions';
import { LocalCloud } from '../../emulator/local-cloud';
import { applySchema } from '../../emulator/schema-setup';
import { seededRandom } from '../../emulator/store/query';
import { reportsConfig } from '../../core/usecases/reports/config';
import { seedCounty } from '../seed/county';

const CALLS = Number(process.env.BENCH_CALLS ?? 400);
const PERIOD = 'month:2026-11';

const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.95 * s.length))] ?? 0;
};

async function main(): Promise<void> {
  process.env.LOG_SILENT = '1';
  applyLocalFunctionEnv();
  const cloud = LocalCloud.start({ strict: true });
  await applySchema(cloud);
  const seed = await seedCounty(cloud.store, {
    members: Number(process.env.COUNTY_MEMBERS ?? 28_000),
    entries: Number(process.env.COUNTY_ENTRIES ?? 1_000_000),
    log: (m) => console.log(`seed: ${m}`),
  });
  console.log(`seeded in ${(seed.ms / 1000).toFixed(1)} s`);

  const clock = fixedClock(chinaTime('2026-12-01 00:05:00'));
  const fn = reports({ clock, log: { error: (m, f) => console.error(m, f), info: () => undefined } });
  const config = readFunctionConfigs(FUNCTIONS_ROOT).get('reports')!;

  // the month's snapshot, as the timer runs it: a run past its budget saves a cursor and the next run (5 minutes
  // later on CloudBase) resumes; the figures are the sum over the runs it took
  let snapshotS = 0;
  let snapshotDb = 0;
  let runs = 0;
  for (;;) {
    const t0 = performance.now();
    const snap = await cloud.fireTimer<Result<{ periods: string[]; written: number; done: boolean }>>(fn as never, 'snapshot', clock.now(), { name: 'reports', config });
    snapshotS += (performance.now() - t0) / 1000;
    snapshotDb += snap.dbRequests;
    runs++;
    if (!snap.result.ok || snap.result.data.periods[0] !== PERIOD) throw new Error(`snapshot: ${JSON.stringify(snap.result)}`);
    console.log(
      `snapshot ${PERIOD} run ${runs}: ${snap.result.data.written} documents written, ${snap.dbRequests} requests, ${((performance.now() - t0) / 1000).toFixed(1)} s, done=${snap.result.data.done}`,
    );
    if (snap.result.data.done) break;
    if (runs >= 10) throw new Error('snapshot: not done after 10 runs');
  }
  const members = cloud.store.find('members', {}, { limit: 1_000_000 }) as unknown as MemberDoc[];
  const orgs = cloud.store.find('orgs', {}, { limit: 10_000 }) as unknown as OrgDoc[];
  const rnd = seededRandom(7);
  const anyMember = () => members[Math.floor(rnd() * members.length)];
  const admins = members.filter((m) => m.roles.some((r) => r.role === 'orgAdmin' || r.role === 'countyAdmin'));

  const measure = async (label: string, n: number, make: () => [string, Record<string, unknown>]) => {
    const ms: number[] = [];
    let maxDb = 0;
    for (let i = 0; i < n; i++) {
      const [openid, event] = make();
      const a = performance.now();
      const r = await cloud.invoke<Result<unknown>>(fn as never, event, { openid }, { fn: { name: 'reports', config } });
      ms.push(performance.now() - a);
      if (!r.result.ok) throw new Error(`${label}: ${r.result.code} ${r.result.message}`);
      maxDb = Math.max(maxDb, r.dbRequests);
    }
    console.log(`${label}: p95 ${p95(ms).toFixed(1)} ms, at most ${maxDb} requests`);
    return { p95: p95(ms), db: maxDb };
  };
  const levels = ['branch', 'town', 'county'] as const;
  const rank = await measure('rank', CALLS, () => [anyMember().openid, { action: 'rank', key: PERIOD, level: levels[Math.floor(rnd() * 3)], offset: Math.floor(rnd() * 3) * 20 }]);
  const myRank = await measure('myRank', CALLS, () => [anyMember().openid, { action: 'myRank', period: 'month', key: PERIOD }]);
  const orgRank = await measure('orgRank', Math.max(50, CALLS / 4), () => {
    const a = admins[Math.floor(rnd() * admins.length)];
    const grant = a.roles.find((r) => r.role === 'orgAdmin' || r.role === 'countyAdmin')!;
    return [a.openid, { action: 'orgRank', key: PERIOD, orgId: grant.orgId }];
  });

  const agrees = recomputeAgrees(cloud, members, orgs);
  await cloud.close();
  console.log(
    `bench:reports members=${seed.members} orgs=${seed.orgs} entries=${seed.entries} snapshotS=${snapshotS.toFixed(1)} snapshotDbRequests=${snapshotDb} rankP95=${rank.p95.toFixed(1)}ms rankDbRequests=${rank.db} myRankP95=${myRank.p95.toFixed(1)}ms myRankDbRequests=${myRank.db} orgRankP95=${orgRank.p95.toFixed(1)}ms agrees=${agrees}`,
  );
}

/**
 * November from the ledger alone, ranked independently of the snapshot code, against every
 * member's and org's rank in the snapshots.
 */
function recomputeAgrees(cloud: LocalCloud, members: MemberDoc[], orgs: OrgDoc[]): boolean {
  const from = periodStart(PERIOD).getTime();
  const to = periodEnd(PERIOD).getTime();
  const totals = new Map<string, number>();
  const ledger = cloud.store.find('ledger', {}, { limit: 10_000_000 }) as unknown as LedgerEntry[];
  for (const e of ledger) {
    const at = new Date(e.countsAt ?? e.createdAt).getTime();
    if (at >= from && at < to) totals.set(e.memberId, (totals.get(e.memberId) ?? 0) + e.eval);
  }
  const snaps = new Map((cloud.store.find('rankSnapshots', { period: PERIOD }, { limit: 10_000 }) as unknown as SnapshotDoc[]).map((s) => [s.orgId, s]));
  const cfg = reportsConfig();
  const ranked = new Map<string, number[]>();
  const rankedMembers = members.filter((m) => m.status !== 'transferred' && exclusionOf(m, new Map(), cfg.excluded) === null);
  const levelOrgs = (m: MemberDoc) => m.ancestors.slice(0, 3);
  for (const m of rankedMembers) for (const o of levelOrgs(m)) (ranked.get(o) ?? ranked.set(o, []).get(o)!).push(totals.get(m._id) ?? 0);
  const sortedDesc = new Map([...ranked].map(([o, xs]) => [o, [...xs].sort((a, b) => b - a)]));
  const rankIn = (o: string, t: number): number => {
    const xs = sortedDesc.get(o)!;
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] > t) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  let bad = 0;
  const miss = (what: string) => {
    if (bad++ < 5) console.error(`disagrees: ${what}`);
  };
  for (const m of rankedMembers) {
    const t = totals.get(m._id) ?? 0;
    const [county, town, branch] = levelOrgs(m);
    const row = snaps.get(branch)?.top.find((r) => r.memberId === m._id);
    if (!row || row.total !== t || row.rank !== rankIn(branch, t)) miss(`${m._id} in ${branch}: ${JSON.stringify(row)} vs total ${t} rank ${rankIn(branch, t)}`);
    for (const o of [town, county]) {
      const s = snaps.get(o);
      if (!s || standingIn(s.histogram, t).rank !== rankIn(o, t)) miss(`${m._id} in ${o}`);
    }
  }
  // orgs: branches by per capita within each town and within the county
  const branches = orgs.filter((o) => o.type === 'branch');
  const perCapita = new Map(branches.map((b) => [b._id, orgFigures(ranked.get(b._id) ?? []).perCapita]));
  for (const scope of orgs.filter((o) => o.type === 'town' || o.type === 'county')) {
    const mine = branches.filter((b) => b.ancestors.includes(scope._id));
    for (const b of mine) {
      const want = 1 + mine.filter((x) => perCapita.get(x._id)! > perCapita.get(b._id)!).length;
      const got = snaps.get(scope._id)?.orgs.find((r) => r.orgId === b._id && r.type === 'branch')?.rank;
      if (got !== want) miss(`${b._id} in ${scope._id}: ${got} vs ${want}`);
    }
  }
  // every member is somewhere: ranked in their branch's list or listed apart
  for (const m of members) {
    const s = snaps.get(m.branchId);
    if (!s || !(s.top.some((r) => r.memberId === m._id) || s.excluded.some((r) => r.memberId === m._id))) miss(`${m._id} missing from ${m.branchId}`);
  }
  if (bad) console.error(`${bad} disagreements`);
  return bad === 0 && snaps.has('county') && snapshotId(PERIOD, 'county') === snaps.get('county')!._id;
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
