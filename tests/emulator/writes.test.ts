import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addMany, ids, rejection, sdkError, startLocalCloud, type Command, type Data, type Db, type TestCloud } from './helpers';

// Conformance: writes through the real wx-server-sdk against the local cloud.
const T0 = Date.parse('2026-01-02T03:04:05.000Z');
let clock = T0;
let t: TestCloud;
let db: Db;
let _: Command;

beforeAll(() => {
  t = startLocalCloud({
    now: () => clock,
    collections: [{ name: 'users', indexes: [{ field: 'openid', unique: true }] }],
  });
  db = t.db;
  _ = db.command;
});
afterAll(() => t.close());

describe('update operators', () => {
  const base = (): Data => ({ n: { a: 1, b: 1 }, x: 5, arr: [1, 2, 3], s: ['a', 'b'], o: { p: 1, q: 2 } });
  const cases: [string, () => Data, (d: Data) => void, number?][] = [
    ['nested object merges into the existing sub-document (update keeps n.a)', () => ({ n: { b: 2 } }), (d) => expect(d.n).toEqual({ a: 1, b: 2 })],
    ['nested object adds a new sub-field', () => ({ n: { c: 3 } }), (d) => expect(d.n).toEqual({ a: 1, b: 1, c: 3 })],
    ['dot-path key sets one nested field', () => ({ 'n.a': 9 }), (d) => expect(d.n).toEqual({ a: 9, b: 1 })],
    ['plain field replaces a value, other fields kept', () => ({ x: 7 }), (d) => expect(d).toMatchObject({ x: 7, arr: [1, 2, 3], o: { p: 1, q: 2 } })],
    ['_.inc adds', () => ({ x: _.inc(2) }), (d) => expect(d.x).toBe(7)],
    ['_.inc with a negative number subtracts', () => ({ x: _.inc(-6) }), (d) => expect(d.x).toBe(-1)],
    ['_.inc on a missing field starts from 0', () => ({ y: _.inc(3) }), (d) => expect(d.y).toBe(3)],
    ['_.inc on a nested field', () => ({ n: { a: _.inc(1) } }), (d) => expect(d.n).toEqual({ a: 2, b: 1 })],
    ['_.mul multiplies', () => ({ x: _.mul(3) }), (d) => expect(d.x).toBe(15)],
    ['_.remove deletes the field', () => ({ x: _.remove() }), (d) => expect('x' in d).toBe(false)],
    ['_.push appends values', () => ({ arr: _.push(4, 5) }), (d) => expect(d.arr).toEqual([1, 2, 3, 4, 5])],
    ['_.push on a missing field creates the array', () => ({ fresh: _.push('z') }), (d) => expect(d.fresh).toEqual(['z'])],
    ['_.unshift prepends values', () => ({ arr: _.unshift(-1, 0) }), (d) => expect(d.arr).toEqual([-1, 0, 1, 2, 3])],
    ['_.pop removes the last element', () => ({ arr: _.pop() }), (d) => expect(d.arr).toEqual([1, 2])],
    ['_.shift removes the first element', () => ({ arr: _.shift() }), (d) => expect(d.arr).toEqual([2, 3])],
    ['_.pull removes matching elements', () => ({ arr: _.pull(2) }), (d) => expect(d.arr).toEqual([1, 3])],
    ['_.pull with a condition', () => ({ arr: _.pull(_.gte(2)) }), (d) => expect(d.arr).toEqual([1])],
    ['_.pullAll removes every listed value', () => ({ arr: _.pullAll([1, 3]) }), (d) => expect(d.arr).toEqual([2])],
    ['_.addToSet adds a missing value', () => ({ s: _.addToSet('c') }), (d) => expect(d.s).toEqual(['a', 'b', 'c'])],
    ['_.addToSet keeps a present value once', () => ({ s: _.addToSet('a') }), (d) => expect(d.s).toEqual(['a', 'b']), 0],
    ['_.addToSet({each}) adds each missing value', () => ({ s: _.addToSet({ each: ['b', 'c', 'd'] }) }), (d) => expect(d.s).toEqual(['a', 'b', 'c', 'd'])],
    ['_.set replaces a whole sub-object', () => ({ o: _.set({ k: 1 }) }), (d) => expect(d.o).toEqual({ k: 1 })],
    ['_.max raises to the operand', () => ({ x: _.max(10) }), (d) => expect(d.x).toBe(10)],
    ['_.max keeps a larger value', () => ({ x: _.max(1) }), (d) => expect(d.x).toBe(5), 0],
    ['_.min lowers to the operand', () => ({ x: _.min(1) }), (d) => expect(d.x).toBe(1)],
    ['_.min keeps a smaller value', () => ({ x: _.min(10) }), (d) => expect(d.x).toBe(5), 0],
    ['_.rename moves a field', () => ({ x: _.rename('z') }), (d) => expect(d).toEqual({ ...base(), _id: d._id, x: undefined, z: 5 })],
    ['several operators in one update', () => ({ x: _.inc(1), arr: _.push(9), n: { b: 5 } }), (d) => expect(d).toMatchObject({ x: 6, arr: [1, 2, 3, 9], n: { a: 1, b: 5 } })],
  ];
  // `updated` follows MongoDB's nModified: an update that changes nothing reports 0
  it.each(cases)('%s', async (_name, data, check, updated = 1) => {
    const { coll } = await t.fresh('upd');
    const { _id } = await coll.add({ data: base() });
    const r = await coll.doc(_id).update({ data: data() });
    expect(r.stats.updated).toBe(updated);
    const d = (await coll.doc(_id).get()).data as Data;
    expect(d._id).toBe(_id);
    check(d);
  });

  it('update of a missing document changes nothing and creates nothing', async () => {
    const { coll } = await t.fresh('upd');
    const r = await coll.doc('ghost').update({ data: { x: 1 } });
    expect(r.stats.updated).toBe(0);
    expect((await coll.count()).total).toBe(0);
  });

  it('updating _id is refused', async () => {
    const { coll } = await t.fresh('upd');
    const { _id } = await coll.add({ data: { x: 1 } });
    await rejection(coll.doc(_id).update({ data: { _id: 'other' } }));
    expect((await coll.doc(_id).get()).data).toEqual({ _id, x: 1 });
  });
});

