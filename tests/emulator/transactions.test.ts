import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addMany, num, rejection, sdkError, settle, startLocalCloud, type CollectionRef, type Command, type Db, type TestCloud } from './helpers';

// Conformance: transactions through the real SDK's runTransaction against the local cloud.
// Sources: WeChat guide database/transaction.md (快照隔离: a write "给对象加上事务锁"; on a locked
// object "其它事务的写入会直接失败", "普通的更新操作会被阻塞，直到事务锁释放或者超时");
// TencentCloudBase/node-sdk test/database/unit/transaction.test.ts (冲突检测, 读偏: the write, not
// the commit, rejects with DATABASE_TRANSACTION_CONFLICT "[ResourceUnavailable.TransactionConflict]
// Transaction is conflict, maybe resource operated by others..."; after a conflict MongoDB has
// rolled the transaction back; "transaction must be commit or abort in 30 seconds");
// wx-server-sdk 4.0.2 index.js (an operation's error becomes errCode -501001, code dropped) and
// @cloudbase/database transaction/index.js (runTransaction retries only on that code).
let t: TestCloud;
let db: Db;
let _: Command;

/** The transaction lifetime here (CloudBase: 30 s), short so a test can outlive it. */
const LIFETIME_MS = 1500;
const CONFLICT_TEXT = '[ResourceUnavailable.TransactionConflict] Transaction is conflict';

type ManualTxn = { collection(n: string): ReturnType<Db['collection']>; commit(): Promise<unknown>; rollback(): Promise<unknown> };
const startTransaction = (): Promise<ManualTxn> => (db as unknown as { startTransaction(): Promise<ManualTxn> }).startTransaction();

beforeAll(() => {
  t = startLocalCloud({ collections: [{ name: 'accounts', indexes: [{ field: 'openid', unique: true }] }], txnLifetimeMs: LIFETIME_MS });
  db = t.db;
  _ = db.command;
});
afterAll(() => t.close());

/** A collection holding a:1, b:2, d:4. */
async function seeded(): Promise<{ name: string; coll: CollectionRef }> {
  const f = await t.fresh('txn');
  await addMany(f.coll, [
    { _id: 'a', v: 1 },
    { _id: 'b', v: 2 },
    { _id: 'd', v: 4 },
  ]);
  return f;
}

async function all(coll: CollectionRef): Promise<unknown[]> {
  return (await coll.orderBy('_id', 'asc').get()).data;
}

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

describe('commit and rollback', () => {
  it('commit applies every write of the callback and resolves with its result', async () => {
    const { name, coll } = await seeded();
    const r = await db.runTransaction(async (tx) => {
      const c = tx.collection(name);
      await c.doc('a').update({ data: { v: _.inc(10) } });
      await c.add({ data: { _id: 'n', v: 9 } });
      await c.doc('s').set({ data: { v: 7 } });
      await c.doc('d').remove();
      return 'done';
    });
    expect(r).toBe('done');
    expect(await all(coll)).toEqual([
      { _id: 'a', v: 11 },
      { _id: 'b', v: 2 },
      { _id: 'n', v: 9 },
      { _id: 's', v: 7 },
    ]);
  });

  it('a throw in the callback rolls back everything and rejects with the same error', async () => {
    const { name, coll } = await seeded();
    const before = await all(coll);
    const boom = new Error('boom');
    const e = await rejection(
      db.runTransaction(async (tx) => {
        const c = tx.collection(name);
        await c.doc('a').update({ data: { v: _.inc(10) } });
        await c.add({ data: { _id: 'n', v: 9 } });
        await c.doc('d').remove();
        throw boom;
      }),
    );
    expect(e).toBe(boom);
    expect(await all(coll)).toEqual(before);
    expect(t.cloud.store.openTransactions()).toBe(0);
  });

  it('t.rollback(x) rejects runTransaction with x and writes nothing', async () => {
    const { name, coll } = await seeded();
    const before = await all(coll);
    const reason = { code: 'INSUFFICIENT_POINTS' };
    const e = await rejection(
      db.runTransaction(async (tx) => {
        await tx
          .collection(name)
          .doc('a')
          .update({ data: { v: 100 } });
        await tx.collection(name).add({ data: { _id: 'n' } });
        await tx.rollback(reason);
        return 'not this';
      }),
    );
    expect(e).toBe(reason);
    expect(await all(coll)).toEqual(before);
  });

  it('writes of an open transaction are invisible outside it until commit', async () => {
    const { name, coll } = await seeded();
    let outsideView: unknown;
    await db.runTransaction(async (tx) => {
      await tx
        .collection(name)
        .doc('a')
        .update({ data: { v: 50 } });
      await tx.collection(name).add({ data: { _id: 'n' } });
      outsideView = { a: (await coll.doc('a').get()).data, n: (await coll.where({ _id: 'n' }).count()).total };
    });
    expect(outsideView).toEqual({ a: { _id: 'a', v: 1 }, n: 0 });
    expect((await coll.doc('a').get()).data).toEqual({ _id: 'a', v: 50 });
  });
});

