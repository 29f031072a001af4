import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { clone } from './clone';
import type { DocWrite } from './codec';
import { decode } from './codec';
import { Collection } from './collection';
import { FieldIndex } from './field-index';
import { Journal, parseRecord, readLines, writeSnapshotSync, type SnapshotLine } from './journal';
import { applyOperators, compile, runAggregate, runFind, seededRandom, shuffle, type FindOptions } from './query';
import type { CollectionSpec, Doc, IndexSpec } from './types';
import { dbErrors } from './types';

export type StoreOptions = {
  /** Data directory; without it the store lives in memory only (tests). */
  dir?: string;
  collections?: CollectionSpec[];
  /** Journal size that triggers compaction into the snapshot. */
  compactBytes?: number;
  log?: (msg: string) => void;
  /** How long a transaction may stay open before the service drops it (CloudBase: 30 s). */
  txnLifetimeMs?: number;
  /** Seed of the shuffle that orders sort ties (MongoDB's sort is not stable); fixed by default. */
  tieSeed?: number;
};

/** The default tie shuffle seed; LOCAL_CLOUD_TIE_SEED overrides it to try another order. */
export const DEFAULT_TIE_SEED = 20261101;

export type Recovery = { snapshotDocs: number; journalRecords: number; tornTail: boolean; tornBytes: number };

type Txn = { id: string; startSeq: number; writes: Map<string, DocWrite>; startedAt: number; locks: Set<string> };
type Version = { v: number; doc: Doc | null };

/** "transaction must be commit or abort in 30 seconds" (node-sdk transaction test, TransactionNotExist). */
const TXN_LIFETIME_MS = 30_000;
const keyOf = (c: string, id: string): string => c + '\u0000' + id;
/** The lock on one value of a unique index: two transactions cannot both write it. */
const uniqueKeyOf = (c: string, field: string, key: string): string => 'u\u0000' + c + '\u0000' + field + '\u0000' + key;

/**
 * The embedded document store behind the local cloud: collections with equality indexes,
 * snapshot-isolated transactions and a fsynced journal. All mutations are synchronous in memory;
 * their promise resolves once durable.
 *
 * Transactions behave as CloudBase documents them (WeChat guide database/transaction.md, 快照隔离):
 * reads see the snapshot at the start; a write puts a transaction lock on the document (and on
 * each unique-index value it writes); another transaction's write to a locked document fails at
 * once with DATABASE_TRANSACTION_CONFLICT, as does a write to a document changed since the
 * snapshot, and the failed transaction is gone (MongoDB aborts it); a plain write to a locked
 * document waits until the lock is released by commit, abort or the holder's 30 s lifetime.
 */
export class Store {
  private readonly cols = new Map<string, Collection>();
  private readonly txns = new Map<string, Txn>();
  /** Transaction locks: document or unique-value key -> the transaction holding it. */
  private readonly locks = new Map<string, string>();
  private lockWaiters: (() => void)[] = [];
  /** Older versions of documents written while a transaction was open: its snapshot reads them. */
  private readonly chains = new Map<string, Version[]>();
  private seq = 0;
  private commitsSincePrune = 0;
  private journal?: Journal;
  private compacting = false;
  private snapshotBytes = 0;
  recovery: Recovery = { snapshotDocs: 0, journalRecords: 0, tornTail: false, tornBytes: 0 };

  /** Orders sort ties, seeded so a failure that depends on a tie order reproduces. */
  private readonly random: () => number;
  readonly tieSeed: number;

  private constructor(private readonly opts: StoreOptions) {
    this.tieSeed = opts.tieSeed ?? (Number(process.env.LOCAL_CLOUD_TIE_SEED) || DEFAULT_TIE_SEED);
    this.random = seededRandom(this.tieSeed);
  }