describe('set', () => {
  it('set() replaces the whole document, keeping its _id', async () => {
    const { coll } = await t.fresh('set');
    const { _id } = await coll.add({ data: { a: 1, n: { x: 1, y: 2 } } });
    const r = await coll.doc(_id).set({ data: { n: { y: 3 } } });
    expect(r.stats).toEqual({ updated: 1, created: 0 });
    expect((await coll.doc(_id).get()).data).toEqual({ _id, n: { y: 3 } });
  });

  it('set() creates a missing document with the given _id', async () => {
    const { coll } = await t.fresh('set');
    const r = await coll.doc('made').set({ data: { a: 1 } });
    expect(r.stats).toEqual({ updated: 0, created: 1 });
    expect((await coll.doc('made').get()).data).toEqual({ _id: 'made', a: 1 });
  });

  it('set() with update operators is refused', async () => {
    const { coll } = await t.fresh('set');
    const { _id } = await coll.add({ data: { a: 1 } });
    await rejection(coll.doc(_id).set({ data: { a: _.inc(1) } }));
    expect((await coll.doc(_id).get()).data).toEqual({ _id, a: 1 });
  });
});

describe('serverDate', () => {
  it('db.serverDate() in add stores the server clock as a Date', async () => {
    const { coll } = await t.fresh('sd');
    clock = T0;
    const { _id } = await coll.add({ data: { at: db.serverDate(), meta: { at: db.serverDate() } } });
    const d = (await coll.doc(_id).get()).data as Data;
    expect(d.at).toBeInstanceOf(Date);
    expect(d.at).toEqual(new Date(T0));
    expect(d.meta).toEqual({ at: new Date(T0) });
  });

  it('db.serverDate() in update uses the clock at update time', async () => {
    const { coll } = await t.fresh('sd');
    clock = T0;
    const { _id } = await coll.add({ data: { at: db.serverDate() } });
    clock = T0 + 5000;
    await coll.doc(_id).update({ data: { at: db.serverDate(), n: { seen: db.serverDate() } } });
    expect((await coll.doc(_id).get()).data).toEqual({ _id, at: new Date(T0 + 5000), n: { seen: new Date(T0 + 5000) } });
  });

  it('db.serverDate({offset}) adds the offset in milliseconds', async () => {
    const { coll } = await t.fresh('sd');
    clock = T0;
    const { _id } = await coll.add({ data: { later: db.serverDate({ offset: 60_000 }), earlier: db.serverDate({ offset: -1000 }) } });
    expect((await coll.doc(_id).get()).data).toEqual({ _id, later: new Date(T0 + 60_000), earlier: new Date(T0 - 1000) });
  });

  it('db.serverDate() as a query operand compares with the server clock', async () => {
    const { coll } = await t.fresh('sd');
    await addMany(coll, [
      { _id: 'old', at: new Date(T0 - 1) },
      { _id: 'new', at: new Date(T0 + 1) },
    ]);
    clock = T0;
    expect(ids((await coll.where({ at: _.lt(db.serverDate()) }).get()).data)).toEqual(['old']);
  });
});

