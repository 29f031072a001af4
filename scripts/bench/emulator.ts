/**
 * Local cloud benchmark: 1,000,000 ledger-like documents through the real wx-server-sdk into a
 * durable (journalled, fsynced) store with an equality index on memberId, then indexed query
 * latency, one unindexed count, and memory. Last line is the summary:
 *   bench:emulator docs=… bulkInserts/s=… singleInserts/s=… indexedQuery p50=…ms p95=…ms rssMB=… heapMB=…
 *
 * Run: npx tsx --expose-gc --max-old-space-size=4096 scripts/bench/emulator.ts (npm run bench:emulator)
 * (--expose-gc lets it report memory after a full GC; 1M documents need ~0.5 GB of heap.)
 * Env: BENCH_DOCS (default 1000000), BENCH_SINGLE (20000), BENCH_QUERIES (2000), BENCH_DIR (temp).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalCloud } from '../../emulator/local-cloud';

type Data = Record<string, unknown>;
type Query = {
  where(c: unknown): Query;
  orderBy(f: string, o: 'asc' | 'desc'): Query;
  limit(n: number): Query;
  get(): Promise<{ data: Data[] }>;
  count(): Promise<{ total: number }>;
};
type Coll = Query & { add(o: { data: Data | Data[] }): Promise<{ _id?: string; _ids?: string[] }> };
type Db = { collection(n: string): Coll };

const TOTAL = Number(process.env.BENCH_DOCS ?? 1_000_000);
const SINGLE = Math.min(Number(process.env.BENCH_SINGLE ?? 20_000), TOTAL);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2_000);
const BATCH = 1_000;
const MEMBERS = 30_000;
const RULES = 40;
const CONCURRENCY = 20;

// deterministic pseudo-random numbers (mulberry32), so runs are comparable
let seed = 0x5eed;
function rand(): number {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (n: number): number => Math.floor(rand() * n);

const YEAR_START = Date.parse('2025-01-01T00:00:00Z');
const YEAR_MS = 365 * 24 * 3600 * 1000;
let serial = 0;

function entry(): Data {
  const memberId = `m${String(pick(MEMBERS)).padStart(5, '0')}`;
  const rule = pick(RULES);
  const n = serial++;
  return {
    _id: `chk:e${Math.floor(n / 50)}:${memberId}:${n}`,
    memberId,
    orgId: `b${String(pick(120)).padStart(3, '0')}`,
    ruleId: `r${rule}`,
    ruleVersion: 1 + pick(3),
    points: 1 + pick(10),
    redeemable: pick(5),
    source: { type: 'event', id: `e${Math.floor(n / 50)}` },
    createdAt: new Date(YEAR_START + pick(YEAR_MS)),
    by: 'system',
  };
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);
const log = (msg: string): void => console.log(msg);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

type Stats = { total: number; bulkRate: number; singleRate: number; p50: number; p95: number; scanMs: number; rssMB: number; heapMB: number };

const SPECS = [{ name: 'ledger', indexes: [{ field: 'memberId' }] }];

/** Loads and measures; returns only numbers, so the store can be collected before the reopen. */
async function loadAndMeasure(dir: string): Promise<Stats> {
  const cloud = LocalCloud.start({ dir, collections: SPECS, log });
  const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk');
  sdk.init({ env: 'local' });
  const db = sdk.database() as unknown as Db;
  const ledger = db.collection('ledger');
  log(`bench:emulator data dir ${dir}; node ${process.version}; ${os.cpus().length} cpus`);

  // 1. bulk load: batched adds of 1,000 documents (one request, one journal record each)
  const bulkDocs = TOTAL - SINGLE;
  let t0 = performance.now();
  let lastReport = t0;
  for (let done = 0; done < bulkDocs;) {
    const n = Math.min(BATCH, bulkDocs - done);
    const batch: Data[] = [];
    for (let i = 0; i < n; i++) batch.push(entry());
    await ledger.add({ data: batch });
    done += n;
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      log(`  bulk ${done} docs, ${Math.round(done / ((lastReport - t0) / 1000))} docs/s, rss ${mb(process.memoryUsage().rss)} MB`);
    }
  }
  const bulkSec = (performance.now() - t0) / 1000;
  const bulkRate = Math.round(bulkDocs / bulkSec);
  log(`bulk: ${bulkDocs} docs in ${bulkSec.toFixed(1)} s = ${bulkRate} docs/s`);

  // 2. single-document adds at concurrency 20
  t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < SINGLE) {
        next++;
        await ledger.add({ data: entry() });
      }
    }),
  );
  const singleSec = (performance.now() - t0) / 1000;
  const singleRate = Math.round(SINGLE / singleSec);
  log(`single: ${SINGLE} docs at concurrency ${CONCURRENCY} in ${singleSec.toFixed(1)} s = ${singleRate} docs/s`);
  await cloud.store.flush();

  const total = (await ledger.count()).total;
  if (total !== TOTAL) throw new Error(`expected ${TOTAL} documents, found ${total}`);

  // 3. indexed query latency: a member's 20 latest entries
  const lat: number[] = [];
  let rows = 0;
  for (let q = 0; q < QUERIES; q++) {
    const memberId = `m${String(pick(MEMBERS)).padStart(5, '0')}`;
    const s = performance.now();
    const r = await ledger.where({ memberId }).orderBy('createdAt', 'desc').limit(20).get();
    lat.push(performance.now() - s);
    rows += r.data.length;
  }
  lat.sort((a, b) => a - b);
  const p50 = percentile(lat, 50);
  const p95 = percentile(lat, 95);
  log(`indexed query: ${QUERIES} queries, ${(rows / QUERIES).toFixed(1)} rows each, p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${lat[lat.length - 1].toFixed(2)} ms`);

  // 4. one unindexed count, for contrast (a full scan)
  let s = performance.now();
  const unindexed = (await ledger.where({ ruleId: 'r7', points: 5 }).count()).total;
  const scanMs = performance.now() - s;
  log(`unindexed count: ${unindexed} matches in ${scanMs.toFixed(0)} ms (full scan of ${total})`);

  // 5. memory with everything loaded
  (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  const rssMB = mb(mem.rss);
  const heapMB = mb(mem.heapUsed);
  log(`memory: rss ${rssMB} MB, heapUsed ${heapMB} MB, heapTotal ${mb(mem.heapTotal)} MB`);

  // 6. close: folds the journal into the snapshot
  s = performance.now();
  await cloud.close();
  log(`close ${((performance.now() - s) / 1000).toFixed(1)} s (snapshot ${mb(fs.statSync(path.join(dir, 'snapshot.jsonl')).size)} MB)`);
  return { total, bulkRate, singleRate, p50, p95, scanMs, rssMB, heapMB };
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-emulator-'));
  const started = performance.now();
  const { total, bulkRate, singleRate, p50, p95, scanMs, rssMB, heapMB } = await loadAndMeasure(dir);

  // 7. reopen: replays snapshot (and journal) into memory, rebuilding the index
  (globalThis as { gc?: () => void }).gc?.();
  const s = performance.now();
  const again = LocalCloud.start({ dir, collections: SPECS });
  const reopenSec = (performance.now() - s) / 1000;
  const reopened = again.store.count('ledger', {});
  await again.close();
  log(`reopen ${reopenSec.toFixed(1)} s with ${reopened} docs`);
  if (reopened !== total) throw new Error(`reopened with ${reopened} documents, expected ${total}`);
  if (!process.env.BENCH_DIR) fs.rmSync(dir, { recursive: true, force: true });
  log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);

  log(
    `bench:emulator docs=${total} bulkInserts/s=${bulkRate} singleInserts/s=${singleRate} ` +
      `indexedQuery p50=${p50.toFixed(2)}ms p95=${p95.toFixed(2)}ms unindexedCount=${scanMs.toFixed(0)}ms ` +
      `rssMB=${rssMB} heapMB=${heapMB} reopenS=${reopenSec.toFixed(1)}`,
  );
}

main().catch((e: unknown) => {
  console.error('bench:emulator failed', e);
  process.exit(1);
});
