import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { cmd, db, DuplicateKeyError, TransactionBusyError } from '../../core/db/db';
import { isDuplicateKey, isNotFound, isTransactionConflict } from '../../core/db/errors';
import type { CollectionName } from '../../core/db/schema';
import { rejection, settle, startLocalCloud, type Db, type TestCloud } from './helpers';

// core/db (the product's wrapper over wx-server-sdk) against the local cloud, through the real SDK.
// Sources: WeChat guide database/transaction.md and TencentCloudBase/node-sdk
// test/database/unit/transaction.test.ts (a write to a document another transaction holds fails
// at once with "[ResourceUnavailable.TransactionConflict] Transaction is conflict..."); wx-server-sdk
// 4.0.2 index.js (that error becomes errCode -501001 without its code; an error with no code at all
// becomes errCode -1, like a missing document); CloudBase error codes (DATABASE_DUPLICATE_WRITE).

let t: TestCloud;
let raw: Db;
const C = 'wrapped' as CollectionName;

type ManualTxn = { collection(n: string): ReturnType<Db['collection']>; commit(): Promise<unknown>; rollback(): Promise<unknown> };
const startTransaction = (): Promise<ManualTxn> => (raw as unknown as { startTransaction(): Promise<ManualTxn> }).startTransaction();

beforeAll(() => {
  t = startLocalCloud({ collections: [{ name: C }] });
  raw = t.db;
});
afterAll(() => t.close());
beforeEach(() => t.cloud.faults.clear());

/** Resolves once `n` parties have arrived. */
function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const open = new Promise<void>((r) => (release = r));
  return () => {
    if (++arrived >= n) release();
    return open;
  };
}

describe('write conflicts at the write', () => {
  it('recognises the error the real SDK gives for a write to a document another transaction holds', async () => {
    await db.set(C, 'k1', { v: 1 });
    const holder = await startTransaction();
    await holder
      .collection(C)
      .doc('k1')
      .update({ data: { v: 2 } });
    const e = await rejection(
      raw.runTransaction(async (tx) =>
        tx
          .collection(C)
          .doc('k1')
          .update({ data: { v: 3 } }),
      ),
    );
    await holder.commit();
    expect(e).toMatchObject({ errCode: -501001, errMsg: expect.stringContaining('Transaction is conflict') });
    expect((e as { code?: string }).code).toBeUndefined();
    expect(isTransactionConflict(e)).toBe(true);
    // the texts before this fix looked for: they miss it
    expect(/TRANSACTION_CONFLICT|transaction conflict/i.test(`${(e as { errMsg: string }).errMsg}`)).toBe(false);
  });

  it('db.transaction re-runs a callback whose write conflicted, so concurrent increments all land', async () => {
    await db.set(C, 'k2', { v: 0 });
    const allRead = barrier(4);
    let runs = 0;
    const inc = () =>
      db.transaction(async (tx) => {
        runs++;
        const cur = await tx.get<{ v: number }>(C, 'k2');
        if (runs <= 4) await allRead(); // every first run read v=0
        await tx.update(C, 'k2', { v: cur!.v + 1 });
        await new Promise((r) => setTimeout(r, 5));
      });
    const r = await settle([inc(), inc(), inc(), inc()]);
    expect(r.failed).toEqual([]);
    expect(runs).toBeGreaterThan(4);
    expect(await db.get(C, 'k2')).toEqual({ _id: 'k2', v: 4 });
  });

  it('gives up as TransactionBusyError when the document stays locked', async () => {
    await db.set(C, 'k3', { v: 0 });
    const holder = await startTransaction();
    await holder
      .collection(C)
      .doc('k3')
      .update({ data: { v: 9 } });
    const e = await rejection(db.transaction(async (tx) => tx.update(C, 'k3', { v: 1 })));
    await holder.rollback();
    expect(e).toBeInstanceOf(TransactionBusyError);
    expect(isTransactionConflict((e as TransactionBusyError).cause)).toBe(true);
    expect(await db.get(C, 'k3')).toEqual({ _id: 'k3', v: 0 });
  });
});

describe('aggregations are paged past the 20-row default', () => {
  const G = 'grouped' as CollectionName;
  beforeAll(async () => {
    await t.cloud.store.createCollection(G);
    // 1,050 groups of 2 (two pages of 1,000), values 1..2100
    await t.cloud.store.insert(
      G,
      Array.from({ length: 2100 }, (_x, i) => ({ _id: `r${String(i).padStart(4, '0')}`, g: `g${String(i % 1050).padStart(4, '0')}`, v: i + 1, tie: i % 3 })),
    ).durable;
  });

  it('returns every group once, across pages', async () => {
    const rows = await db.aggregate<{ _id: string; n: number }>(G, [{ group: { _id: '$g', n: { $sum: 1 } } }]);
    expect(rows).toHaveLength(1050);
    expect(new Set(rows.map((r) => r._id)).size).toBe(1050);
    expect(rows.every((r) => r.n === 2)).toBe(true);
  });

  it("keeps the caller's final sort, with _id breaking its ties", async () => {
    const rows = await db.aggregate<{ _id: string; tie: number }>(G, [{ group: { _id: '$g', tie: { $min: '$tie' } } }, { sort: { tie: -1 } }]);
    expect(rows).toHaveLength(1050);
    const expected = [...rows].sort((a, b) => b.tie - a.tie || a._id.localeCompare(b._id));
    expect(rows.map((r) => r._id)).toEqual(expected.map((r) => r._id));
  });

  it("leaves an aggregation with the caller's own limit alone", async () => {
    const rows = await db.aggregate(G, [{ group: { _id: '$g' } }, { limit: 30 }]);
    expect(rows).toHaveLength(30);
  });

  it('refuses to page an output without a unique _id rather than skip or repeat rows', async () => {
    await expect(db.aggregate(G, [{ project: { _id: 0, g: 1 } }])).rejects.toThrow(/repeats/);
  });
});

