/**
 * npm run bench:store — the points store through the local gateway over HTTP.
 * An in-memory local cloud seeded with the demo county runs the BUILT `store` bundle
 * (cloudfunctions/store/index.js; this script runs `npx tsx scripts/build.ts` first and falls
 * back to an existing bundle, then to the source, if that fails) behind the gateway.
 * 1. Rushes, every request sent at once: 200 members on an item with stock 10, then 300
 *    members on an item with stock 150. Each must end with orders = stock, every other answer
 *    OUT_OF_STOCK (BUSY and anything else are counted), stock drift 0 and ledger drift 0.
 *    During a rush every database request takes BENCH_DB_LATENCY_MS (default 5) more, as a
 *    request to CloudBase's database does: without it the in-process local cloud answers so
 *    fast that the transactions hardly overlap and the rush proves nothing.
 * 2. Normal use: BENCH_REDEMPTIONS (default 2000) redemptions of 10 items by the same members,
 *    20 in flight, a tenth of them resent with the same request id (client retries, one order
 *    each); then a tenth of the orders cancelled and a tenth fulfilled by the county admin.
 * 3. Checks: per item, stockIn = stock (the sum of its shards) + open or fulfilled orders and no
 *    shard below zero (stock drift), and the ledger audit (core/usecases/points/ledger-audit.ts)
 *    over the county (ledger drift).
 * Last line, for each rush: orders/stock, OUT_OF_STOCK, BUSY, stock drift, ledger drift, p95;
 * then the normal use's p95.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Result } from '../../core/contracts/envelope';
import type { ItemSaveResult, RedeemResult } from '../../core/contracts/store';
import { collectionSpecs } from '../../core/db/schema';
import type { MemberDoc } from '../../core/domain/org/model';
import type { RuleDoc } from '../../core/domain/points/rule';
import type { StoreItemDoc } from '../../core/domain/store/item';
import type { StockShardDoc } from '../../core/domain/store/stock';
import type { OrderDoc } from '../../core/domain/store/redemption';
import { chinaTime } from '../../core/domain/time';
import { store } from '../../core/functions/store';
import { auditLedger } from '../../core/usecases/points/ledger-audit';
import { postOnce } from '../../core/usecases/points/post-entry';
import { loadBuiltFunctions } from '../../emulator/functions';
import { startGateway } from '../../emulator/gateway/server';
import { LocalCloud, type Handler } from '../../emulator/local-cloud';
import { devIdentities } from '../seed/identities';
import { seedIfEmpty } from '../seed/load';

/** The rushes: members sending at once, the item's stock. */
const RUSHES = [
  { members: 200, stock: 10 },
  { members: 300, stock: 150 },
];
const MEMBERS = Math.max(...RUSHES.map((r) => r.members));
const DB_LATENCY_MS = Number(process.env.BENCH_DB_LATENCY_MS ?? 5);
const REDEMPTIONS = Number(process.env.BENCH_REDEMPTIONS ?? 2000);
const CONCURRENCY = 20;
const ADMIN = 'demo-admin-county';

function buildFunctions(root: string): string {
  try {
    execFileSync('npx', ['tsx', 'scripts/build.ts'], { cwd: root, stdio: 'pipe' });
    return 'built bundle cloudfunctions/store/index.js (fresh build)';
  } catch (e) {
    const out = e as { stderr?: Buffer };
    console.error(`build failed, using what is there: ${String(out.stderr ?? e).split('\n')[0]}`);
    return 'built bundle cloudfunctions/store/index.js (previous build)';
  }
}