  static open(opts: StoreOptions = {}): Store {
    const s = new Store(opts);
    if (opts.dir) {
      fs.mkdirSync(opts.dir, { recursive: true });
      s.replay(opts.dir);
      s.journal = Journal.openForAppend(opts.dir);
    }
    for (const spec of opts.collections ?? []) {
      if (!s.cols.has(spec.name)) s.createCollectionSync(spec.name);
      const col = s.cols.get(spec.name)!;
      for (const idx of spec.indexes ?? []) col.ensureIndex(idx);
    }
    return s;
  }

  // ---------- collections ----------

  collectionNames(): string[] {
    return [...this.cols.keys()];
  }

  private col(name: string): Collection {
    const c = this.cols.get(name);
    if (!c) throw dbErrors.notExist(name);
    return c;
  }

  private createCollectionSync(name: string): Promise<void> {
    this.cols.set(name, new Collection(name));
    return this.persist({ seq: ++this.seq, w: [], cc: name });
  }

  async createCollection(name: string): Promise<void> {
    if (this.cols.has(name)) throw dbErrors.exists(name);
    await this.createCollectionSync(name);
  }

  /** The indexes a collection has (besides `_id`). */
  indexesOf(c: string): IndexSpec[] {
    return [...this.col(c).indexes.values()].map((i) => ({ field: i.field, ...(i.unique ? { unique: true } : {}) }));
  }

  /**
   * Creates an index, as the console or a management API does; durable like the data. A unique
   * index over documents that already repeat a value fails to build (MongoDB: E11000), and
   * asking for an existing index again is a no-op.
   */
  async createIndex(c: string, spec: IndexSpec): Promise<void> {
    const col = this.col(c);
    const have = col.indexes.get(spec.field);
    if (have) {
      if (have.unique !== !!spec.unique) throw dbErrors.invalid(`index ${c}.${spec.field} exists with unique: ${have.unique}`);
      return;
    }
    if (spec.unique) {
      const seen = new Map<string, string>();
      const probe = new FieldIndex(spec.field, true);
      for (const d of col.docs.values()) {
        for (const k of probe.keysOf(d) ?? []) {
          if (seen.has(k)) throw dbErrors.duplicate(c, spec.field, k.slice(1));
          seen.set(k, d._id);
        }
      }
    }
    col.ensureIndex(spec);
    await this.persist({ seq: ++this.seq, w: [], ci: { c, field: spec.field, ...(spec.unique ? { unique: true } : {}) } });
  }

  // ---------- reads ----------

  getById(c: string, id: string, txnId?: string): Doc | null {
    const col = this.col(c);
    if (txnId) {
      const t = this.txn(txnId);
      const own = t.writes.get(keyOf(c, id));
      const d = own ? own.doc : this.snapshotRead(c, id, t.startSeq);
      return d ? clone(d) : null;
    }
    const d = col.docs.get(id);
    return d ? clone(d) : null;
  }

  find(c: string, criteria: Record<string, unknown>, opts: FindOptions, txnId?: string): Doc[] {
    if (txnId) throw dbErrors.whereInTransaction();
    const col = this.col(c);
    return runFind(col.candidates(criteria), criteria, { ...opts, random: opts.random ?? this.random });
  }

  count(c: string, criteria: Record<string, unknown>): number {
    const col = this.col(c);
    const q = compile(criteria);
    let n = 0;
    for (const d of col.candidates(criteria)) if (q.test(d)) n++;
    return n;
  }

  aggregate(c: string, pipeline: Record<string, unknown>[]): Doc[] {
    const col = this.col(c);
    // a leading $match can use the indexes
    const first = pipeline[0];
    let source: Iterable<Doc> = col.docs.values();
    if (first && typeof first.$match === 'object' && first.$match) source = col.candidates(first.$match as Record<string, unknown>);
    const docs = [...source];
    // $sort ties come back in no fixed order either (mingo's sort is stable: shuffle its input)
    if (pipeline.some((st) => '$sort' in st)) shuffle(docs, this.random);
    return runAggregate(docs, pipeline, (name) => [...this.col(name).docs.values()]);
  }

  // ---------- writes outside transactions (each one atomic and durable) ----------