describe('sorted pages', () => {
  const S = 'sorted' as CollectionName;
  beforeAll(async () => {
    await t.cloud.store.createCollection(S);
    await t.cloud.store.insert(
      S,
      Array.from({ length: 45 }, (_x, i) => ({ _id: `s${String(i).padStart(2, '0')}`, status: i % 3 === 0 ? 'open' : 'done', at: 1 })),
    ).durable;
  });

  it('find pages through a sort full of ties without repeating or skipping (_id breaks every tie)', async () => {
    const seen: string[] = [];
    for (let skip = 0; skip < 45; skip += 10) {
      const page = await db.find<{ _id: string }>(S, {}, { orderBy: [['at', 'desc']], skip, limit: 10 });
      seen.push(...page.map((d) => d._id));
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
  });

  it("findAll keeps the caller's own _id condition on every page", async () => {
    const wanted = Array.from({ length: 15 }, (_x, i) => `s${String(i * 3).padStart(2, '0')}`);
    const rows = await db.findAll<{ _id: string }>(S, { _id: cmd().in(wanted) }, 4);
    expect(rows.map((r) => r._id)).toEqual(wanted);
  });
});

describe('duplicate keys', () => {
  it('recognises DATABASE_DUPLICATE_WRITE by its code where the code survives (a commit), and the E11000 text where it does not', async () => {
    // at commit the service's error reaches the caller as sent, code included
    t.cloud.faults.add({ api: 'database.commitTransaction', nth: 1, code: 'DATABASE_DUPLICATE_WRITE', message: 'write failed' });
    const atCommit = await rejection(raw.runTransaction(async (tx) => tx.collection(C).add({ data: { _id: 'd0' } }), 0));
    expect(atCommit).toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    expect(isDuplicateKey(atCommit)).toBe(true);
    // an operation's error: wx-server-sdk has no errCode for the code, so -501001 and only the text
    const e11000 = 'E11000 duplicate key error collection: wrapped index: _id_ dup key: { _id: "d1" }';
    t.cloud.faults.add({ api: 'database.insertDocument', nth: 1, code: 'DATABASE_DUPLICATE_WRITE', message: e11000 });
    const op = await rejection(raw.collection(C).add({ data: { _id: 'd1' } }));
    expect(op).toMatchObject({ errCode: -501001, errMsg: expect.stringContaining('E11000') });
    expect(isDuplicateKey(op)).toBe(true);
    t.cloud.faults.add({ api: 'database.insertDocument', nth: 1, code: 'DATABASE_DUPLICATE_WRITE', message: e11000 });
    await expect(db.add(C, { _id: 'd2' })).rejects.toBeInstanceOf(DuplicateKeyError);
  });
});

describe('batch inserts', () => {
  it('addMany throws DuplicateKeyError at a duplicate, having inserted only the documents before it', async () => {
    await db.add(C, { _id: 'b2', v: 0 });
    await expect(db.addMany(C, [{ _id: 'b1' }, { _id: 'b2' }, { _id: 'b3' }])).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(await db.get(C, 'b1')).toEqual({ _id: 'b1' });
    expect(await db.get(C, 'b3')).toBeNull();
  });

  it('addManyIgnoringDuplicates leaves every document in place, whatever landed before the duplicate', async () => {
    await db.add(C, { _id: 'q3', v: 'queued by another run' });
    const docs = ['q1', 'q2', 'q3', 'q4', 'q5'].map((_id) => ({ _id, v: 'this run' }));
    await db.addManyIgnoringDuplicates(C, docs);
    const got = await db.find<{ _id: string; v: string }>(C, { _id: cmd().in(docs.map((d) => d._id)) }, { orderBy: [['_id', 'asc']] });
    expect(got.map((d) => [d._id, d.v])).toEqual([
      ['q1', 'this run'],
      ['q2', 'this run'],
      ['q3', 'queued by another run'],
      ['q4', 'this run'],
      ['q5', 'this run'],
    ]);
  });
});

describe('not found, precisely, in a transaction', () => {
  it('a missing document reads as null; an error without a code is thrown, not taken for "missing"', async () => {
    expect(await db.transaction((tx) => tx.get(C, 'nobody'))).toBeNull();
    await db.set(C, 'bal', { redeem: 50 });
    t.cloud.faults.add({ api: 'database.getDocument', collection: C, nth: 1, error: 'uncoded' });
    // read the balance; create it when missing, else add to it (the ledger's shape)
    const credit = db.transaction(async (tx) => {
      const b = await tx.get<{ redeem: number }>(C, 'bal');
      if (!b) await tx.set(C, 'bal', { redeem: 5 });
      else await tx.update(C, 'bal', { redeem: cmd().inc(5) });
    });
    const e = await rejection(credit);
    expect(e).toMatchObject({ errCode: -1 });
    expect(isNotFound(e)).toBe(false);
    expect(await db.get(C, 'bal')).toEqual({ _id: 'bal', redeem: 50 });
  });

  it('isNotFound recognises the SDK not-found error and nothing else with errCode -1', async () => {
    const missing = await rejection(raw.runTransaction(async (tx) => tx.collection(C).doc('ghost').get()));
    expect(missing).toMatchObject({ errCode: -1 });
    expect(isNotFound(missing)).toBe(true);
    t.cloud.faults.add({ api: 'database.getDocument', collection: C, nth: 1, error: 'uncoded' });
    const dropped = await rejection(raw.collection(C).doc('bal').get());
    expect(dropped).toMatchObject({ errCode: -1 });
    expect(isNotFound(dropped)).toBe(false);
  });
});