describe('_id', () => {
  it('add without _id generates 32 lowercase hex characters, unique per document', async () => {
    const { coll } = await t.fresh('id');
    const made = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { _id } = await coll.add({ data: { i } });
      expect(_id).toMatch(/^[0-9a-f]{32}$/);
      made.add(_id);
    }
    const batch = await addMany(coll, [{ i: 'a' }, { i: 'b' }]);
    for (const id of batch) made.add(id);
    expect(made.size).toBe(22);
    expect(batch.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
  });

  it('a given _id is kept', async () => {
    const { coll } = await t.fresh('id');
    const { _id } = await coll.add({ data: { _id: 'chk:e1:m1', v: 1 } });
    expect(_id).toBe('chk:e1:m1');
    expect((await coll.doc('chk:e1:m1').get()).data).toEqual({ _id: 'chk:e1:m1', v: 1 });
  });

  it('an array add returns the ids in order', async () => {
    const { coll } = await t.fresh('id');
    const got = await addMany(coll, [{ _id: 'x1', v: 1 }, { v: 2 }, { _id: 'x3', v: 3 }]);
    expect(got[0]).toBe('x1');
    expect(got[2]).toBe('x3');
    expect((await coll.doc(got[1]).get()).data).toEqual({ _id: got[1], v: 2 });
  });

  it('a duplicate _id fails with errCode -502001 and a duplicate message, keeping the first document', async () => {
    const { coll } = await t.fresh('id');
    await coll.add({ data: { _id: 'k', v: 1 } });
    const e = await sdkError(coll.add({ data: { _id: 'k', v: 2 } }));
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toContain('duplicate');
    expect((await coll.doc('k').get()).data).toEqual({ _id: 'k', v: 1 });
  });

  // CloudBase's docs say nothing of an array add that hits a duplicate; it stores in MongoDB, whose
  // insertMany is ordered by default: "if an error occurs during the processing of one of the write
  // operations, MongoDB will return without processing any remaining write operations" (MongoDB
  // db.collection.insertMany reference). The local cloud does the same: the documents before the
  // duplicate are in, the rest are not, and the -502001 error does not say which.
  it('an array add stops at a duplicate: the documents before it are inserted, the rest are not', async () => {
    const { coll } = await t.fresh('id');
    await coll.add({ data: { _id: 'k', v: 1 } });
    const e = await sdkError(addMany(coll, [{ _id: 'n1' }, { _id: 'k' }, { _id: 'n3' }]));
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toContain('duplicate');
    const e2 = await sdkError(addMany(coll, [{ _id: 'n2' }, { _id: 'n2' }, { _id: 'n4' }]));
    expect(e2.errCode).toBe(-502001);
    expect(ids((await coll.orderBy('_id', 'asc').get()).data)).toEqual(['k', 'n1', 'n2']);
    expect((await coll.doc('k').get()).data).toEqual({ _id: 'k', v: 1 });
  });
});