describe('reads inside a transaction', () => {
  it('reads its own writes: update, add, set and remove', async () => {
    const { name } = await seeded();
    const seen = await db.runTransaction(async (tx) => {
      const c = tx.collection(name);
      await c.doc('a').update({ data: { v: _.inc(5) } });
      await c.add({ data: { _id: 'n', v: 1 } });
      await c.doc('s').set({ data: { v: 3 } });
      await c.doc('d').remove();
      const dGone = await sdkError(c.doc('d').get());
      return { a: (await c.doc('a').get()).data, n: (await c.doc('n').get()).data, s: (await c.doc('s').get()).data, dGone: dGone.errCode };
    });
    expect(seen).toEqual({ a: { _id: 'a', v: 6 }, n: { _id: 'n', v: 1 }, s: { _id: 's', v: 3 }, dGone: -1 });
  });

  it('a missing document read in a transaction fails with errCode -1', async () => {
    const { name } = await seeded();
    const e = await sdkError(db.runTransaction(async (tx) => tx.collection(name).doc('ghost').get()));
    expect(e.errCode).toBe(-1);
  });

  it('snapshot isolation: a document changed by another writer after the start is read at its old value', async () => {
    const { name, coll } = await seeded();
    const seen = await db.runTransaction(async (tx) => {
      const first = (await tx.collection(name).doc('b').get()).data;
      await coll.doc('a').update({ data: { v: 100 } }); // another writer, committed now
      const a = (await tx.collection(name).doc('a').get()).data;
      return { first, a };
    });
    expect(seen).toEqual({ first: { _id: 'b', v: 2 }, a: { _id: 'a', v: 1 } });
    // reading a changed document without writing it does not conflict
    expect((await coll.doc('a').get()).data).toEqual({ _id: 'a', v: 100 });
  });

  it('snapshot isolation: two reads see one consistent state while another writer moves value between them', async () => {
    const { name, coll } = await seeded();
    const sum = await db.runTransaction(async (tx) => {
      const a = { v: num((await tx.collection(name).doc('a').get()).data) };
      // another transaction moves 1 from b to a, committed between our two reads
      await db.runTransaction(async (other) => {
        await other
          .collection(name)
          .doc('a')
          .update({ data: { v: _.inc(1) } });
        await other
          .collection(name)
          .doc('b')
          .update({ data: { v: _.inc(-1) } });
      });
      const b = { v: num((await tx.collection(name).doc('b').get()).data) };
      return a.v + b.v;
    });
    expect(sum).toBe(3);
    expect(await all(coll)).toEqual([
      { _id: 'a', v: 2 },
      { _id: 'b', v: 1 },
      { _id: 'd', v: 4 },
    ]);
  });

  it('读偏: writing a document another writer changed after the start fails AT THE WRITE; the SDK gives -501001 with the text and no code, and does not retry', async () => {
    const { name, coll } = await seeded();
    let runs = 0;
    const e = await rejection(
      db.runTransaction(async (tx) => {
        runs++;
        await tx
          .collection(name)
          .doc('b')
          .update({ data: { v: 20 } });
        const a = { v: num((await tx.collection(name).doc('a').get()).data) };
        await coll.doc('a').update({ data: { v: 2 } }); // another writer
        await tx
          .collection(name)
          .doc('a')
          .update({ data: { v: a.v * 10 } });
      }),
    );
    expect(runs).toBe(1);
    const x = e as { errCode?: number; errMsg?: string; code?: string };
    expect(x.errCode).toBe(-501001);
    expect(x.errMsg).toContain(`document.update:fail -501001 resource system error. ${CONFLICT_TEXT}`);
    expect(x.code).toBeUndefined();
    expect(await all(coll)).toEqual([
      { _id: 'a', v: 2 },
      { _id: 'b', v: 2 },
      { _id: 'd', v: 4 },
    ]);
    // the service rolled the transaction back: nothing open, nothing locked
    expect([t.cloud.store.openTransactions(), t.cloud.store.lockCount()]).toEqual([0, 0]);
  });
});

