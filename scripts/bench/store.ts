/**
 * npm run bench:store — the points store through the local gateway over HTTP.
 * An in-memory local cloud seeded with the demo county runs the BUILT `store` bundle
 * (cloudfunctions/store/index.js; this script runs `npx tsx scripts/build.ts` first and falls
 * back to an existing bundle, then to the source, if that fails) behind the gateway.
 * 1. Rush: 200 members with enough points redeem one item with stock 10, all at once.
 *    Exactly 10 orders may come out; everyone else gets OUT_OF_STOCK (BUSY is counted).
 * 2. Normal use: BENCH_REDEMPTIONS (default 2000) redemptions of 10 items by the same members,
 *    20 in flight, a tenth of them resent with the same request id (client retries, one order
 *    each); then a tenth of the orders cancelled and a tenth fulfilled by the county admin.
 * 3. Checks: per item, stockIn = stock + open or fulfilled orders (stock drift), and the ledger
 *    audit (core/usecases/points/audit-ledger.ts) over the county (ledger drift).
 * Last line: `bench:store orders=<made>/<stock> stock drift=… ledger drift=… p95=…ms`
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Result } from '../../core/contracts/envelope';
import type { ItemSaveResult, RedeemResult } from '../../core/contracts/store';
import { collectionSpecs } from '../../core/db/schema';
import type { MemberDoc } from '../../core/domain/org';
import type { RuleDoc } from '../../core/domain/points/rule';
import type { StoreItemDoc } from '../../core/domain/store/item';
import type { OrderDoc } from '../../core/domain/store/redemption';
import { chinaTime } from '../../core/domain/time';
import { store } from '../../core/functions/store';
import { auditLedger } from '../../core/usecases/points/audit-ledger';
import { postOnce } from '../../core/usecases/points/post-entry';
import { loadBuiltFunctions } from '../../emulator/functions';
import { startGateway } from '../../emulator/gateway/server';
import { LocalCloud, type Handler } from '../../emulator/local-cloud';
import { devIdentities } from '../seed/identities';
import { seedIfEmpty } from '../seed/load';

const MEMBERS = 200;
const RUSH_STOCK = 10;
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
    const { r } = await post<ItemSaveResult>(ADMIN, { action: 'items.save', requestId: `bench-item-${++itemNo}`, storeOrgId: 'county', name, cost, stock });
    if (!r.ok) throw new Error(`items.save: ${r.code} ${r.message}`);
    return r.data.item.itemId;
  };

  // 200 members bound to bench openids, each with 300 redeemable points (one award entry)
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

  // 1. the rush
  const rushItem = await newItem('大米5kg（限量）', RUSH_STOCK, 30);
  const t0 = performance.now();
  const rush = await Promise.all(openids.map((o, i) => post<RedeemResult>(o, { action: 'redeem', itemId: rushItem, requestId: `rush-${String(i).padStart(6, '0')}` })));
  const rushMs = performance.now() - t0;
  const tally = new Map<string, number>();
  for (const { r } of rush) tally.set(r.ok ? 'OK' : r.code, (tally.get(r.ok ? 'OK' : r.code) ?? 0) + 1);
  const rushOrders = cloud.store.count('orders', { itemId: rushItem });
  const rushMs95 = [...rush.map((x) => x.ms)].sort((a, b) => a - b)[Math.floor(0.95 * rush.length)];
  console.log(
    `rush: ${openids.length} members at once on stock ${RUSH_STOCK} in ${rushMs.toFixed(0)} ms: ${[...tally].map(([c, n]) => `${c}×${n}`).join(' ')}; ${rushOrders} orders; p95 ${rushMs95.toFixed(0)} ms`,
  );

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
  for (const id of [rushItem, ...items]) {
    const it = cloud.store.getById('storeItems', id) as unknown as StoreItemDoc;
    const open = cloud.store.count('orders', { itemId: id, status: { $in: ['pending', 'fulfilled'] } });
    stockDrift += Math.abs(it.stockIn - it.stock - open) + (it.stock < 0 ? 1 : 0);
  }
  const audit = await auditLedger('county');
  await gw.close();
  await cloud.close();
  const problems: string[] = [];
  if (rushOrders !== RUSH_STOCK) problems.push(`the rush made ${rushOrders} orders for stock ${RUSH_STOCK}`);
  if (made !== jobs.length) problems.push(`expected ${jobs.length} orders, got ${made}`);
  if (failures.size) problems.push('some redemptions failed');
  for (const p of problems) console.error(`FAIL: ${p}`);
  console.log(`bench:store orders=${rushOrders}/${RUSH_STOCK} stock drift=${stockDrift} ledger drift=${audit.drift.length} p95=${pct(95).toFixed(1)}ms`);
  if (problems.length || stockDrift || audit.drift.length) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
