/**
 * npm run seed:county — a county at full size, written straight into the local cloud's store:
 * 28,000 members in 860 orgs (the county, 20 towns, 800 branches, 39 party groups) and
 * 1,000,000 ledger entries over the twelve months before 1 December 2026 (China time), with
 * balances, period totals and hash chains exactly as postEntry would leave them: every entry is
 * decided by `decideEntry` and applied by `applyDecision`, member by member in time order.
 *
 * Skew: member activity is log-normal (a few very active members, a long tail), 5% of branches
 * are nearly inactive, branch sizes vary from about 14 to 56; 1.5% of entries are deductions and
 * 0.3% reversals of an earlier entry (counted in the original's period). Entries take no cap
 * uses (units 0): the seed writes history, not claims that caps would have refused. No annual
 * expiry is written. Deterministic (seeded PRNG). Every member is bound to openid `c-<memberId>`;
 * each branch's first member is its secretary, each town's first member its admin, M00001 the
 * county admin.
 *
 * Run: DATA_DIR=.localcloud-county npm run seed:county (default dir .localcloud-county; refuses a
 * non-empty store). scripts/bench/reports.ts calls `seedCounty` on an in-memory store.
 * Env: COUNTY_MEMBERS (28000), COUNTY_ENTRIES (1000000), SEED_SCALE (1; 0.1 = a tenth of both),
 * SEED_MEMORY=1 (an in-memory store, for profiling). The last line gives seconds per phase.
 */
import * as path from 'node:path';
import type { MemberDoc, OrgDoc } from '../../core/domain/org/model';
import { applyDecision, decideEntry, emptyBalance, reversalDraft, type BalanceDoc, type EntryDraft, type LedgerEntry } from '../../core/domain/points/ledger';
import type { RuleDoc } from '../../core/domain/points/rule';
import { DEFAULT_RULES } from '../../core/domain/rules/catalog';
import { chinaTime } from '../../core/domain/time';
import { LocalCloud } from '../../emulator/local-cloud';
import { applySchema } from '../../emulator/schema-setup';
import { seededRandom } from '../../emulator/store/query';
import { writeSnapshotSync } from '../../emulator/store/journal';
import type { Store } from '../../emulator/store/store';
import type { CollectionSpec, Doc } from '../../emulator/store/types';
import { collectionSpecs } from '../../core/db/schema';

export const COUNTY_FROM = chinaTime('2025-12-01 00:00:00');
export const COUNTY_TO = chinaTime('2026-12-01 00:00:00');

export type CountyOptions = { members?: number; entries?: number; seed?: number; log?: (m: string) => void };
/** Milliseconds per phase: setup (orgs, members, rules), decide (decideEntry + applyDecision), write (ledger and balance inserts). */
export type CountyPhases = { setup: number; decide: number; write: number };
export type CountySeed = { members: number; orgs: number; entries: number; ms: number; phases: CountyPhases };

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎'.split('');
const GIVEN = '建国华明丽英军红伟芳平刚秀兰玉梅志强海燕春霞永福德金凤胜新民晓东娟桂芝文静立群书香卫爱'.split('');
const TOWNS = 20;
const BRANCHES_PER_TOWN = 40;
const GROUPS = 39;
const CREATED = new Date('2025-01-01T00:00:00Z');
const FLUSH = 20_000;

/** The rules entries are drawn from, with how often each is used (credits), and the deductions. */
const CREDIT_MIX: [string, number][] = [
  ['MEETING', 30],
  ['ACTIVITY_DAY', 18],
  ['DEDICATION_DAY', 16],
  ['VOLUNTEER_HOUR', 14],
  ['DUTY_FULFILLED', 8],
  ['PIONEER_POST', 6],
  ['GRID_ISSUE_REPORTED', 4],
  ['VANGUARD', 3],
  ['GRID_ISSUE_RESOLVED', 3],
  ['DEDICATION_LOG', 2],
  ['HONOUR_MONTH_STAR', 0.3],
];
const DEBIT_MIX: [string, number][] = [
  ['ABSENT_NO_LEAVE', 3],
  ['CRITICISM', 1],
];

