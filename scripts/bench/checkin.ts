/**
 * npm run bench:checkin — 1,000 distinct members check in to one event through the local
 * gateway over HTTP at concurrency 50, exactly as the mini-program would (events.checkin with
 * the QR text), against the BUILT bundles (`npx tsx scripts/build.ts` runs first unless
 * BENCH_SKIP_BUILD=1) in an in-process local cloud seeded with the demo county. The county
 * admin creates a county-wide 主题党日 (ACTIVITY_DAY); the bench binds enough roster members
 * (adding bench members to the roster when the county has fewer than 1,000) by setting their
 * openid in the store; the QR token is fetched with events.qr as the page does, refreshed at
 * each 15 s step. Each check-in's latency and `x-db-requests` are recorded; afterwards the
 * ledger is checked: one `chk:` entry per member carrying its check-in record (no `checkins`
 * document: a credited check-in is one document, docs/flows/checkin.md), balances matching.
 * Fails (exit 1) unless every member is credited once and dbRequestsPerCheckin ≤ 6.
 * Last line: `bench:checkin credited=…/1000 p50=…ms p95=…ms dbRequestsPerCheckin=…`
 * Env: BENCH_MEMBERS (default 1000), BENCH_CONCURRENCY (default 50), BENCH_DIR (a data dir
 * for a durable, fsynced store; default in memory).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { CheckinResult, EventsCreateResult, EventsQrResult } from '../../core/contracts/events';
import type { Result } from '../../core/contracts/envelope';
import { collectionSpecs } from '../../core/db/schema';
import type { MemberDoc } from '../../core/domain/org/model';
import { loadBuiltFunctions } from '../../emulator/functions';
import { startGateway } from '../../emulator/gateway/server';
import { LocalCloud } from '../../emulator/local-cloud';
import { devIdentities } from '../seed/identities';
import { seedIfEmpty } from '../seed/load';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ADMIN = 'demo-admin-county';

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  process.env.LOG_SILENT = '1';
  const root = path.resolve(__dirname, '../..');
  if (process.env.BENCH_SKIP_BUILD !== '1') execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(root, 'scripts/build.ts')], { stdio: 'inherit', cwd: root });
  const cloud = LocalCloud.start({ collections: collectionSpecs(), dir: process.env.BENCH_DIR });
  await seedIfEmpty(cloud.store);
  const built = loadBuiltFunctions(path.join(root, 'cloudfunctions'));
  if (!built.events) throw new Error('cloudfunctions/events/index.js not built');
  const gw = await startGateway({ cloud, functions: { events: built.events }, identities: () => devIdentities(cloud.store) });
  console.log(`events function: built bundle cloudfunctions/events/index.js; gateway ${gw.url}; ${MEMBERS} members, concurrency ${CONCURRENCY}`);

  const post = async <T>(openid: string, body: Record<string, unknown>): Promise<{ r: Result<T>; db: number; ms: number }> => {
    const t0 = performance.now();
    const res = await fetch(`${gw.url}/fn/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid }, body: JSON.stringify(body) });
    const r = (await res.json()) as Result<T>;
    return { r, db: Number(res.headers.get('x-db-requests') ?? 0), ms: performance.now() - t0 };
  };

  // the roster: every member of the county, plus bench members under the branches' groups if short
  const roster = cloud.store.find('members', { status: 'active' }, { limit: 100000, order: { _id: 1 } }) as unknown as MemberDoc[];
  const groups = cloud.store.find('orgs', { type: 'group' }, { limit: 1000, order: { _id: 1 } }) as unknown as { _id: string; parentId: string; ancestors: string[] }[];
  const extra: MemberDoc[] = [];
  for (let i = 0; roster.length + extra.length < MEMBERS; i++) {
    const g = groups[i % groups.length];
    const id = `bench${String(i).padStart(5, '0')}`;
    const t = new Date('2026-01-01T00:00:00+08:00');
    extra.push({
      _id: id,
      openid: `bench-${id}`,
      name: `压测党员${i}`,
      phone: `199${String(i).padStart(8, '0')}`,
      branchId: g.parentId,
      groupId: g._id,
      ancestors: g.ancestors,
      partyStatus: 'full',
      status: 'active',
      joinedAt: null,
      flow: false,
      roles: [],
      createdAt: t,
      updatedAt: t,
    });
  }
  if (extra.length) await cloud.store.insert('members', extra as unknown as Record<string, unknown>[]).durable;
  const attendees = [...roster, ...extra].slice(0, MEMBERS);
  for (const m of attendees) {
    if (m.openid.startsWith('unbound:')) {
      m.openid = `bench-${m._id}`;
      await cloud.store.updateById('members', m._id, { $set: { openid: m.openid } }).durable;
    }
  }

  const now = Date.now();
  const created = await post<EventsCreateResult>(ADMIN, {
    action: 'create',
    type: 'themeDay',
    title: '全县主题党日（压测）',
    orgId: 'county',
    startAt: new Date(now - 10 * 60_000).toISOString(),
    endAt: new Date(now + 2 * 3600_000).toISOString(),
  });
  if (!created.r.ok) throw new Error(`events.create: ${created.r.code} ${created.r.message}`);
  const eventId = created.r.data.event.id;
  const rule = created.r.data.event.rule!;

  // the QR page's token, refreshed each step
  let token = '';
  let refreshAt = 0;
  let refreshing: Promise<void> | null = null;
  const currentToken = async (): Promise<string> => {
    if (Date.now() >= refreshAt) {
      refreshing ??= (async () => {
        const q = await post<EventsQrResult>(ADMIN, { action: 'qr', eventId });
        if (!q.r.ok) throw new Error(`events.qr: ${q.r.code}`);
        token = q.r.data.token;
        refreshAt = Date.now() + q.r.data.refreshInMs;
      })().finally(() => (refreshing = null));
      await refreshing;
    }
    return token;
  };

  const latencies: number[] = [];
  const dbCounts: number[] = [];
  const failures = new Map<string, number>();
  let already = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= attendees.length) return;
        const r = await post<CheckinResult>(attendees[i].openid, { action: 'checkin', token: await currentToken() });
        latencies.push(r.ms);
        dbCounts.push(r.db);
        if (!r.r.ok) failures.set(r.r.code, (failures.get(r.r.code) ?? 0) + 1);
        else if (r.r.data.already) already++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;

  // exactly once: one chk: entry per attendee, the balance delta matching, one check-in each
  const entries = cloud.store.find('ledger', { 'source.type': 'checkin', 'source.id': eventId }, { limit: 100000 }) as unknown as { memberId: string; eval: number; checkin?: { eventId: string } }[];
  const perMember = new Map<string, number>();
  for (const e of entries) perMember.set(e.memberId, (perMember.get(e.memberId) ?? 0) + 1);
  const once = attendees.filter((m) => perMember.get(m._id) === 1).length;
  const records = entries.filter((e) => e.checkin?.eventId === eventId).length;
  const checkins = cloud.store.count('checkins', { eventId });
  const sorted = [...latencies].sort((a, b) => a - b);
  const dbPer = dbCounts.reduce((s, n) => s + n, 0) / dbCounts.length;
  console.log(
    `check-ins: ${attendees.length} in ${seconds.toFixed(2)} s (${(attendees.length / seconds).toFixed(0)}/s); ok ${attendees.length - [...failures.values()].reduce((s, n) => s + n, 0)}, repeated ${already}, refused ${JSON.stringify(Object.fromEntries(failures))}; ` +
      `ledger entries ${entries.length} (${rule.code} +${rule.evalPoints}/+${rule.redeemPoints}), carrying their check-in ${records}, check-in docs ${checkins}; db requests per check-in min ${Math.min(...dbCounts)} max ${Math.max(...dbCounts)}`,
  );
  await gw.close();
  await cloud.close();
  console.log(`bench:checkin credited=${once}/${attendees.length} p50=${pct(sorted, 50).toFixed(1)}ms p95=${pct(sorted, 95).toFixed(1)}ms dbRequestsPerCheckin=${dbPer.toFixed(2)}`);
  // the figure as printed: the one scan per instance that reads the event into the cache costs 7
  if (once !== attendees.length || entries.length !== attendees.length || records !== attendees.length || checkins !== 0 || Number(dbPer.toFixed(2)) > 6) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