describe('what a transaction refuses', () => {
  it('a where().get() inside a transaction is refused (-502001) and the transaction writes nothing', async () => {
    const { name, coll } = await seeded();
    const before = await all(coll);
    const e = await sdkError(
      db.runTransaction(async (tx) => {
        await tx
          .collection(name)
          .doc('a')
          .update({ data: { v: 9 } });
        return tx.collection(name).where({ v: 2 }).get();
      }),
    );
    expect(e.errCode).toBe(-502001);
    expect(await all(coll)).toEqual(before);
  });

  it('add of an existing _id inside a transaction fails with a duplicate error', async () => {
    const { name, coll } = await seeded();
    const e = await sdkError(
      db.runTransaction(async (tx) => {
        await tx
          .collection(name)
          .doc('b')
          .update({ data: { v: 9 } });
        await tx.collection(name).add({ data: { _id: 'a', v: 0 } });
      }),
    );
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toContain('duplicate');
    expect((await coll.doc('a').get()).data).toEqual({ _id: 'a', v: 1 });
    expect((await coll.doc('b').get()).data).toEqual({ _id: 'b', v: 2 });
  });

  it('add of an _id the same transaction already added fails', async () => {
    const { name, coll } = await seeded();
    const e = await sdkError(
      db.runTransaction(async (tx) => {
        await tx.collection(name).add({ data: { _id: 'n' } });
        await tx.collection(name).add({ data: { _id: 'n' } });
      }),
    );
    expect(e.errCode).toBe(-502001);
    expect(await coll.where({ _id: 'n' }).count()).toMatchObject({ total: 0 });
  });

  it('a unique value an open transaction wrote: a second transaction writing it conflicts at once; after the commit it is a duplicate', async () => {
    const accounts = db.collection('accounts');
    let second: unknown;
    await db.runTransaction(async (tx) => {
      await tx.collection('accounts').add({ data: { _id: 'x1', openid: 'same-openid' } });
      second = await rejection(db.runTransaction(async (other) => other.collection('accounts').add({ data: { _id: 'x2', openid: 'same-openid' } })));
    });
    expect(second).toMatchObject({ errCode: -501001, errMsg: expect.stringContaining(CONFLICT_TEXT) });
    const after = await sdkError(db.runTransaction(async (tx) => tx.collection('accounts').add({ data: { _id: 'x3', openid: 'same-openid' } })));
    expect(after.errCode).toBe(-502001);
    expect(after.errMsg).toContain('duplicate');
    expect((await accounts.where({ openid: 'same-openid' }).count()).total).toBe(1);
  });

  it('two transactions adding the same new _id: the second conflicts at its add, the first commits', async () => {
    const { name, coll } = await seeded();
    let second: unknown;
    await db.runTransaction(async (tx) => {
      await tx.collection(name).add({ data: { _id: 'once', v: 1 } });
      second = await rejection(db.runTransaction(async (other) => other.collection(name).add({ data: { _id: 'once', v: 2 } })));
    });
    expect(second).toMatchObject({ errCode: -501001, errMsg: expect.stringContaining(CONFLICT_TEXT) });
    expect((await coll.where({ _id: 'once' }).get()).data).toEqual([{ _id: 'once', v: 1 }]);
  });
});