  insert(c: string, docs: Record<string, unknown>[], txnId?: string): { ids: string[]; durable: Promise<void> } {
    const col = this.col(c);
    const prepared = docs.map((d) => ({ ...clone(d), _id: d._id === undefined ? newId() : String(d._id) }) as Doc);
    if (txnId) {
      const t = this.txn(txnId);
      for (const d of prepared) {
        const k = keyOf(c, d._id);
        const own = t.writes.get(k);
        if (!own) this.lockForWrite(t, col, d._id, d);
        const existing = own ? own.doc : (this.snapshotRead(c, d._id, t.startSeq) ?? col.docs.get(d._id) ?? null);
        if (existing) throw dbErrors.duplicate(c, '_id', d._id);
        col.checkUnique(d, d._id);
        this.lockUniqueValues(t, col, d);
        t.writes.set(k, { c, id: d._id, doc: d });
      }
      return { ids: prepared.map((d) => d._id), durable: Promise.resolve() };
    }
    this.refuseLocked(
      c,
      prepared.map((d) => d._id),
    );
    // An array insert is ordered, as MongoDB's insertMany by default: the documents before the
    // first duplicate are inserted, the rest are not, and the request fails. The reply names no
    // inserted ids, so a caller cannot tell which landed (CloudBase documents nothing else).
    const seen = new Set<string>();
    const batchKeys = new Map<string, Set<string>>();
    const inserted: Doc[] = [];
    let failure: unknown;
    for (const d of prepared) {
      try {
        if (col.docs.has(d._id) || seen.has(d._id)) throw dbErrors.duplicate(c, '_id', d._id);
        col.checkUnique(d, d._id);
        for (const idx of col.indexes.values()) {
          if (!idx.unique) continue;
          const keys = batchKeys.get(idx.field) ?? new Set<string>();
          for (const k of idx.keysOf(d) ?? []) if (keys.has(k)) throw dbErrors.duplicate(c, idx.field, k.slice(1));
          for (const k of idx.keysOf(d) ?? []) keys.add(k);
          batchKeys.set(idx.field, keys);
        }
      } catch (e) {
        failure = e;
        break;
      }
      seen.add(d._id);
      inserted.push(d);
    }
    const durable = inserted.length ? this.apply(inserted.map((d) => ({ c, id: d._id, doc: d }))) : Promise.resolve();
    // the inserted prefix is acknowledged with the error, once durable like any write
    if (failure !== undefined) throw Object.assign(failure as object, { partial: durable });
    return { ids: prepared.map((d) => d._id), durable };
  }

  updateById(c: string, id: string, ops: Record<string, unknown>, txnId?: string): { updated: number; durable: Promise<void> } {
    const col = this.col(c);
    if (txnId) {
      const t = this.txn(txnId);
      const k = keyOf(c, id);
      const cur = t.writes.has(k) ? t.writes.get(k)!.doc : this.snapshotRead(c, id, t.startSeq);
      if (!cur) return { updated: 0, durable: Promise.resolve() };
      const { doc, changed } = applyOperators(cur, ops);
      if (!t.writes.has(k)) this.lockForWrite(t, col, id, doc);
      col.checkUnique(doc, id);
      this.lockUniqueValues(t, col, doc);
      t.writes.set(k, { c, id, doc });
      return { updated: changed ? 1 : 0, durable: Promise.resolve() };
    }
    this.refuseLocked(c, [id]);
    const cur = col.docs.get(id);
    if (!cur) return { updated: 0, durable: Promise.resolve() };
    const { doc, changed } = applyOperators(cur, ops);
    if (!changed) return { updated: 0, durable: Promise.resolve() };
    col.checkUnique(doc, id);
    return { updated: 1, durable: this.apply([{ c, id, doc }]) };
  }

