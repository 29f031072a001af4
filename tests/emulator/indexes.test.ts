import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Collection } from '../../emulator/store/collection';
import { addMany, startLocalCloud, type CollectionRef, type Command, type Data, type Db, type Doc, type TestCloud } from './helpers';

// An equality index must never change a query's answer: the same queries on an indexed and an
// unindexed copy of the same data (and as a forced full scan) return the same documents in the
// same order, before and after writes that move documents between index keys.
const INDEXED = 'ix';
const PLAIN = 'plain';
let t: TestCloud;
let db: Db;
let _: Command;
let ix: CollectionRef;
let plain: CollectionRef;

const D1 = new Date('2026-01-01T00:00:00Z');
const D2 = new Date('2026-02-01T00:00:00Z');
const D3 = new Date('2026-03-01T00:00:00Z');

function makeDocs(): Data[] {
  const ks: unknown[] = ['a', 'b', 'c', 1, 2, '1', null, undefined, true, false, ['a', 'b'], [], { obj: 1 }, 0, ''];
  const tags: unknown[] = [['x'], ['y', 'x'], [], undefined, 'x', ['z'], [['x']], ['x', 'x']];
  const ds: unknown[] = [D1, D2, undefined, D3, 'not a date'];
  const ns: unknown[] = [{ x: 'p' }, { x: 'q' }, [{ x: 'p' }], undefined, 'str', { x: ['p', 'q'] }, null];
  const out: Data[] = [];
  for (let i = 0; i < 90; i++) {
    const d: Data = { _id: `i${i}`, g: (i * 7) % 13 };
    const k = ks[i % ks.length];
    if (k !== undefined) d.k = k;
    const tg = tags[i % tags.length];
    if (tg !== undefined) d.tags = tg;
    const dt = ds[i % ds.length];
    if (dt !== undefined) d.d = dt;
    const n = ns[i % ns.length];
    if (n !== undefined) d.n = n;
    out.push(d);
  }
  return out;
}

beforeAll(async () => {
  t = startLocalCloud({
    collections: [{ name: INDEXED, indexes: [{ field: 'k' }, { field: 'tags' }, { field: 'd' }, { field: 'n.x' }] }, { name: PLAIN }],
  });
  db = t.db;
  _ = db.command;
  ix = db.collection(INDEXED);
  plain = db.collection(PLAIN);
  const docs = makeDocs();
  await addMany(ix, docs);
  await addMany(plain, docs);
});
afterAll(() => t.close());

const queries = (): [string, unknown][] => [
  ['string equality', { k: 'a' }],
  ['number equality', { k: 1 }],
  ['a numeric string is not the number', { k: '1' }],
  ['zero and empty string', _.or([{ k: 0 }, { k: '' }])],
  ['boolean true', { k: true }],
  ['boolean false', { k: false }],
  ['null matches null and missing', { k: null }],
  ['_.eq', { k: _.eq('b') }],
  ['_.in with mixed types and null', { k: _.in(['a', 1, null]) }],
  ['_.in with nothing', { k: _.in([]) }],
  ['no such key', { k: 'zzz' }],
  ['multikey: array contains', { tags: 'x' }],
  ['multikey: _.in', { tags: _.in(['y', 'z']) }],
  ['multikey: _.all', { tags: _.all(['x', 'y']) }],
  ['array field equal to scalar query on k', { k: 'b' }],
  ['date equality', { d: D2 }],
  ['dates with _.in', { d: _.in([D1, D3]) }],
  ['date range (not an equality)', { d: _.gt(D1) }],
  ['nested path', { 'n.x': 'p' }],
  ['nested object flattened', { n: { x: 'q' } }],
  ['nested null', { 'n.x': null }],
  ['indexed equality combined with a range', { k: 'a', g: _.gt(5) }],
  ['two indexed equalities', { k: 'a', tags: 'x' }],
  ['indexed equality and an unindexed one', { k: 'c', g: 4 }],
  ['_.and of indexed equalities', _.and([{ k: _.in(['a', 'b']) }, { tags: 'x' }])],
  ['_.or of indexed equalities', _.or([{ k: 'a' }, { tags: 'z' }])],
  ['_.neq', { k: _.neq('a') }],
  ['_.nin', { k: _.nin(['a', 1]) }],
  ['_.exists(false)', { k: _.exists(false) }],
  ['field-level or', { k: _.eq('a').or(_.eq(2)) }],
  ['_id with _.in (order and duplicates)', { _id: _.in(['i30', 'i3', 'i30', 'i1']) }],
  ['_id with another condition', { _id: 'i5', k: 'a' }],
];