/** Where the seed's documents go when not into a store: `main` collects them for one snapshot write. */
export type CountySink = (collection: string, docs: Record<string, unknown>[]) => Promise<void>;

export async function seedCounty(target: Store | CountySink, opts: CountyOptions = {}): Promise<CountySeed> {
  const put: CountySink =
    typeof target === 'function'
      ? target
      : async (c, docs) => {
          await target.insert(c, docs).durable;
        };
  const t0 = Date.now();
  const log = opts.log ?? (() => undefined);
  const rnd = seededRandom(opts.seed ?? 20261201);
  const nMembers = opts.members ?? 28_000;
  const nEntries = opts.entries ?? 1_000_000;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());

  // ---- the org tree
  const orgs: OrgDoc[] = [{ _id: 'county', name: '中共示范县委', type: 'county', parentId: null, ancestors: ['county'], createdAt: CREATED }];
  const branches: OrgDoc[] = [];
  for (let t = 1; t <= TOWNS; t++) {
    const tid = `T${String(t).padStart(2, '0')}`;
    orgs.push({ _id: tid, name: `第${t}镇党委`, type: 'town', parentId: 'county', ancestors: ['county', tid], gridLevel: 1, createdAt: CREATED });
    for (let b = 1; b <= BRANCHES_PER_TOWN; b++) {
      const n = (t - 1) * BRANCHES_PER_TOWN + b;
      const bid = `B${String(n).padStart(3, '0')}`;
      const branch: OrgDoc = { _id: bid, name: `第${t}镇${b}村党支部`, type: 'branch', parentId: tid, ancestors: ['county', tid, bid], gridLevel: 2, createdAt: CREATED };
      orgs.push(branch);
      branches.push(branch);
    }
  }
  const groupOf = new Map<string, OrgDoc>();
  for (let g = 0; g < GROUPS; g++) {
    const b = branches[g * Math.floor(branches.length / GROUPS)];
    const gid = `${b._id}G1`;
    const group: OrgDoc = { _id: gid, name: `${b.name}第一党小组`, type: 'group', parentId: b._id, ancestors: [...b.ancestors, gid], gridLevel: 3, createdAt: CREATED };
    orgs.push(group);
    groupOf.set(b._id, group);
  }

  // ---- members: branch sizes vary; every member bound (openid c-<id>)
  const sizeWeights = branches.map(() => 0.4 + 1.2 * rnd());
  const sumW = sizeWeights.reduce((a, b) => a + b, 0);
  const sizes = sizeWeights.map((w) => Math.max(1, Math.floor((w / sumW) * nMembers)));
  for (let i = 0, left = nMembers - sizes.reduce((a, b) => a + b, 0); left > 0; i++, left--) sizes[i % sizes.length]++;
  const members: MemberDoc[] = [];
  const secretaryOf = new Map<string, string>();
  branches.forEach((b, bi) => {
    for (let k = 0; k < sizes[bi]; k++) {
      const id = `M${String(members.length + 1).padStart(5, '0')}`;
      const group = k % 2 === 1 ? groupOf.get(b._id) : undefined;
      const roles: MemberDoc['roles'] = [];
      if (k === 0) {
        roles.push({ role: 'secretary', orgId: b._id });
        secretaryOf.set(b._id, id);
        if (bi % BRANCHES_PER_TOWN === 0) roles.push({ role: 'orgAdmin', orgId: b.parentId! });
        if (bi === 0) roles.push({ role: 'countyAdmin', orgId: 'county' });
      }
      const r = rnd();
      members.push({
        _id: id,
        openid: `c-${id}`,
        name: pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : ''),
        phone: `139${String(members.length + 1).padStart(8, '0')}`,
        branchId: b._id,
        groupId: group?._id ?? null,
        ancestors: group ? group.ancestors : b.ancestors,
        partyStatus: rnd() < 0.05 ? 'probationary' : 'full',
        status: r < 0.01 ? 'suspended' : 'active',
        joinedAt: null,
        flow: r > 0.995,
        roles,
        boundAt: CREATED,
        createdAt: CREATED,
        updatedAt: CREATED,
      });
    }
  });

  // ---- rules
  const rules: RuleDoc[] = DEFAULT_RULES.map(
    (r) => ({ _id: `${r.code}@1`, ...r, version: 1, scopeOrgId: 'county', status: 'active', activeFrom: CREATED, activeTo: null, createdAt: CREATED }) as unknown as RuleDoc,
  );
  const ruleBy = new Map(rules.map((r) => [r.code, r]));
  const mixer = (mix: [string, number][]) => {
    const total = mix.reduce((a, [, w]) => a + w, 0);
    return (): RuleDoc => {
      let x = rnd() * total;
      for (const [code, w] of mix) if ((x -= w) < 0) return ruleBy.get(code)!;
      return ruleBy.get(mix[0][0])!;
    };
  };
  const credit = mixer(CREDIT_MIX);
  const debit = mixer(DEBIT_MIX);

  await put('orgs', orgs as unknown as Record<string, unknown>[]);
  await put('members', members as unknown as Record<string, unknown>[]);
  await put('rules', rules as unknown as Record<string, unknown>[]);
  const phases: CountyPhases = { setup: Date.now() - t0, decide: 0, write: 0 };
  log(`orgs ${orgs.length}, members ${members.length}, rules ${rules.length} in ${Date.now() - t0} ms`);

  // ---- activity: log-normal per member, times a branch factor (5% of branches nearly inactive)
  const branchFactor = new Map(branches.map((b) => [b._id, rnd() < 0.05 ? 0.02 : Math.exp(0.5 * gauss())]));
  const weights = members.map((m) => (m.status === 'active' ? Math.exp(1.1 * gauss()) * branchFactor.get(m.branchId)! : 0.05));
  const wSum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / wSum) * nEntries));
  for (let left = nEntries - counts.reduce((a, b) => a + b, 0); left > 0; left--) counts[Math.floor(rnd() * counts.length)]++;

  const span = COUNTY_TO.getTime() - COUNTY_FROM.getTime();
  let pending: LedgerEntry[] = [];
  const balances: BalanceDoc[] = [];
  let written = 0;
  const flush = async () => {
    if (!pending.length) return;
    const w0 = Date.now();
    await put('ledger', pending as unknown as Record<string, unknown>[]);
    phases.write += Date.now() - w0;
    written += pending.length;
    pending = [];
  };
  let d0 = Date.now();
  for (const [i, m] of members.entries()) {
    const n = counts[i];
    const times = Array.from({ length: n }, () => COUNTY_FROM.getTime() + Math.floor(rnd() * span)).sort((a, b) => a - b);
    let balance: BalanceDoc | null = emptyBalance(m._id, m.ancestors);
    const mine: LedgerEntry[] = [];
    const reversed = new Set<string>();
    const actorId = secretaryOf.get(m.branchId)!;
    for (let k = 0; k < n; k++) {
      const at = new Date(times[k]);
      const key = `cty:${m._id}:${k}`;
      const r = rnd();
      let draft: EntryDraft | null = null;
      if (r < 0.003 && mine.length) {
        const original = mine[Math.floor(rnd() * mine.length)];
        if (!original.reversalOf && !reversed.has(original._id)) draft = reversalDraft(original, ruleBy.get(original.ruleCode)!, { actorId, note: '录入有误，冲正', at });
      } else if (r < 0.018) {
        const rule = debit();
        draft = seedDraft(m, rule, key, at, actorId);
      }
      let d = draft ? decideEntry(balance, draft) : null;
      if (!d || !d.ok) d = decideEntry(balance, seedDraft(m, credit(), key, at, actorId));
      if (!d.ok) throw new Error(`seed: a credit was refused (${d.code})`);
      if (d.entry.reversalOf) reversed.add(d.entry.reversalOf);
      balance = applyDecision(balance, d);
      mine.push(d.entry);
      pending.push(d.entry);
    }
    balances.push(balance!);
    if (pending.length >= FLUSH) {
      phases.decide += Date.now() - d0;
      await flush();
      d0 = Date.now();
      if (written % 200_000 < FLUSH) log(`entries ${written} (${Date.now() - t0} ms)`);
    }
  }
  phases.decide += Date.now() - d0;
  await flush();
  const w0 = Date.now();
  await put('balances', balances as unknown as Record<string, unknown>[]);
  phases.write += Date.now() - w0;
  log(`entries ${written}, balances ${balances.length} in ${Date.now() - t0} ms`);
  return { members: members.length, orgs: orgs.length, entries: written, ms: Date.now() - t0, phases };
}