async function main(): Promise<void> {
  process.env.LOG_SILENT = '1';
  const root = path.resolve(__dirname, '../..');
  let origin = buildFunctions(root);
  const cloud = LocalCloud.start({ collections: collectionSpecs() });
  await seedIfEmpty(cloud.store);
  const bundle = path.join(root, 'cloudfunctions/store/index.js');
  const built = fs.existsSync(bundle) ? loadBuiltFunctions(path.join(root, 'cloudfunctions')).store : undefined;
  if (!built) origin = 'source (no build found)';
  const fn: Handler = built ?? (store() as unknown as Handler);
  const gw = await startGateway({ cloud, functions: { store: fn }, identities: () => devIdentities(cloud.store) });
  console.log(`store function: ${origin}; gateway ${gw.url}`);

  const post = async <T>(openid: string, body: Record<string, unknown>): Promise<{ r: Result<T>; db: number; ms: number }> => {
    const t0 = performance.now();
    const res = await fetch(`${gw.url}/fn/store`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid }, body: JSON.stringify(body) });
    const r = (await res.json()) as Result<T>;
    return { r, db: Number(res.headers.get('x-db-requests') ?? 0), ms: performance.now() - t0 };
  };
  let itemNo = 0;
  const newItem = async (name: string, stock: number, cost: number): Promise<string> => {
    const { r } = await post<ItemSaveResult>(ADMIN, { action: 'items.save', mode: 'create', requestId: `bench-item-${++itemNo}`, storeOrgId: 'county', name, cost, stock });
    if (!r.ok) throw new Error(`items.save: ${r.code} ${r.message}`);
    return r.data.item.itemId;
  };

  // members bound to bench openids, each with 300 redeemable points (one award entry)
  const members = (cloud.store.find('members', {}, { limit: 100000, order: { _id: 1 } }) as unknown as MemberDoc[]).slice(0, MEMBERS);
  const [honour] = cloud.store.find('rules', { code: 'HONOUR_COUNTY', status: 'active' }, { limit: 1 }) as unknown as RuleDoc[];
  const openids: string[] = [];
  for (const m of members) {
    const openid = m.openid.startsWith('unbound:') ? `bench-${m._id}` : m.openid;
    if (openid !== m.openid) await cloud.store.updateById('members', m._id, { $set: { openid } }).durable;
    openids.push(openid);
  }
  const at = chinaTime('2026-11-23 09:00:00');
  await Promise.all(
    members.map((m) =>
      postOnce({
        key: `awd:bench-fund-${m._id}`,
        memberId: m._id,
        ancestors: m.ancestors,
        eval: 0,
        redeem: 300,
        rule: honour,
        source: { type: 'award', id: `bench-fund-${m._id}` },
        units: 0,
        actorId: 'bench',
        at,
      }),
    ),
  );

  const shardsOf = (itemId: string) => cloud.store.find('stockShards', { itemId }, { limit: 100000 }) as unknown as StockShardDoc[];
  const driftOf = (itemId: string): number => {
    const it = cloud.store.getById('storeItems', itemId) as unknown as StoreItemDoc;
    const shards = shardsOf(itemId);
    const stock = shards.reduce((n, x) => n + x.stock, 0);
    const open = cloud.store.count('orders', { itemId, status: { $in: ['pending', 'fulfilled'] } });
    return Math.abs(it.stockIn - stock - open) + shards.filter((x) => x.stock < 0).length;
  };

  // 1. the rushes
  type RushFigures = { members: number; stock: number; orders: number; outOfStock: number; busy: number; other: number; stockDrift: number; ledgerDrift: number; p95: number };
  const rushes: RushFigures[] = [];
  for (const [k, spec] of RUSHES.entries()) {
    const rushItem = await newItem(`大米5kg（限量${k + 1}）`, spec.stock, 30);
    const undoLatency = DB_LATENCY_MS > 0 ? cloud.faults.add({ api: '*', delayMs: DB_LATENCY_MS }) : () => undefined;
    const t0 = performance.now();
    const rush = await Promise.all(openids.slice(0, spec.members).map((o, i) => post<RedeemResult>(o, { action: 'redeem', itemId: rushItem, requestId: `rush${k}-${String(i).padStart(6, '0')}` })));
    const rushMs = performance.now() - t0;
    undoLatency();
    const tally = new Map<string, number>();
    for (const { r } of rush) tally.set(r.ok ? 'OK' : r.code, (tally.get(r.ok ? 'OK' : r.code) ?? 0) + 1);
    const orders = cloud.store.count('orders', { itemId: rushItem });
    const p95 = [...rush.map((x) => x.ms)].sort((a, b) => a - b)[Math.floor(0.95 * rush.length)];
    const figures: RushFigures = {
      ...spec,
      orders,
      outOfStock: tally.get('OUT_OF_STOCK') ?? 0,
      busy: tally.get('BUSY') ?? 0,
      other: spec.members - (tally.get('OK') ?? 0) - (tally.get('OUT_OF_STOCK') ?? 0) - (tally.get('BUSY') ?? 0),
      stockDrift: driftOf(rushItem),
      ledgerDrift: (await auditLedger('county')).drift.length,
      p95,
    };
    rushes.push(figures);
    console.log(
      `rush: ${spec.members} members at once on stock ${spec.stock} (${shardsOf(rushItem).length} shards, +${DB_LATENCY_MS} ms a database request) in ${rushMs.toFixed(0)} ms: ${[...tally].map(([c, n]) => `${c}×${n}`).join(' ')}; ${orders} orders; p95 ${p95.toFixed(0)} ms`,
    );
  }

  // 2. normal use: 10 items, 20 in flight, a tenth resent
  const items: string[] = [];
  for (let k = 0; k < 10; k++) items.push(await newItem(`日用品${k + 1}`, 100000, 1 + (k % 5)));
  const jobs = Array.from({ length: REDEMPTIONS }, (_, i) => ({ openid: openids[i % openids.length], itemId: items[(i * 7) % items.length], requestId: `run-${String(i).padStart(6, '0')}` }));
  const sends = [...jobs, ...jobs.filter((_, i) => i % 10 === 0)];
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const orders = new Map<string, string>();
  let dbRequests = 0;
  let made = 0;
  let duplicates = 0;
  let next = 0;
  const t1 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < sends.length) {
        const j = sends[next++];
        const { r, db, ms } = await post<RedeemResult>(j.openid, { action: 'redeem', itemId: j.itemId, requestId: j.requestId });
        latencies.push(ms);
        if (!r.ok) failures.set(r.code, (failures.get(r.code) ?? 0) + 1);
        else if (r.data.duplicate) duplicates++;
        else {
          made++;
          dbRequests += db;
          orders.set(r.data.order.orderId, j.openid);
        }
      }
    }),
  );
  const seconds = (performance.now() - t1) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  console.log(
    `redeem: ${sends.length} requests (${jobs.length} distinct, ${sends.length - jobs.length} retries) in ${seconds.toFixed(2)} s, concurrency ${CONCURRENCY}: ${made} orders, ${duplicates} answered as retries, failed ${[...failures].map(([c, n]) => `${c}×${n}`).join(' ') || 0}; ${(made / seconds).toFixed(0)} orders/s, ${(dbRequests / Math.max(1, made)).toFixed(1)} db requests each, p50 ${pct(50).toFixed(1)} ms p95 ${pct(95).toFixed(1)} ms`,
  );

  // a tenth cancelled by their members, a tenth fulfilled by the county admin (scanning the code)
  const list = [...orders];
  let cancelled = 0;
  let fulfilledN = 0;
  for (let i = 0; i < list.length; i += 10) {
    const [orderId, openid] = list[i];
    if ((await post(openid, { action: 'orders.cancel', orderId })).r.ok) cancelled++;
    const other = list[i + 1];
    if (other) {
      const code = (cloud.store.getById('orders', other[0]) as unknown as OrderDoc).pickupCode;
      if ((await post(ADMIN, { action: 'orders.fulfil', pickupCode: `HGJPICK:${code}` })).r.ok) fulfilledN++;
    }
  }
  console.log(`orders: ${cancelled} cancelled (refunded), ${fulfilledN} fulfilled`);

  // 3. checks
  let stockDrift = 0;
  for (const id of items) stockDrift += driftOf(id);
  const audit = await auditLedger('county');
  await gw.close();
  await cloud.close();
  const problems: string[] = [];
  for (const r of rushes) {
    if (r.orders !== r.stock) problems.push(`the ${r.members}-member rush made ${r.orders} orders for stock ${r.stock}`);
    if (r.busy || r.other) problems.push(`the ${r.members}-member rush answered BUSY ${r.busy} times and something else ${r.other} times`);
    if (r.stockDrift || r.ledgerDrift) problems.push(`the ${r.members}-member rush left stock drift ${r.stockDrift}, ledger drift ${r.ledgerDrift}`);
  }
  if (made !== jobs.length) problems.push(`expected ${jobs.length} orders, got ${made}`);
  if (failures.size) problems.push('some redemptions failed');
  if (stockDrift || audit.drift.length) problems.push(`normal use left stock drift ${stockDrift}, ledger drift ${audit.drift.length}`);
  for (const p of problems) console.error(`FAIL: ${p}`);
  const rushText = rushes.map(
    (r) => `rush ${r.members}/${r.stock}: orders=${r.orders} OUT_OF_STOCK=${r.outOfStock} BUSY=${r.busy} stock drift=${r.stockDrift} ledger drift=${r.ledgerDrift} p95=${r.p95.toFixed(0)}ms`,
  );
  console.log(`bench:store ${rushText.join(' | ')} | redeem p95=${pct(95).toFixed(1)}ms stock drift=${stockDrift} ledger drift=${audit.drift.length}`);
  if (problems.length) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