  /** Replaces (or creates) a whole document, keeping its `_id`. */
  setById(c: string, id: string, data: Record<string, unknown>, txnId?: string): { updated: number; upsertedId?: string; durable: Promise<void> } {
    const col = this.col(c);
    for (const k of Object.keys(data)) if (k.startsWith('$')) throw dbErrors.invalid('set() takes a document, not operators');
    const doc = { ...clone(data), _id: id } as Doc;
    if (txnId) {
      const t = this.txn(txnId);
      if (!t.writes.has(keyOf(c, id))) this.lockForWrite(t, col, id, doc);
      col.checkUnique(doc, id);
      this.lockUniqueValues(t, col, doc);
      t.writes.set(keyOf(c, id), { c, id, doc });
      // CloudBase reports created: 0 for set() in a transaction even when it upserts
      return { updated: 1, durable: Promise.resolve() };
    }
    this.refuseLocked(c, [id]);
    col.checkUnique(doc, id);
    const existed = col.docs.has(id);
    return { updated: existed ? 1 : 0, upsertedId: existed ? undefined : id, durable: this.apply([{ c, id, doc }]) };
  }

  removeById(c: string, id: string, txnId?: string): { deleted: number; durable: Promise<void> } {
    const col = this.col(c);
    if (txnId) {
      const t = this.txn(txnId);
      const k = keyOf(c, id);
      const cur = t.writes.has(k) ? t.writes.get(k)!.doc : this.snapshotRead(c, id, t.startSeq);
      if (!cur) return { deleted: 0, durable: Promise.resolve() };
      if (!t.writes.has(k)) this.lockForWrite(t, col, id, null);
      t.writes.set(k, { c, id, doc: null });
      return { deleted: 1, durable: Promise.resolve() };
    }
    this.refuseLocked(c, [id]);
    if (!col.docs.has(id)) return { deleted: 0, durable: Promise.resolve() };
    return { deleted: 1, durable: this.apply([{ c, id, doc: null }]) };
  }

  updateWhere(c: string, criteria: Record<string, unknown>, ops: Record<string, unknown>, multi: boolean): { updated: number; durable: Promise<void> } {
    const col = this.col(c);
    const q = compile(criteria);
    const writes: DocWrite[] = [];
    const pending = new Map<string, Doc | null>();
    for (const d of col.candidates(criteria)) {
      if (!q.test(d)) continue;
      const { doc, changed } = applyOperators(d, ops);
      if (changed) {
        writes.push({ c, id: d._id, doc });
        pending.set(d._id, doc);
      }
      if (!multi) break;
    }
    this.refuseLocked(
      c,
      writes.map((w) => w.id),
    );
    for (const w of writes) col.checkUnique(w.doc!, w.id, pending);
    this.checkBatchUnique(
      col,
      writes.map((w) => w.doc!),
    );
    return { updated: writes.length, durable: writes.length ? this.apply(writes) : Promise.resolve() };
  }

  removeWhere(c: string, criteria: Record<string, unknown>, multi: boolean): { deleted: number; durable: Promise<void> } {
    const col = this.col(c);
    const q = compile(criteria);
    const writes: DocWrite[] = [];
    for (const d of col.candidates(criteria)) {
      if (!q.test(d)) continue;
      writes.push({ c, id: d._id, doc: null });
      if (!multi) break;
    }
    this.refuseLocked(
      c,
      writes.map((w) => w.id),
    );
    return { deleted: writes.length, durable: writes.length ? this.apply(writes) : Promise.resolve() };
  }

  // ---------- transactions ----------

  begin(): string {
    this.expireTransactions();
    const id = randomUUID();
    this.txns.set(id, { id, startSeq: this.seq, writes: new Map(), startedAt: Date.now(), locks: new Set() });
    return id;
  }

