/**
 * bench:assessment — the quarterly assessment of a county through the `assess` function: every
 * town's cycle computed (cursor chunks within each call's budget, as a CloudBase run would, each
 * ≤ 60 s), then reviewed and published. `agrees`: an independent recomputation from the ledger
 * (plain loops over the stored entries, events and org ledger in this file, none of
 * core/domain/assess) gives the same score and grade for every member and org.
 *
 * The county: the rankings issue's `seedCounty` (scripts/seed/county.ts: 28,000 members, 860
 * orgs, 1,000,000 entries with balances and period totals), quarter 2026-Q3, whose evaluation
 * points come from the balances' period totals. `BENCH_COUNTY=own` seeds a county generated here
 * instead (BENCH_TOWNS × BENCH_BRANCHES × BENCH_MEMBERS, default 20 × 40 × 35, with events and
 * check-ins, so attendance and 奉献日 items are exercised too).
 * Last line: bench:assessment members=… orgs=… computeS=… dbRequests=… publishS=… agrees=true|false
 */
import { collectionSpecs } from '../../core/db/schema';
import { DEFAULT_CONFIG } from '../../core/domain/assess/config';
import { DEFAULT_ORG_RULES } from '../../core/domain/assess/org-rules';
import { chinaTime } from '../../core/domain/time';
import { assess } from '../../core/functions/assess';
import { fixedClock } from '../../core/runtime/clock';
import { LocalCloud, type Handler } from '../../emulator/local-cloud';
import { applySchema } from '../../emulator/schema-setup';
import { seededRandom } from '../../emulator/store/query';
import { seedCounty } from '../seed/county';

const TOWNS = Number(process.env.BENCH_TOWNS ?? 20);
const BRANCHES = Number(process.env.BENCH_BRANCHES ?? 40);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 35);
const Q = '2026-Q3';
const OWN = process.env.BENCH_COUNTY === 'own';
const inQ = (d: unknown): boolean => {
  const x = new Date(d as Date).getTime();
  return x >= chinaTime('2026-07-01 00:00:00').getTime() && x < chinaTime('2026-10-01 00:00:00').getTime();
};
const MONTHS = ['2026-07', '2026-08', '2026-09'];

type Doc = Record<string, unknown> & { _id: string };

