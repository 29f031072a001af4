/**
 * npm run bench:ledger — ledger credits through the local gateway over HTTP at concurrency 20.
 * An in-memory local cloud seeded with the demo county runs the `points` function (the built
 * bundle cloudfunctions/points/index.js when present — run `npx tsx scripts/build.ts` first —
 * else the source) behind the gateway. The county admin saves an uncapped award rule; then the
 * 12 branch secretaries grant it to the members of their branches (`points.awards.grant`, each
 * with a request id), 20 requests in flight; a tenth of them are sent twice (client retries)
 * and must credit once. Then b01's secretary batch-approves the seeded review queue, and the
 * county admin runs `points.ledger.audit`.
 * Last line: `bench:ledger credits=… concurrency=20 credits/s=… dbRequestsPerCredit=… p50=…ms p95=…ms drift=… brokenChains=…`
 * Env: BENCH_CREDITS (default 3000).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClaimsApproveBatchResult, ClaimsListResult, CreditResult, LedgerAuditResult, RuleView } from '../../core/contracts/points';
import type { Result } from '../../core/contracts/envelope';
import { collectionSpecs } from '../../core/db/schema';
import type { MemberDoc } from '../../core/domain/org/model';
import { points } from '../../core/functions/points';
import { loadBuiltFunctions } from '../../emulator/functions';
import { startGateway } from '../../emulator/gateway/server';
import { LocalCloud, type Handler } from '../../emulator/local-cloud';
import { devIdentities } from '../seed/identities';
import { seedIfEmpty } from '../seed/load';

const CREDITS = Number(process.env.BENCH_CREDITS ?? 3000);
const CONCURRENCY = 20;

async function main(): Promise<void> {
  process.env.LOG_SILENT = '1';
  const root = path.resolve(__dirname, '../..');
  const cloud = LocalCloud.start({ collections: collectionSpecs() });
  await seedIfEmpty(cloud.store);
  const built = fs.existsSync(path.join(root, 'cloudfunctions/points/index.js')) ? loadBuiltFunctions(path.join(root, 'cloudfunctions')).points : undefined;
  const fn: Handler = built ?? (points() as unknown as Handler);
  const gw = await startGateway({ cloud, functions: { points: fn }, identities: () => devIdentities(cloud.store) });
  console.log(`points function: ${built ? 'built bundle cloudfunctions/points/index.js' : 'source (no build found)'}; gateway ${gw.url}`);

  const post = async <T>(openid: string, body: Record<string, unknown>): Promise<{ r: Result<T>; db: number; ms: number }> => {
    const t0 = performance.now();
    const res = await fetch(`${gw.url}/fn/points`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid }, body: JSON.stringify(body) });
    const r = (await res.json()) as Result<T>;
    return { r, db: Number(res.headers.get('x-db-requests') ?? 0), ms: performance.now() - t0 };
  };

  // an uncapped award rule, so every grant is a credit
  const rule = await post<RuleView>('demo-admin-county', {
    action: 'rules.save',
    code: 'BENCH_THANKS',
    expectedVersion: 0,
    name: '志愿服务表扬',
    category: 'honour',
    evalPoints: 1,
    redeemPoints: 1,
    trigger: 'award',
    caps: {},
    evidence: 'none',
    approverRole: 'secretary',
    description: 'bench',
    scopeOrgId: 'county',
    status: 'active',
  });
  if (!rule.r.ok) throw new Error(`rules.save: ${rule.r.code}`);

  // secretaries and the members of their branches (never themselves)
  const members = cloud.store.find('members', {}, { limit: 100000 }) as unknown as MemberDoc[];
  const jobs: { openid: string; memberId: string; requestId: string }[] = [];
  const secretaries = members.filter((m) => m.openid.startsWith('demo-secretary-'));
  for (let i = 0; jobs.length < CREDITS; i++) {
    const s = secretaries[i % secretaries.length];
    const mates = members.filter((m) => m.branchId === s.branchId && m._id !== s._id);
    jobs.push({ openid: s.openid, memberId: mates[Math.floor(i / secretaries.length) % mates.length]._id, requestId: `bench-${String(i).padStart(6, '0')}` });
  }
  // a tenth are retried by the client: same request id, must credit once
  const sends = [...jobs, ...jobs.filter((_, i) => i % 10 === 0)];

  const latencies: number[] = [];
  /** Database requests of the requests that credited, and of the retries answered from the first entry. */
  let dbRequests = 0;
  let retryRequests = 0;
  let credited = 0;
  let duplicates = 0;
  const failures = new Map<string, number>();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < sends.length) {
        const j = sends[next++];
        const { r, db, ms } = await post<CreditResult>(j.openid, { action: 'awards.grant', memberId: j.memberId, ruleCode: 'BENCH_THANKS', reason: '压测', requestId: j.requestId });
        latencies.push(ms);
        if (!r.ok) failures.set(r.code, (failures.get(r.code) ?? 0) + 1);
        else if (r.data.duplicate) {
          duplicates++;
          retryRequests += db;
        } else {
          credited++;
          dbRequests += db;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  console.log(
    `awards.grant: ${sends.length} requests (${jobs.length} distinct, ${sends.length - jobs.length} retries) in ${seconds.toFixed(2)} s; credited ${credited}, answered as retries ${duplicates} (${duplicates ? (retryRequests / duplicates).toFixed(1) : 0} db requests each), failed ${[...failures].map(([c, n]) => `${c}×${n}`).join(' ') || 0}`,
  );

  // the seeded review queue, approved in batches of up to 100
  const queue = await post<ClaimsListResult>('demo-secretary-b01', { action: 'claims.list', box: 'review', limit: 50 });
  if (queue.r.ok && queue.r.data.items.length) {
    const batch = await post<ClaimsApproveBatchResult>('demo-secretary-b01', { action: 'claims.approveBatch', claimIds: queue.r.data.items.map((c) => c.id) });
    if (batch.r.ok)
      console.log(
        `claims.approveBatch: ${batch.r.data.approved} approved, ${batch.r.data.failed} refused (${batch.r.data.results
          .filter((x) => !x.ok)
          .map((x) => (x.ok ? '' : x.code))
          .join(' ')}) in ${batch.ms.toFixed(0)} ms, ${batch.db} db requests`,
      );
  }

  const audit = await post<LedgerAuditResult>('demo-admin-county', { action: 'ledger.audit' });
  if (!audit.r.ok) throw new Error(`ledger.audit: ${audit.r.code}`);
  const entries = cloud.store.count('ledger', { ruleCode: 'BENCH_THANKS' });
  await gw.close();
  await cloud.close();
  const problems: string[] = [];
  if (credited !== jobs.length || entries !== jobs.length) problems.push(`expected ${jobs.length} credits, got ${credited} answered and ${entries} entries`);
  if (failures.size) problems.push('some grants failed');
  for (const p of problems) console.error(`FAIL: ${p}`);
  console.log(
    `bench:ledger credits=${credited} concurrency=${CONCURRENCY} credits/s=${(credited / seconds).toFixed(0)} dbRequestsPerCredit=${(dbRequests / Math.max(1, credited)).toFixed(2)} p50=${pct(50)}ms p95=${pct(95)}ms drift=${audit.r.data.drift.length} brokenChains=${audit.r.data.broken.length}`,
  );
  if (problems.length || audit.r.data.drift.length || audit.r.data.broken.length || audit.r.data.misplaced.length) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