function seedDraft(m: MemberDoc, rule: RuleDoc, key: string, at: Date, actorId: string): EntryDraft {
  return { key, memberId: m._id, ancestors: m.ancestors, eval: rule.evalPoints, redeem: rule.redeemPoints, rule, source: { type: 'award', id: key }, units: 0, actorId, at };
}

async function main(): Promise<void> {
  // SEED_SCALE=0.1: a tenth of the members and entries (same towns and branches), for profiling;
  // SEED_MEMORY=1: an in-memory store only (nothing written to disk)
  const scale = Number(process.env.SEED_SCALE ?? 1);
  const memory = process.env.SEED_MEMORY === '1';
  const dir = path.resolve(process.env.DATA_DIR ?? '.localcloud-county');
  if (!memory) {
    const disk = LocalCloud.start({ dir, strict: true });
    await applySchema(disk);
    const used = disk.store.count('members', {}) > 0;
    await disk.close();
    if (used) {
      console.error(`seed:county: ${dir} already holds data; point DATA_DIR at an empty directory`);
      process.exitCode = 1;
      return;
    }
  }
  // Seeded into arrays, then written to disk once as the store's snapshot: through the journal
  // every document was encoded and fsynced once per insert and again by the compaction at close,
  // and a store would clone and index each (the local cloud builds the indexes as it opens the
  // snapshot). SEED_MEMORY=1 seeds an in-memory store instead (as the bench does).
  const specs = collectionSpecs();
  const collected = new Map<string, Record<string, unknown>[]>(specs.map((c) => [c.name, []]));
  const cloud = memory ? LocalCloud.start({ strict: true }) : null;
  if (cloud) await applySchema(cloud);
  const r = await seedCounty(cloud ? cloud.store : async (c, docs) => void collected.get(c)!.push(...docs), {
    members: Math.round(Number(process.env.COUNTY_MEMBERS ?? 28_000) * scale),
    entries: Math.round(Number(process.env.COUNTY_ENTRIES ?? 1_000_000) * scale),
    log: (msg) => console.log(msg),
  });
  const w0 = Date.now();
  if (!cloud) writeCollections(collected, dir, specs);
  const saveMs = Date.now() - w0;
  await cloud?.close();
  const s = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `seed:county dir=${memory ? 'memory' : dir} members=${r.members} orgs=${r.orgs} entries=${r.entries} setupS=${s(r.phases.setup)} decideS=${s(r.phases.decide)} insertS=${s(r.phases.write)} saveS=${s(saveMs)} seconds=${s(r.ms + saveMs)}`,
  );
}

/**
 * Writes the collections as the snapshot of the store at `dir` (whose journal is empty: it was
 * just closed), every collection of the schema with its indexes, each document at version 1; the
 * local cloud opens it as any snapshot. The seed's ids are unique by construction.
 */
function writeCollections(collected: Map<string, Record<string, unknown>[]>, dir: string, specs: CollectionSpec[]): void {
  const all = new Map<string, Iterable<[Doc, number]>>();
  for (const [c, docs] of collected)
    all.set(
      c,
      docs.map((d) => [d as Doc, 1] as [Doc, number]),
    );
  writeSnapshotSync(dir, 1, all, Object.fromEntries(specs.map((c) => [c.name, c.indexes ?? []])));
}

if (require.main === module) void main();