function seedOwnCounty(cloud: LocalCloud): { members: number; orgs: number; entries: number } {
  const rnd = seededRandom(20261201);
  const orgs: Doc[] = [{ _id: 'county', name: '县委', type: 'county', parentId: null, ancestors: ['county'], createdAt: new Date('2026-01-01') }];
  const members: Doc[] = [];
  const events: Doc[] = [];
  const entries: Doc[] = [];
  members.push({
    _id: 'admin',
    openid: 'bench-county',
    name: '组织部',
    phone: '10000000000',
    branchId: 'b0001',
    groupId: null,
    ancestors: ['county', 't01', 'b0001'],
    partyStatus: 'full',
    status: 'active',
    joinedAt: null,
    flow: false,
    roles: [{ role: 'countyAdmin', orgId: 'county' }],
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  let bn = 0;
  for (let t = 1; t <= TOWNS; t++) {
    const tid = `t${String(t).padStart(2, '0')}`;
    orgs.push({ _id: tid, name: `第${t}镇`, type: 'town', parentId: 'county', ancestors: ['county', tid], createdAt: new Date('2026-01-01') });
    for (let b = 0; b < BRANCHES; b++) {
      const bid = `b${String(++bn).padStart(4, '0')}`;
      const anc = ['county', tid, bid];
      orgs.push({ _id: bid, name: `${tid}第${b + 1}支部`, type: 'branch', parentId: tid, ancestors: anc, createdAt: new Date('2026-01-01') });
      const inactive = rnd() < 0.05; // some branches hold nothing
      const evs: { id: string; type: string; at: Date }[] = [];
      if (!inactive) {
        MONTHS.forEach((m, i) => {
          if (rnd() < 0.85) evs.push({ id: `${bid}M${i}`, type: 'meeting', at: chinaTime(`${m}-10 09:00:00`) });
          if (rnd() < 0.6) evs.push({ id: `${bid}D${i}`, type: 'dedication', at: chinaTime(`${m}-05 09:00:00`) });
          if (rnd() < 0.4) evs.push({ id: `${bid}T${i}`, type: 'themeDay', at: chinaTime(`${m}-20 09:00:00`) });
        });
      }
      for (const e of evs) events.push({ _id: e.id, type: e.type, title: e.id, orgId: bid, ancestors: anc, scopeOrgId: bid, startAt: e.at, endAt: new Date(+e.at + 7_200_000), status: 'closed' });
      for (let i = 0; i < MEMBERS; i++) {
        const mid = `${bid}m${String(i).padStart(2, '0')}`;
        const bound = rnd() < 0.7;
        members.push({
          _id: mid,
          openid: bound ? `o-${mid}` : `unbound:${mid}`,
          name: mid,
          phone: '',
          branchId: bid,
          groupId: null,
          ancestors: anc,
          partyStatus: 'full',
          status: 'active',
          joinedAt: null,
          flow: rnd() < 0.04,
          roles: i === 0 ? [{ role: 'secretary', orgId: bid }] : [],
          createdAt: new Date(),
          updatedAt: new Date(),
        });
        // activity: a few very active members, a long tail
        const activity = Math.min(1, rnd() ** 2 * 1.3);
        for (const e of evs) {
          if (rnd() < activity)
            entries.push({
              _id: `chk:${e.id}:${mid}`,
              memberId: mid,
              ancestors: anc,
              eval: 5,
              redeem: 5,
              source: { type: 'checkin', id: e.id },
              reversalOf: null,
              createdAt: new Date(+e.at + 600_000),
            });
        }
        const extra = Math.floor(rnd() * rnd() * 10);
        for (let k = 0; k < extra; k++)
          entries.push({
            _id: `clm:${mid}:${k}`,
            memberId: mid,
            ancestors: anc,
            eval: 3,
            redeem: 3,
            source: { type: 'claim', id: `${mid}:${k}` },
            reversalOf: null,
            createdAt: chinaTime(`${MONTHS[k % 3]}-1${k % 9} 12:00:00`),
          });
      }
    }
  }
  for (const [c, docs] of [
    ['orgs', orgs],
    ['members', members],
    ['events', events],
    ['ledger', entries],
  ] as const) {
    for (let i = 0; i < docs.length; i += 5000) cloud.store.insert(c, docs.slice(i, i + 5000));
  }
  return { members: members.length - 1, orgs: orgs.length - 1 - TOWNS, entries: entries.length };
}

/** Independent recomputation: plain loops over the store, the default settings and rules as data. */
function recompute(cloud: LocalCloud): { members: Map<string, { score: number; grade: string }>; orgs: Map<string, { total: number; grade: string }> } {
  const cfg = DEFAULT_CONFIG;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const events = new Map((cloud.store.find('events', {}, { limit: 1e9 }) as Doc[]).map((e) => [e._id, e]));
  const byMember = new Map<string, Doc[]>();
  // the quarter's entries: counted by when they were posted, their points by the period they count in (a reversal: its original's)
  const evalOf = new Map<string, number>();
  for (const e of cloud.store.find('ledger', {}, { limit: 1e9 }) as Doc[]) {
    const m = e.memberId as string;
    if (inQ(e.countsAt ?? e.createdAt)) evalOf.set(m, (evalOf.get(m) ?? 0) + (e.eval as number));
    if (!inQ(e.createdAt)) continue;
    const list = byMember.get(m);
    if (list) list.push(e);
    else byMember.set(m, [e]);
  }
  const members = cloud.store.find('members', { status: 'active' }, { limit: 1e9 }) as Doc[];
  const byBranch = new Map<string, Doc[]>();
  for (const m of members) byBranch.set(m.branchId as string, [...(byBranch.get(m.branchId as string) ?? []), m]);
  const out = new Map<string, { score: number; grade: string }>();
  for (const [, ms] of byBranch) {
    const scored = ms.map((m) => {
      const es = byMember.get(m._id) ?? [];
      const v: Record<string, number> = { attendance: 0, dedication: 0, evalPoints: 0, claims: 0 };
      v.evalPoints = evalOf.get(m._id) ?? 0;
      for (const e of es) {
        const src = e.source as { type: string; id: string };
        if (src.type === 'checkin') v[events.get(src.id)?.type === 'dedication' ? 'dedication' : 'attendance']++;
        if (src.type === 'claim') v.claims++;
      }
      const cadre = (m.roles as { role: string }[]).some((g) => cfg.cadre.roles.includes(g.role as never));
      const items = cadre ? cfg.cadre.items : cfg.categories.find((c) => c.code === (m.flow ? cfg.flowCategory : cfg.defaultCategory))!.items;
      const W = items.reduce((n, i) => n + i.weight, 0);
      const score = r1(items.reduce((n, i) => n + r1((Math.max(0, Math.min(1, v[i.metric] / i.target)) * i.weight * 100) / W), 0));
      const grade = score >= cfg.thresholds.excellent ? 'excellent' : score >= cfg.thresholds.good ? 'good' : score >= cfg.thresholds.pass ? 'pass' : 'fail';
      return { id: m._id, score, grade };
    });
    const quota = Math.ceil(cfg.excellentQuota * scored.length);
    scored
      .filter((s) => s.grade === 'excellent')
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(quota)
      .forEach((s) => (s.grade = 'good'));
    for (const s of scored) out.set(s.id, { score: s.score, grade: s.grade });
  }
  // orgs: the computed items from the same data, independently
  const orgs = new Map<string, { total: number; grade: string }>();
  const eventsOf = new Map<string, Doc[]>();
  for (const e of events.values()) eventsOf.set(e.orgId as string, [...(eventsOf.get(e.orgId as string) ?? []), e]);
  const orgLedger = new Map<string, number>();
  for (const e of cloud.store.find('orgLedger', {}, { limit: 1e9 }) as Doc[])
    if ((e.origin as { quarter: string }).quarter === Q) orgLedger.set(e.memberId as string, (orgLedger.get(e.memberId as string) ?? 0) + (e.eval as number));
  const rules = new Map(DEFAULT_ORG_RULES.map((r) => [r.code, r]));
  const amt = (code: string, value: number) => {
    const r = rules.get(code)!;
    return Math.round(r.points * Math.min(1, Math.max(0, value / r.target!)));
  };
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  for (const bid of (cloud.store.find('orgs', { type: 'branch' }, { limit: 1e6 }) as Doc[]).map((o) => o._id)) {
    const ms = byBranch.get(bid) ?? [];
    const evs = eventsOf.get(bid) ?? [];
    const n = ms.length;
    const dedicationMembers = ms.filter((m) => (byMember.get(m._id) ?? []).some((e) => events.get((e.source as { id: string }).id)?.type === 'dedication')).length;
    const evalTotal = ms.reduce((s, m) => s + (evalOf.get(m._id) ?? 0), 0);
    const heldMonths = new Set(evs.filter((e) => e.type === 'dedication').map((e) => new Date(+(e.startAt as Date) + 8 * 3_600_000).toISOString().slice(0, 7))).size;
    const total =
      amt('ORG_MEETINGS', evs.filter((e) => e.type === 'meeting').length) +
      amt('ORG_THEME_DAYS', evs.filter((e) => e.type === 'themeDay').length) +
      amt('ORG_DEDICATION_HELD', heldMonths) +
      amt('ORG_DEDICATION_RATE', n ? r3(dedicationMembers / n) : 0) +
      amt('ORG_CLAIMS_ON_TIME', 1) +
      amt('ORG_ROSTER', n ? r3(ms.filter((m) => !(m.openid as string).startsWith('unbound:')).length / n) : 0) +
      amt('ORG_PER_CAPITA', n ? r3(evalTotal / n) : 0);
    // and the org ledger must say the same: its quarter entries sum to the total
    const ledger = (cloud.store.find('orgLedger', { memberId: bid }, { limit: 1e6 }) as Doc[])
      .filter((e) => (e.origin as { quarter: string }).quarter === Q)
      .reduce((s, e) => s + (e.eval as number), 0);
    const grade = total >= cfg.orgThresholds.first ? 'first' : total >= cfg.orgThresholds.second ? 'second' : 'third';
    orgs.set(bid, { total: ledger === total ? total : Number.NaN, grade });
  }
  return { members: out, orgs };
}

async function main(): Promise<void> {
  process.env.LOG_SILENT = '1';
  process.env.ASSESS_ACTION_BUDGET_MS = '50000';
  const cloud = OWN ? LocalCloud.start({ collections: collectionSpecs() }) : LocalCloud.start({ strict: true });
  if (!OWN) await applySchema(cloud);
  const t0 = performance.now();
  const seeded = OWN
    ? seedOwnCounty(cloud)
    : await seedCounty(cloud.store, { members: Number(process.env.COUNTY_MEMBERS ?? 28_000), entries: Number(process.env.COUNTY_ENTRIES ?? 1_000_000), log: (m) => console.log(`seed: ${m}`) });
  console.log(`seeded ${seeded.members} members, ${seeded.orgs} orgs, ${seeded.entries} ledger entries in ${((performance.now() - t0) / 1000).toFixed(1)} s (${OWN ? 'bench county' : 'seed:county'})`);
  const admin = OWN ? 'bench-county' : `c-${(cloud.store.find('members', { 'roles.role': 'countyAdmin' }, { limit: 1 })[0] as Doc)._id}`;
  const fn = assess({ clock: fixedClock(chinaTime('2026-10-08 10:00:00')), log: { error: () => undefined, info: () => undefined } }) as unknown as Handler;
  const call = async <T>(event: Record<string, unknown>): Promise<{ data: T; db: number }> => {
    const r = await cloud.invoke<{ ok: boolean; data: T; code?: string; message?: string }>(fn, event, { openid: admin });
    if (!r.result.ok) throw new Error(`${String(event.action)}: ${r.result.code} ${r.result.message}`);
    return { data: r.result.data, db: r.dbRequests };
  };
  const towns = (cloud.store.find('orgs', { type: 'town' }, { limit: 1000 }) as Doc[]).map((o) => o._id).sort();
  let dbRequests = 0;
  let runs = 0;
  let longestRunS = 0;
  const c0 = performance.now();
  for (const townId of towns) {
    // each call computes for its budget (≤ 60 s, one CloudBase run) and returns; resume until draft
    for (;;) {
      const r0 = performance.now();
      const { data, db } = await call<{ status: string; id: string }>({ action: 'cycles.compute', townId, quarter: Q });
      longestRunS = Math.max(longestRunS, (performance.now() - r0) / 1000);
      dbRequests += db;
      runs++;
      if (data.status === 'draft') break;
    }
  }
  const computeS = (performance.now() - c0) / 1000;
  const p0 = performance.now();
  for (const townId of towns) {
    const id = `${townId}:${Q}`;
    await call({ action: 'cycles.review', cycleId: id });
    await call({ action: 'cycles.publish', cycleId: id });
  }
  const publishS = (performance.now() - p0) / 1000;

  const results = cloud.store.find('assessResults', { current: true }, { limit: 1e9 }) as Doc[];
  const want = recompute(cloud);
  let mismatches = 0;
  for (const r of results) {
    if (r.kind === 'member') {
      const w = want.members.get(r.subjectId as string);
      if (!w || w.score !== r.score || w.grade !== r.grade) {
        if (mismatches++ < 5) console.log(`mismatch ${String(r.subjectId)}: function ${String(r.score)} ${String(r.grade)}, recomputed ${JSON.stringify(w)}`);
      }
    } else {
      const w = want.orgs.get(r.subjectId as string);
      if (!w || w.total !== r.score || w.grade !== r.grade) {
        if (mismatches++ < 5) console.log(`mismatch ${String(r.subjectId)}: function ${String(r.score)} ${String(r.grade)}, recomputed ${JSON.stringify(w)}`);
      }
    }
  }
  const members = results.filter((r) => r.kind === 'member').length;
  const orgs = results.filter((r) => r.kind === 'org').length;
  const agrees = mismatches === 0 && members === want.members.size && orgs === want.orgs.size;
  console.log(`${runs} compute runs, the longest ${longestRunS.toFixed(1)} s; ${(dbRequests / (members + orgs)).toFixed(2)} requests per member or org; mismatches ${mismatches}`);
  console.log(`bench:assessment members=${members} orgs=${orgs} computeS=${computeS.toFixed(1)} dbRequests=${dbRequests} publishS=${publishS.toFixed(2)} agrees=${agrees}`);
  await cloud.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
