import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addMany, ids, num, rejection, sdkError, settle, startLocalCloud, type CollectionRef, type Command, type Db, type TestCloud } from './helpers';

// Conformance: transactions through the real SDK's runTransaction against the local cloud.
let t: TestCloud;
let db: Db;
let _: Command;

beforeAll(() => {
  t = startLocalCloud({ collections: [{ name: 'accounts', indexes: [{ field: 'openid', unique: true }] }] });
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

  it('writing a document another writer changed after the start conflicts at commit (no retry: rejects, writes nothing)', async () => {
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
      }, 0),
    );
    expect(runs).toBe(1);
    expect(e).toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT', message: expect.stringMatching(/conflict/) });
    expect(await all(coll)).toEqual([
      { _id: 'a', v: 2 },
      { _id: 'b', v: 2 },
      { _id: 'd', v: 4 },
    ]);
  });

  it('on that conflict runTransaction re-runs the callback, which then reads the new value', async () => {
    const { name, coll } = await seeded();
    const seen: number[] = [];
    await db.runTransaction(async (tx) => {
      const a = { v: num((await tx.collection(name).doc('a').get()).data) };
      seen.push(a.v);
      if (seen.length === 1) await coll.doc('a').update({ data: { v: 2 } });
      await tx
        .collection(name)
        .doc('a')
        .update({ data: { v: a.v * 10 } });
    });
    expect(seen).toEqual([1, 2]);
    expect((await coll.doc('a').get()).data).toEqual({ _id: 'a', v: 20 });
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

  it('a unique value taken by a concurrent transaction fails the later commit', async () => {
    const accounts = db.collection('accounts');
    const both = barrier(2);
    const attempt = (id: string) =>
      db.runTransaction(async (tx) => {
        await tx.collection('accounts').add({ data: { _id: id, openid: 'same-openid' } });
        await both();
      });
    const r = await settle([attempt('x1'), attempt('x2')]);
    expect(r.ok).toHaveLength(1);
    expect(r.failed).toHaveLength(1);
    // an error at commit reaches the caller as the service sent it (runTransaction does not wrap it)
    expect(r.failed[0]).toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('duplicate') });
    expect((await accounts.where({ openid: 'same-openid' }).count()).total).toBe(1);
  });

  it('two transactions adding the same new _id: one commits, the other ends with a duplicate error', async () => {
    const { name, coll } = await seeded();
    const both = barrier(2);
    const attempt = (v: number) =>
      db.runTransaction(async (tx) => {
        await tx.collection(name).add({ data: { _id: 'once', v } });
        await both();
      });
    const r = await settle([attempt(1), attempt(2)]);
    expect(r.ok).toHaveLength(1);
    expect(r.failed).toHaveLength(1);
    expect(ids((await coll.where({ _id: 'once' }).get()).data)).toEqual(['once']);
  });
});

describe('concurrency', () => {
  it('two transactions writing the same document conflict; the loser callback is re-run and both increments land', async () => {
    const { name, coll } = await seeded();
    let runs = 0;
    const bothRead = barrier(2);
    const inc = () =>
      db.runTransaction(async (tx) => {
        runs++;
        const a = { v: num((await tx.collection(name).doc('a').get()).data) };
        await bothRead(); // the first run of each has read v=1 before either writes
        await tx
          .collection(name)
          .doc('a')
          .update({ data: { v: a.v + 1 } });
      });
    await Promise.all([inc(), inc()]);
    expect(runs).toBeGreaterThan(2);
    expect((await coll.doc('a').get()).data).toEqual({ _id: 'a', v: 3 });
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