async function answers(cond: unknown): Promise<{ indexed: Doc[]; plain: Doc[]; scan: Doc[]; counts: number[] }> {
  const [a, b, c] = await Promise.all([
    ix.where(cond).limit(1000).get(),
    plain.where(cond).limit(1000).get(),
    ix
      .where(_.or([cond]))
      .limit(1000)
      .get(),
  ]);
  const counts = [(await ix.where(cond).count()).total, (await plain.where(cond).count()).total];
  return { indexed: a.data, plain: b.data, scan: c.data, counts };
}

async function expectSameAnswers(): Promise<void> {
  let nonEmpty = 0;
  for (const [name, cond] of queries()) {
    const r = await answers(cond);
    expect({ name, ids: r.indexed.map((d) => d._id) }).toEqual({ name, ids: r.plain.map((d) => d._id) });
    expect({ name, docs: r.indexed }).toEqual({ name, docs: r.plain });
    expect({ name, ids: r.indexed.map((d) => d._id) }).toEqual({ name, ids: r.scan.map((d) => d._id) });
    expect({ name, counts: r.counts }).toEqual({ name, counts: [r.plain.length, r.plain.length] });
    if (r.plain.length) nonEmpty++;
  }
  // the table exercises real matches, not only empty answers
  expect(nonEmpty).toBeGreaterThan(20);
}

/** Applies the same writes to both collections. */
async function both(write: (c: CollectionRef, name: string) => Promise<unknown>): Promise<void> {
  await write(ix, INDEXED);
  await write(plain, PLAIN);
}

describe('indexed queries return the same results as a full scan', () => {
  it('for a table of queries on freshly loaded data', async () => {
    await expectSameAnswers();
  });

  it('with ordering, skip and limit', async () => {
    for (const [, cond] of queries()) {
      const a = await ix.where(cond).orderBy('g', 'desc').orderBy('_id', 'asc').skip(1).limit(5).get();
      const b = await plain.where(cond).orderBy('g', 'desc').orderBy('_id', 'asc').skip(1).limit(5).get();
      expect(a.data).toEqual(b.data);
    }
  });

  it('in aggregate with a leading match', async () => {
    for (const [, cond] of queries()) {
      const run = (c: CollectionRef) =>
        c
          .aggregate()
          .match(cond)
          .group({ _id: '$g', n: _.aggregate.sum(1) })
          .sort({ _id: 1 })
          .end();
      expect((await run(ix)).list).toEqual((await run(plain)).list);
    }
  });

  it('after updates, sets and removes that change indexed values', async () => {
    await both((c) => c.doc('i0').update({ data: { k: 'b', tags: ['q'] } }));
    await both((c) => c.doc('i1').update({ data: { k: db.command.remove(), d: D3 } }));
    await both((c) => c.doc('i2').update({ data: { tags: _.push('x') } }));
    await both((c) => c.doc('i3').update({ data: { tags: _.pull('x'), n: { x: 'p' } } }));
    await both((c) => c.doc('i4').set({ data: { k: 'a', n: [{ x: 'q' }] } }));
    await both((c) => c.doc('i5').remove());
    await both((c) => c.where({ k: 'c' }).update({ data: { k: 'a' } }));
    await both((c) => c.where({ k: 2 }).remove());
    await both((c) => c.where({ tags: 'z' }).update({ data: { tags: _.addToSet('x') } }));
    await both((c) => c.add({ data: { _id: 'new1', k: 'a', tags: ['x', 'y'], d: D1, n: { x: 'p' }, g: 3 } }));
    await both((c) => c.add({ data: { _id: 'i5', k: null, g: 1 } }));
    await both((_c, name) =>
      db.runTransaction(async (tx) => {
        await tx
          .collection(name)
          .doc('i6')
          .update({ data: { k: 1 } });
        await tx.collection(name).doc('i7').remove();
        await tx.collection(name).add({ data: { _id: 'new2', k: 1, tags: 'y' } });
      }),
    );
    await both((_c, name) =>
      db
        .runTransaction(async (tx) => {
          await tx
            .collection(name)
            .doc('i8')
            .update({ data: { k: 'rolled back' } });
          throw new Error('undo');
        })
        .catch(() => undefined),
    );
    expect((await ix.where({ k: 'rolled back' }).count()).total).toBe(0);
    await expectSameAnswers();
  });

  it('the index narrows the documents a query looks at', () => {
    const cols = (t.cloud.store as unknown as { cols: Map<string, Collection> }).cols;
    const col = cols.get(INDEXED)!;
    const narrowed = [...col.candidates({ k: 'b' })];
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.length).toBeLessThan(col.docs.size / 3);
    expect([...cols.get(PLAIN)!.candidates({ k: 'b' })].length).toBe(cols.get(PLAIN)!.docs.size);
  });
});
