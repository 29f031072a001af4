import { isDuplicateKey, isTransactionConflict } from './errors';
import type { CollectionName } from './schema';
import { sdk } from './sdk';

export type Where = Record<string, unknown>;
export type FindOptions = {
  orderBy?: [string, 'asc' | 'desc'][];
  skip?: number;
  limit?: number;
  fields?: Record<string, boolean>;
};

type SdkQuery = {
  where(w: Where): SdkQuery;
  orderBy(f: string, d: 'asc' | 'desc'): SdkQuery;
  skip(n: number): SdkQuery;
  limit(n: number): SdkQuery;
  field(f: Record<string, boolean>): SdkQuery;
  get(): Promise<{ data: unknown[] }>;
  count(): Promise<{ total: number }>;
  update(o: { data: unknown }): Promise<{ stats: { updated: number } }>;
  add(o: { data: unknown }): Promise<{ _id: string }>;
  doc(id: string): SdkDoc;
};
type SdkDoc = {
  get(): Promise<{ data: unknown }>;
  set(o: { data: unknown }): Promise<unknown>;
  update(o: { data: unknown }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<unknown>;
};
type SdkAggregate = { [stage: string]: (v: unknown) => SdkAggregate } & { end(): Promise<{ list: unknown[] }> };
type SdkDb = {
  collection(name: string): SdkQuery & { aggregate(): SdkAggregate };
  command: Command;
  runTransaction<R>(fn: (t: { collection(n: string): SdkQuery }) => Promise<R>, times?: number): Promise<R>;
  serverDate(o?: { offset?: number }): unknown;
  RegExp(o: { regexp: string; options?: string }): unknown;
};

/** The update/query command builder (`db.command`), typed loosely: its values go straight to the SDK. */
export type Command = {
  inc(n: number): unknown;
  in(a: unknown[]): unknown;
  nin(a: unknown[]): unknown;
  gt(v: unknown): unknown;
  gte(v: unknown): unknown;
  lt(v: unknown): unknown;
  lte(v: unknown): unknown;
  neq(v: unknown): unknown;
  exists(b: boolean): unknown;
  and(...a: unknown[]): unknown;
  or(...a: unknown[]): unknown;
  push(...a: unknown[]): unknown;
  remove(): unknown;
  set(v: unknown): unknown;
} & Record<string, (...a: unknown[]) => unknown>;

let handle: SdkDb | undefined;
let lenientHandle: SdkDb | undefined;
function raw(): SdkDb {
  return (handle ??= sdk().database() as unknown as SdkDb);
}
/** A handle whose doc().get() answers null for a missing id instead of throwing. */
function lenient(): SdkDb {
  return (lenientHandle ??= sdk().database({ throwOnNotFound: false } as never) as unknown as SdkDb);
}

export const cmd = (): Command => raw().command;
export const regex = (pattern: string, options = ''): unknown => raw().RegExp({ regexp: pattern, options });

/** Operations allowed inside a transaction: single documents only (CloudBase's rule). */
export type Tx = {
  get<T>(c: CollectionName, id: string): Promise<T | null>;
  add(c: CollectionName, doc: { _id: string } & Record<string, unknown>): Promise<void>;
  set(c: CollectionName, id: string, doc: Record<string, unknown>): Promise<void>;
  update(c: CollectionName, id: string, patch: Record<string, unknown>): Promise<number>;
  remove(c: CollectionName, id: string): Promise<void>;
};

export class DuplicateKeyError extends Error {}

/**
 * MongoDB (so CloudBase) does not keep ties in a fixed order: a page boundary inside a run of
 * equal sort keys can repeat or skip documents. Any orderBy gets `_id` as its last key, so every
 * sorted page is a slice of one total order.
 */
function withTieBreaker(orderBy: FindOptions['orderBy']): [string, 'asc' | 'desc'][] {
  if (!orderBy?.length) return [];
  return orderBy.some(([f]) => f === '_id') ? orderBy : [...orderBy, ['_id', 'asc']];
}

function applyFind(q: SdkQuery, o: FindOptions): SdkQuery {
  for (const [f, d] of withTieBreaker(o.orderBy)) q = q.orderBy(f, d);
  if (o.skip) q = q.skip(o.skip);
  q = q.limit(o.limit ?? 100);
  if (o.fields) q = q.field(o.fields);
  return q;
}

/** Rows per aggregation request when db.aggregate pages (CloudBase's default is 20 without a limit). */
const AGGREGATE_PAGE = 1000;

/** How many times a transaction is re-run on a write conflict before giving up as BUSY. */
const TX_ATTEMPTS = 12;

export const db = {
  async get<T>(c: CollectionName, id: string): Promise<T | null> {
    const r = await lenient().collection(c).doc(id).get();
    return (r.data as T) ?? null;
  },

  async find<T>(c: CollectionName, where: Where, o: FindOptions = {}): Promise<T[]> {
    const r = await applyFind(raw().collection(c).where(where), o).get();
    return r.data as T[];
  },

  /** Reads every match, page by page past the 1000-per-request cap (ordered by _id for stable paging). */
  async findAll<T extends { _id: string }>(c: CollectionName, where: Where, pageSize = 1000): Promise<T[]> {
    const out: T[] = [];
    let after: string | undefined;
    for (;;) {
      // AND the cursor with the caller's filter: spreading it in would replace their own `_id` condition
      const w = after === undefined ? where : (cmd().and(where, { _id: cmd().gt(after) }) as Where);
      const page = await db.find<T>(c, w, { orderBy: [['_id', 'asc']], limit: pageSize });
      out.push(...page);
      if (page.length < pageSize) return out;
      after = page[page.length - 1]._id;
    }
  },

  /**
   * Runs an aggregation: stages as `[{ match: {...} }, { group: {...} }, ...]` (the SDK's stage
   * names without `$`; operator expressions in Mongo form, e.g. `{ $sum: '$eval' }`). CloudBase
   * answers an aggregation without a `limit` stage with only 20 rows, so unless the caller bounds
   * it with its own `limit`, this pages it: sorted by the output's `_id` (a `$group` key: unique),
   * or by the caller's final `sort` with `_id` as tie-breaker, 1,000 rows a request until a short
   * page. Paging needs a unique `_id` in every output row; a repeat is refused, never skipped.
   */
  async aggregate<T>(c: CollectionName, stages: Record<string, unknown>[]): Promise<T[]> {
    const run = async (all: Record<string, unknown>[]): Promise<T[]> => {
      let a = raw().collection(c).aggregate();
      for (const st of all) {
        const [name, value] = Object.entries(st)[0];
        a = a[name](value);
      }
      return (await a.end()).list as T[];
    };
    if (stages.some((st) => 'limit' in st)) return run(stages);
    const last = stages[stages.length - 1] as { sort?: Record<string, 1 | -1> } | undefined;
    const order = last?.sort ? { ...last.sort, _id: last.sort._id ?? 1 } : { _id: 1 };
    const base = last?.sort ? stages.slice(0, -1) : stages;
    const out: T[] = [];
    const seen = new Set<string>();
    for (let skip = 0; ; skip += AGGREGATE_PAGE) {
      const page = await run([...base, { sort: order }, ...(skip ? [{ skip }] : []), { limit: AGGREGATE_PAGE }]);
      for (const row of page) {
        const key = JSON.stringify((row as { _id?: unknown })._id ?? null);
        if (seen.has(key)) throw new Error(`aggregate on ${c}: output _id ${key} repeats, so it cannot be paged`);
        seen.add(key);
      }
      out.push(...page);
      if (page.length < AGGREGATE_PAGE) return out;
    }
  },

  async count(c: CollectionName, where: Where): Promise<number> {
    return (await raw().collection(c).where(where).count()).total;
  },

  /** Inserts; a duplicate `_id` (or unique key) throws DuplicateKeyError. */
  async add(c: CollectionName, doc: Record<string, unknown>): Promise<string> {
    try {
      return (await raw().collection(c).add({ data: doc }))._id;
    } catch (e) {
      if (isDuplicateKey(e)) throw new DuplicateKeyError(String((e as Error).message));
      throw e;
    }
  },

  /**
   * Inserts documents in one request. It is ordered, as MongoDB's insertMany: at a duplicate key
   * the documents before it are in and the rest are not, and the error does not say which. A
   * duplicate throws DuplicateKeyError.
   */
  async addMany(c: CollectionName, docs: Record<string, unknown>[]): Promise<void> {
    if (!docs.length) return;
    try {
      await raw().collection(c).add({ data: docs });
    } catch (e) {
      if (isDuplicateKey(e)) throw new DuplicateKeyError(String((e as Error).message));
      throw e;
    }
  },

  /**
   * Makes sure each document exists (keyed by `_id`, e.g. a dedupe key): one request, and when
   * some already exist (a concurrent run inserted them) the rest one by one, skipping existing
   * ones. After it every document is in, whichever of the batch landed before the duplicate.
   */
  async addManyIgnoringDuplicates(c: CollectionName, docs: ({ _id: string } & Record<string, unknown>)[]): Promise<void> {
    try {
      await db.addMany(c, docs);
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      for (const d of docs) {
        try {
          await db.add(c, d);
        } catch (x) {
          if (!(x instanceof DuplicateKeyError)) throw x;
        }
      }
    }
  },

  async set(c: CollectionName, id: string, doc: Record<string, unknown>): Promise<void> {
    await raw().collection(c).doc(id).set({ data: doc });
  },

  async update(c: CollectionName, id: string, patch: Record<string, unknown>): Promise<number> {
    return (await raw().collection(c).doc(id).update({ data: patch })).stats.updated;
  },

  async updateWhere(c: CollectionName, where: Where, patch: Record<string, unknown>): Promise<number> {
    return (await raw().collection(c).where(where).update({ data: patch })).stats.updated;
  },

  async remove(c: CollectionName, id: string): Promise<void> {
    await raw().collection(c).doc(id).remove();
  },

  /**
   * Runs `fn` in a transaction. CloudBase fails a write at once when another open transaction
   * holds the document (or it changed since our snapshot), and wx-server-sdk reports that as
   * -501001 without the code, so its own runTransaction never retries it: we re-run the whole
   * callback (it must be safe to re-run: read, decide, write) a bounded number of times. Runs on
   * the lenient handle, so a transactional read of a missing id answers null and every other
   * failure is thrown.
   */
  async transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R> {
    let lastError: unknown;
    for (let attempt = 0; attempt < TX_ATTEMPTS; attempt++) {
      try {
        return await lenient().runTransaction(async (t) => fn(wrapTx(t)), 0);
      } catch (e) {
        if (!isTransactionConflict(e)) throw e;
        lastError = e;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
      }
    }
    throw new TransactionBusyError(lastError);
  },
};

export class TransactionBusyError extends Error {
  constructor(override readonly cause: unknown) {
    super('transaction kept conflicting');
  }
}

function wrapTx(t: { collection(n: string): SdkQuery }): Tx {
  return {
    async get<T>(c: CollectionName, id: string) {
      // throwOnNotFound is off: a missing id is `data: null`; any error is a real failure (an
      // uncoded one is errCode -1 too, and must never read as "no balance yet")
      const r = await t.collection(c).doc(id).get();
      return (r.data as T) ?? null;
    },
    async add(c, doc) {
      try {
        await t.collection(c).add({ data: doc });
      } catch (e) {
        if (isDuplicateKey(e)) throw new DuplicateKeyError(String((e as Error).message));
        throw e;
      }
    },
    async set(c, id, doc) {
      await t.collection(c).doc(id).set({ data: doc });
    },
    async update(c, id, patch) {
      return (await t.collection(c).doc(id).update({ data: patch })).stats.updated;
    },
    async remove(c, id) {
      await t.collection(c).doc(id).remove();
    },
  };
}