describe('transaction locks', () => {
  it('冲突检测: a write to a document another open transaction wrote fails at once; the holder commits', async () => {
    const { name, coll } = await seeded();
    const t1 = await startTransaction();
    const t2 = await startTransaction();
    const read = (await t1.collection(name).doc('a').get()).data;
    await t2
      .collection(name)
      .doc('a')
      .update({ data: { v: 7 } });
    const started = Date.now();
    const e = (await rejection(
      t1
        .collection(name)
        .doc('a')
        .update({ data: { v: num(read) + 1 } }),
    )) as { errCode?: number; errMsg?: string; code?: string };
    expect(Date.now() - started).toBeLessThan(LIFETIME_MS / 2); // at once, not after a wait
    expect(e).toMatchObject({ errCode: -501001, errMsg: expect.stringContaining(CONFLICT_TEXT) });
    expect(e.code).toBeUndefined();
    await t2.commit();
    expect((await coll.doc('a').get()).data).toEqual({ _id: 'a', v: 7 });
  });

  it('reads are not blocked: a transaction reads the snapshot and a plain read the committed value of a locked document', async () => {
    const { name, coll } = await seeded();
    const t1 = await startTransaction();
    await t1
      .collection(name)
      .doc('a')
      .update({ data: { v: 50 } });
    await db.runTransaction(async (other) => expect((await other.collection(name).doc('a').get()).data).toEqual({ _id: 'a', v: 1 }));
    expect((await coll.doc('a').get()).data).toEqual({ _id: 'a', v: 1 });
    await t1.rollback();
  });

  it('a plain write to a locked document waits until the holder commits, then applies on top of it', async () => {
    const { name, coll } = await seeded();
    const t1 = await startTransaction();
    await t1
      .collection(name)
      .doc('a')
      .update({ data: { v: _.inc(10) } });
    let done = false;
    const plain = coll
      .doc('a')
      .update({ data: { v: _.inc(100) } })
      .then(() => (done = true));
    const plainWhere = coll.where({ _id: 'a' }).update({ data: { w: 1 } });
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false);
    await t1.commit();
    await plain;
    await plainWhere;
    expect((await coll.doc('a').get()).data).toEqual({ _id: 'a', v: 111, w: 1 });
  });

  it('a plain write waits for a rollback too, and for an abandoned transaction until its lifetime ends (then the holder is gone)', async () => {
    const { name, coll } = await seeded();
    const t1 = await startTransaction();
    await t1
      .collection(name)
      .doc('b')
      .update({ data: { v: 0 } });
    const p1 = coll.doc('b').update({ data: { v: _.inc(1) } });
    await t1.rollback();
    await p1;
    expect((await coll.doc('b').get()).data).toEqual({ _id: 'b', v: 3 });

    const abandoned = await startTransaction();
    await abandoned.collection(name).doc('d').remove();
    const started = Date.now();
    await coll.doc('d').update({ data: { v: 5 } });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(LIFETIME_MS / 2);
    expect(waited).toBeLessThan(LIFETIME_MS + 1000);
    expect((await coll.doc('d').get()).data).toEqual({ _id: 'd', v: 5 });
    // "transaction must be commit or abort in 30 seconds": the abandoned one no longer exists
    const gone = await rejection(abandoned.commit());
    expect(gone).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: expect.stringContaining('[ResourceUnavailable.TransactionNotExist]') });
  });
});

describe('concurrency', () => {
  it('two transactions that read the same value and write it: the second writer fails at its write, the first commits', async () => {
    const { name, coll } = await seeded();
    const bothRead = barrier(2);
    const inc = () =>
      db.runTransaction(async (tx) => {
        const a = { v: num((await tx.collection(name).doc('a').get()).data) };
        await bothRead(); // both have read v=1 before either writes
        await tx
          .collection(name)
          .doc('a')
          .update({ data: { v: a.v + 1 } });
        await new Promise((r) => setTimeout(r, 20)); // hold the lock a while
      });
    const r = await settle([inc(), inc()]);
    expect(r.ok).toHaveLength(1);
    expect(r.failed).toEqual([expect.objectContaining({ errCode: -501001, errMsg: expect.stringContaining(CONFLICT_TEXT) })]);
    expect((await coll.doc('a').get()).data).toEqual({ _id: 'a', v: 2 });
  });

  it('50 concurrent read-then-write increments: final value equals the transactions that resolved, with contention', async () => {
    const { name, coll } = await seeded();
    await coll.doc('a').set({ data: { v: 0 } });
    let runs = 0;
    const inc = () =>
      db.runTransaction(async (tx) => {
        runs++;
        const a = { v: num((await tx.collection(name).doc('a').get()).data) };
        await new Promise((r) => setImmediate(r));
        await tx
          .collection(name)
          .doc('a')
          .update({ data: { v: a.v + 1 } });
        return a.v + 1;
      });
    const r = await settle(Array.from({ length: 50 }, inc));
    const final = num((await coll.doc('a').get()).data);
    expect(final).toBe(r.ok.length);
    // each resolved transaction wrote a distinct successor value: none lost, none applied twice
    expect(new Set(r.ok).size).toBe(r.ok.length);
    expect(r.ok.length).toBeGreaterThan(0);
    // contention was real: some callback ran again or some transaction gave up
    expect(runs > 50 || r.failed.length > 0).toBe(true);
    expect(t.cloud.store.openTransactions()).toBe(0);
  });
});