describe('unique index', () => {
  it('a second document with the same unique value fails with -502001 duplicate', async () => {
    const users = db.collection('users');
    await users.add({ data: { _id: 'u1', openid: 'o-1' } });
    const e = await sdkError(users.add({ data: { _id: 'u2', openid: 'o-1' } }));
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toContain('duplicate');
    await expect(users.doc('u2').get()).rejects.toMatchObject({ errCode: -1 });
  });

  it('an update or set that takes a held unique value fails and changes nothing', async () => {
    const users = db.collection('users');
    await users.add({ data: { _id: 'u3', openid: 'o-3' } });
    await users.add({ data: { _id: 'u4', openid: 'o-4' } });
    expect((await sdkError(users.doc('u4').update({ data: { openid: 'o-3' } }))).errCode).toBe(-502001);
    expect((await sdkError(users.doc('u4').set({ data: { openid: 'o-3' } }))).errCode).toBe(-502001);
    expect((await users.doc('u4').get()).data).toEqual({ _id: 'u4', openid: 'o-4' });
  });

  it('a value freed by an update or a remove can be taken again', async () => {
    const users = db.collection('users');
    await users.add({ data: { _id: 'u5', openid: 'o-5' } });
    await users.doc('u5').update({ data: { openid: 'o-5b' } });
    await users.add({ data: { _id: 'u6', openid: 'o-5' } });
    await users.doc('u6').remove();
    await users.add({ data: { _id: 'u7', openid: 'o-5' } });
    expect(ids((await users.where({ openid: 'o-5' }).get()).data)).toEqual(['u7']);
  });

  it('an update keeping its own unique value is fine', async () => {
    const users = db.collection('users');
    await users.add({ data: { _id: 'u8', openid: 'o-8', n: 1 } });
    await users.doc('u8').update({ data: { openid: 'o-8', n: 2 } });
    expect((await users.doc('u8').get()).data).toEqual({ _id: 'u8', openid: 'o-8', n: 2 });
  });

  it('counts a missing unique field as null, so only one document may lack it (as MongoDB)', async () => {
    const users = db.collection('users');
    await users.add({ data: { _id: 'u9', name: 'no openid' } });
    const e = await sdkError(users.add({ data: { _id: 'u10', name: 'no openid either' } }));
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toContain('duplicate');
    const e2 = await sdkError(users.add({ data: { _id: 'u11', openid: null } }));
    expect(e2.errCode).toBe(-502001);
    await users.doc('u9').remove();
  });
});