  async commit(txnId: string): Promise<void> {
    const t = this.txn(txnId);
    this.endTxn(txnId);
    const writes = [...t.writes.values()];
    // locks were taken at each write and nothing else could write those documents since: this
    // check is a safety net, not the conflict detection
    for (const w of writes) {
      if (this.currentVersion(w.c, w.id) > t.startSeq) throw dbErrors.conflict();
    }
    const byCol = new Map<string, Map<string, Doc | null>>();
    for (const w of writes) {
      if (!byCol.has(w.c)) byCol.set(w.c, new Map());
      byCol.get(w.c)!.set(w.id, w.doc);
    }
    for (const [c, pending] of byCol) {
      const col = this.col(c);
      for (const [id, doc] of pending) if (doc) col.checkUnique(doc, id, pending);
      this.checkBatchUnique(
        col,
        [...pending.values()].filter((d): d is Doc => !!d),
      );
    }
    if (writes.length) await this.apply(writes);
  }

  abort(txnId: string): void {
    this.txn(txnId);
    this.endTxn(txnId);
  }

  openTransactions(): number {
    return this.txns.size;
  }

  /** How many documents and unique values open transactions hold locked (tests, diagnostics). */
  lockCount(): number {
    return this.locks.size;
  }

  private txn(id: string): Txn {
    this.expireTransactions();
    const t = this.txns.get(id);
    if (!t) throw dbErrors.txnNotFound(id);
    return t;
  }

  private endTxn(id: string): void {
    const t = this.txns.get(id);
    this.txns.delete(id);
    if (t) {
      for (const k of t.locks) if (this.locks.get(k) === id) this.locks.delete(k);
      if (t.locks.size) this.wakeLockWaiters();
    }
    if (this.txns.size === 0) this.chains.clear();
  }

  private get lifetimeMs(): number {
    return this.opts.txnLifetimeMs ?? TXN_LIFETIME_MS;
  }

  /** Drops transactions past their lifetime (their locks go with them). */
  private expireTransactions(): void {
    const now = Date.now();
    for (const t of [...this.txns.values()]) if (now - t.startedAt > this.lifetimeMs) this.endTxn(t.id);
  }

  /**
   * Takes the transaction lock on a document before its first write in `t`. Another
   * transaction's lock, or a change since `t`'s snapshot, fails the write at once and ends `t`.
   */
  private lockForWrite(t: Txn, col: Collection, id: string, next: Doc | null): void {
    const k = keyOf(col.name, id);
    const holder = this.locks.get(k);
    if ((holder && holder !== t.id) || this.currentVersion(col.name, id) > t.startSeq) this.conflict(t);
    for (const u of next ? this.uniqueKeys(col, next) : []) {
      const h = this.locks.get(u);
      if (h && h !== t.id) this.conflict(t);
    }
    this.locks.set(k, t.id);
    t.locks.add(k);
  }

  /** Locks the unique-index values a transaction writes, so a second writer of one conflicts. */
  private lockUniqueValues(t: Txn, col: Collection, doc: Doc): void {
    for (const u of this.uniqueKeys(col, doc)) {
      const h = this.locks.get(u);
      if (h && h !== t.id) this.conflict(t);
      this.locks.set(u, t.id);
      t.locks.add(u);
    }
  }

  private uniqueKeys(col: Collection, doc: Doc): string[] {
    const out: string[] = [];
    for (const idx of col.indexes.values()) if (idx.unique) for (const key of idx.keysOf(doc) ?? []) out.push(uniqueKeyOf(col.name, idx.field, key));
    return out;
  }

  private conflict(t: Txn): never {
    // MongoDB aborts a transaction on a write conflict: it is gone, its locks released
    this.endTxn(t.id);
    throw dbErrors.conflict();
  }

  /** A plain write must not touch a locked document; callers wait with `waitForUnlocked` first. */
  private refuseLocked(c: string, ids: string[]): void {
    for (const id of ids) if (this.locks.has(keyOf(c, id))) throw dbErrors.locked(c, id);
  }

  /**
   * Resolves once none of these documents is locked by a transaction ("普通的更新操作会被阻塞，直到
   * 事务锁释放或者超时"): at the holder's commit or abort, or when it outlives its 30 s. Run the
   * write right after, in the same tick.
   */
  async waitForUnlocked(c: string, ids: string[]): Promise<void> {
    for (;;) {
      this.expireTransactions();
      const holders = new Set<string>();
      for (const id of ids) {
        const h = this.locks.get(keyOf(c, id));
        if (h) holders.add(h);
      }
      if (!holders.size) return;
      let expiry = Infinity;
      for (const h of holders) expiry = Math.min(expiry, (this.txns.get(h)?.startedAt ?? 0) + this.lifetimeMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, expiry - Date.now() + 1));
        this.lockWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wakeLockWaiters(): void {
    const waiters = this.lockWaiters;
    this.lockWaiters = [];
    for (const w of waiters) w();
  }

  isLocked(c: string, id: string): boolean {
    return this.locks.has(keyOf(c, id));
  }

  /** The ids a plain where() write would touch (to wait for their locks first). */
  matchingIds(c: string, criteria: Record<string, unknown>, multi: boolean): string[] {
    const col = this.col(c);
    const q = compile(criteria);
    const out: string[] = [];
    for (const d of col.candidates(criteria)) {
      if (!q.test(d)) continue;
      out.push(d._id);
      if (!multi) break;
    }
    return out;
  }

  private currentVersion(c: string, id: string): number {
    const chain = this.chains.get(keyOf(c, id));
    if (chain) return chain[chain.length - 1].v;
    return this.cols.get(c)?.versions.get(id) ?? 0;
  }

  private snapshotRead(c: string, id: string, at: number): Doc | null {
    const chain = this.chains.get(keyOf(c, id));
    if (chain) {
      for (let i = chain.length - 1; i >= 0; i--) if (chain[i].v <= at) return chain[i].doc;
      return null;
    }
    return this.col(c).docs.get(id) ?? null;
  }

  // ---------- applying and persisting ----------

  /** Unique keys must also differ among the documents written together. */
  private checkBatchUnique(col: Collection, docs: Doc[]): void {
    for (const idx of col.indexes.values()) {
      if (!idx.unique || docs.length < 2) continue;
      const seen = new Map<string, string>();
      for (const d of docs) {
        for (const k of idx.keysOf(d) ?? []) {
          const other = seen.get(k);
          if (other !== undefined && other !== d._id) throw dbErrors.duplicate(col.name, idx.field, k.slice(1));
          seen.set(k, d._id);
        }
      }
    }
  }

  private apply(writes: DocWrite[]): Promise<void> {
    const seq = ++this.seq;
    const keepHistory = this.txns.size > 0;
    for (const w of writes) {
      const col = this.col(w.c);
      if (keepHistory) {
        const k = keyOf(w.c, w.id);
        let chain = this.chains.get(k);
        if (!chain) {
          chain = [{ v: col.versions.get(w.id) ?? 0, doc: col.docs.get(w.id) ?? null }];
          this.chains.set(k, chain);
        }
        chain.push({ v: seq, doc: w.doc });
      }
      if (w.doc) col.put(w.doc, seq);
      else col.delete(w.id, seq);
    }
    if (keepHistory && ++this.commitsSincePrune >= 1000) this.pruneChains();
    return this.persist({ seq, w: writes });
  }

  private pruneChains(): void {
    this.commitsSincePrune = 0;
    let min = Infinity;
    for (const t of this.txns.values()) min = Math.min(min, t.startSeq);
    for (const [k, chain] of this.chains) {
      let keep = 0;
      for (let i = 0; i < chain.length; i++) if (chain[i].v <= min) keep = i;
      if (keep > 0) chain.splice(0, keep);
      if (chain.length === 1) this.chains.delete(k);
    }
  }

  private persist(rec: { seq: number; w: DocWrite[]; cc?: string; ci?: { c: string } & IndexSpec }): Promise<void> {
    if (!this.journal) return Promise.resolve();
    const p = this.journal.append(rec);
    // compact when the journal outgrows both the threshold and the snapshot, so rewrite work
    // stays proportional to what was written (not quadratic in a growing store)
    if (!this.compacting && this.journal.bytes > Math.max(this.opts.compactBytes ?? 64 << 20, this.snapshotBytes)) {
      this.compacting = true;
      p.then(() => this.compact()).catch((e) => this.opts.log?.(`compaction failed: ${String(e)}`));
    }
    return p;
  }

  /** Folds the journal into a fresh snapshot. Writes made meanwhile stay queued, then land in the new journal. */
  async compact(): Promise<void> {
    const j = this.journal;
    if (!j || !this.opts.dir) return;
    this.compacting = true;
    try {
      j.pause();
      await j.drain();
      const all = new Map<string, Iterable<[Doc, number]>>();
      for (const [name, col] of this.cols) {
        all.set(
          name,
          (function* () {
            for (const [id, d] of col.docs) yield [d, col.versions.get(id) ?? 0] as [Doc, number];
          })(),
        );
      }
      const indexes: Record<string, IndexSpec[]> = {};
      for (const name of this.cols.keys()) indexes[name] = this.indexesOf(name);
      writeSnapshotSync(this.opts.dir, this.seq, all, indexes);
      this.snapshotBytes = fs.statSync(Journal.snapshotPath(this.opts.dir)).size;
      j.resetSync();
    } finally {
      j.resume();
      this.compacting = false;
    }
  }

  private replay(dir: string): void {
    if (fs.existsSync(Journal.snapshotPath(dir))) this.snapshotBytes = fs.statSync(Journal.snapshotPath(dir)).size;
    for (const { line, complete } of readLines(Journal.snapshotPath(dir))) {
      if (!complete) throw new Error(`snapshot ${Journal.snapshotPath(dir)} is truncated`);
      const rec = decode<SnapshotLine>(line);
      if ('meta' in rec) {
        this.seq = rec.meta.seq;
        for (const c of rec.meta.collections) this.cols.set(c, new Collection(c));
        for (const [c, specs] of Object.entries(rec.meta.indexes ?? {})) for (const spec of specs) this.cols.get(c)?.ensureIndex(spec);
      } else {
        this.col(rec.c).put(rec.d, rec.v);
        this.recovery.snapshotDocs++;
      }
    }
    const jp = Journal.journalPath(dir);
    let goodEnd = 0;
    const lines = [...readLinesMeta(jp)];
    for (let i = 0; i < lines.length; i++) {
      const { line, end, complete } = lines[i];
      const rec = complete ? parseRecord(line) : null;
      if (!rec) {
        if (i === lines.length - 1) {
          // a crash mid-append leaves a torn last line: that write was never acknowledged
          this.recovery.tornTail = true;
          this.recovery.tornBytes = fs.statSync(jp).size - goodEnd;
          fs.truncateSync(jp, goodEnd);
          this.opts.log?.(`journal: dropped a torn last record (${this.recovery.tornBytes} bytes) left by a crash`);
          break;
        }
        throw new Error(`journal ${jp} is corrupt at byte ${goodEnd}`);
      }
      goodEnd = end;
      if (rec.seq <= this.seq) continue;
      this.seq = rec.seq;
      this.recovery.journalRecords++;
      const cc = (rec as { cc?: string }).cc;
      if (cc && !this.cols.has(cc)) this.cols.set(cc, new Collection(cc));
      const ci = (rec as { ci?: { c: string } & IndexSpec }).ci;
      if (ci) this.col(ci.c).ensureIndex({ field: ci.field, unique: ci.unique });
      for (const w of rec.w) {
        const col = this.col(w.c);
        if (w.doc) col.put(w.doc, rec.seq);
        else col.delete(w.id, rec.seq);
      }
    }
  }

  async close(): Promise<void> {
    if (!this.journal) return;
    await this.journal.drain();
    if (this.journal.bytes > 0) await this.compact();
    this.journal.close();
    this.journal = undefined;
  }

  /** Waits until every acknowledged write is on disk (tests). */
  async flush(): Promise<void> {
    await this.journal?.drain();
  }
}

function readLinesMeta(file: string) {
  return readLines(file);
}

export function newId(): string {
  return randomUUID().replace(/-/g, '');
}