describe('missing documents and collections', () => {
  it('doc().get() on a missing id fails with errCode -1', async () => {
    const { coll } = await t.fresh('miss');
    const e = await sdkError(coll.doc('nope').get());
    expect(e.errCode).toBe(-1);
    expect(e.errMsg).toContain('nope');
  });

  it('with throwOnNotFound:false, doc().get() on a missing id returns data null', async () => {
    const { name } = await t.fresh('miss');
    const r = await t.database({ throwOnNotFound: false }).collection(name).doc('nope').get();
    expect(r.data).toBeNull();
  });

  it('every operation on a collection that was never created fails with -502005', async () => {
    const c = db.collection('never_created');
    const ops: Promise<unknown>[] = [
      c.get(),
      c.where({ a: 1 }).count(),
      c.add({ data: { a: 1 } }),
      c.doc('x').get(),
      c.doc('x').update({ data: { a: 1 } }),
      c.doc('x').set({ data: { a: 1 } }),
      c.doc('x').remove(),
      c.where({ a: 1 }).update({ data: { a: 2 } }),
      c.where({ a: 1 }).remove(),
    ];
    for (const op of ops) expect((await sdkError(op)).errCode).toBe(-502005);
  });

  it('aggregate on a collection that was never created fails (wx-server-sdk 4.0.2 reports errCode -1 there)', async () => {
    const e = await sdkError(db.collection('never_created').aggregate().match({ a: 1 }).end());
    expect(e.errCode).toBe(-1);
    expect(e.errMsg).toContain('does not exist');
  });

  it('db.createCollection makes a collection usable', async () => {
    await db.createCollection('made_here');
    const c = db.collection('made_here');
    const { _id } = await c.add({ data: { a: 1 } });
    expect((await c.doc(_id).get()).data).toEqual({ _id, a: 1 });
  });

  it('creating a collection twice fails', async () => {
    await db.createCollection('twice');
    const e = await sdkError(db.createCollection('twice'));
    expect(e.errMsg).toContain('exist');
  });
});

describe('where().update and where().remove', () => {
  it('where().update updates every matching document and reports the count', async () => {
    const { coll } = await t.fresh('multi');
    await addMany(coll, [
      { _id: 'a', g: 1, n: 0 },
      { _id: 'b', g: 1, n: 0 },
      { _id: 'c', g: 2, n: 0 },
    ]);
    const r = await coll.where({ g: 1 }).update({ data: { n: _.inc(1), tag: 'x' } });
    expect(r.stats.updated).toBe(2);
    expect((await coll.orderBy('_id', 'asc').get()).data).toEqual([
      { _id: 'a', g: 1, n: 1, tag: 'x' },
      { _id: 'b', g: 1, n: 1, tag: 'x' },
      { _id: 'c', g: 2, n: 0 },
    ]);
  });

  it('where().remove removes every matching document and reports the count', async () => {
    const { coll } = await t.fresh('multi');
    await addMany(
      coll,
      Array.from({ length: 150 }, (_x, i) => ({ _id: `d${i}`, odd: i % 2 === 1 })),
    );
    const r = await coll.where({ odd: true }).remove();
    expect(r.stats.removed).toBe(75);
    expect((await coll.count()).total).toBe(75);
    expect((await coll.where({ odd: true }).count()).total).toBe(0);
  });

  it('doc().remove removes one document', async () => {
    const { coll } = await t.fresh('multi');
    await addMany(coll, [{ _id: 'a' }, { _id: 'b' }]);
    expect((await coll.doc('a').remove()).stats.removed).toBe(1);
    expect((await coll.doc('a').remove()).stats.removed).toBe(0);
    expect(ids((await coll.get()).data)).toEqual(['b']);
  });
});

describe('error objects', () => {
  it('carry a numeric errCode and an errMsg naming the API', async () => {
    const { coll } = await t.fresh('err');
    await coll.add({ data: { _id: 'k' } });
    const e = (await rejection(coll.add({ data: { _id: 'k' } }))) as { errCode: number; errMsg: string };
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toMatch(/^collection\.add:fail -502001 /);
    const e2 = (await rejection(db.collection('nowhere').where({ a: 1 }).get())) as { errCode: number; errMsg: string };
    expect(e2).toMatchObject({ errCode: -502005 });
    expect(e2.errMsg).toMatch(/^collection\.get:fail -502005 /);
  });

  it('a malformed query is refused with an error, not a crash', async () => {
    const { coll } = await t.fresh('err');
    const e = (await rejection(coll.where({ a: { $bogus: 1 } }).get())) as { errCode?: number };
    expect(typeof e.errCode).toBe('number');
  });
});
