import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addMany, ids, startLocalCloud, type CollectionRef, type Data, type TestCloud } from './helpers';

// Conformance: reads through the real wx-server-sdk against the local cloud.
let t: TestCloud;
let people: CollectionRef;

const PEOPLE: Data[] = [
  { _id: 'p1', name: 'Alice', age: 30, city: 'BJ', tags: ['a', 'b'], addr: { city: 'Beijing', zip: '100000' }, score: 10, born: new Date('1990-01-01T00:00:00Z') },
  { _id: 'p2', name: 'bob', age: 25, city: 'SH', tags: ['b'], addr: { city: 'Shanghai' }, score: 20, nick: 'bb' },
  { _id: 'p3', name: 'Carol', age: 35, city: 'BJ', tags: [], addr: { city: 'Beijing' }, score: 10, nick: null },
  { _id: 'p4', name: 'dave', age: 25, city: 'GZ', tags: ['c', 'a'], score: 5 },
  { _id: 'p5', name: 'Eve', age: 40, city: 'SH', addr: { city: 'Shanghai', zip: '200000' }, score: 20, born: new Date('1985-06-01T00:00:00Z') },
];

beforeAll(async () => {
  t = startLocalCloud();
  const f = await t.fresh('people');
  people = f.coll;
  await addMany(people, PEOPLE);
});
afterAll(() => t.close());

async function whereIds(cond: unknown): Promise<string[]> {
  const r = await people.where(cond).get();
  return ids(r.data).sort();
}

describe('query and command operators', () => {
  const cases: [string, () => unknown, string[]][] = [
    ['plain equality', () => ({ city: 'BJ' }), ['p1', 'p3']],
    ['_.eq', () => ({ age: t.db.command.eq(25) }), ['p2', 'p4']],
    ['_.neq (includes documents without the field)', () => ({ nick: t.db.command.neq('bb') }), ['p1', 'p3', 'p4', 'p5']],
    ['_.gt', () => ({ age: t.db.command.gt(30) }), ['p3', 'p5']],
    ['_.gte', () => ({ age: t.db.command.gte(30) }), ['p1', 'p3', 'p5']],
    ['_.lt', () => ({ age: t.db.command.lt(30) }), ['p2', 'p4']],
    ['_.lte', () => ({ age: t.db.command.lte(25) }), ['p2', 'p4']],
    ['_.in', () => ({ city: t.db.command.in(['SH', 'GZ']) }), ['p2', 'p4', 'p5']],
    ['_.nin', () => ({ city: t.db.command.nin(['SH', 'GZ']) }), ['p1', 'p3']],
    ['a range with .and on one field', () => ({ age: t.db.command.gt(25).and(t.db.command.lt(40)) }), ['p1', 'p3']],
    ['alternatives with .or on one field', () => ({ age: t.db.command.lt(26).or(t.db.command.gt(39)) }), ['p2', 'p4', 'p5']],
    ['_.and of conditions', () => t.db.command.and([{ city: 'BJ' }, { age: t.db.command.gt(30) }]), ['p3']],
    ['_.or of conditions', () => t.db.command.or([{ city: 'GZ' }, { age: t.db.command.gte(40) }]), ['p4', 'p5']],
    ['several fields are ANDed', () => ({ city: 'SH', score: 20, age: t.db.command.lt(30) }), ['p2']],
    ['_.exists(true) counts an explicit null as present', () => ({ nick: t.db.command.exists(true) }), ['p2', 'p3']],
    ['_.exists(false)', () => ({ nick: t.db.command.exists(false) }), ['p1', 'p4', 'p5']],
    ['db.RegExp with options', () => ({ name: t.db.RegExp({ regexp: '^[a-c]', options: 'i' }) }), ['p1', 'p2', 'p3']],
    ['JS RegExp (case-sensitive)', () => ({ name: /^[a-c]/ }), ['p2']],
    ['JS RegExp with the i flag', () => ({ name: /E$/i }), ['p1', 'p4', 'p5']],
    ['nested field by dot path', () => ({ 'addr.city': 'Beijing' }), ['p1', 'p3']],
    ['nested object is a dot-path match, not sub-document equality', () => ({ addr: { city: 'Shanghai' } }), ['p2', 'p5']],
    ['operator on a nested field', () => ({ 'addr.zip': t.db.command.exists(true) }), ['p1', 'p5']],
    ['array contains an element', () => ({ tags: 'a' }), ['p1', 'p4']],
    ['array contains any of (_.in)', () => ({ tags: t.db.command.in(['b', 'c']) }), ['p1', 'p2', 'p4']],
    ['array contains all (_.all)', () => ({ tags: t.db.command.all(['a', 'b']) }), ['p1']],
    ['array size (_.size)', () => ({ tags: t.db.command.size(0) }), ['p3']],
    ['dates compare as instants', () => ({ born: t.db.command.lt(new Date('1989-01-01T00:00:00Z')) }), ['p5']],
    ['date equality', () => ({ born: new Date('1990-01-01T00:00:00Z') }), ['p1']],
    ['_id equality', () => ({ _id: 'p4' }), ['p4']],
    ['_id with _.in', () => ({ _id: t.db.command.in(['p5', 'p1', 'nope']) }), ['p1', 'p5']],
    ['no match', () => ({ city: 'XX' }), []],
  ];
  it.each(cases)('%s', async (_name, cond, expected) => {
    expect(await whereIds(cond())).toEqual(expected);
  });

  it('returns documents with their _id and stored values (Dates come back as Date)', async () => {
    const { data } = await people.where({ _id: 'p1' }).get();
    expect(data).toEqual([PEOPLE[0]]);
    expect(data[0].born).toBeInstanceOf(Date);
  });

  it('doc(id).get returns one document', async () => {
    const { data } = await people.doc('p2').get();
    expect(data).toEqual(PEOPLE[1]);
  });
});

describe('orderBy, skip, limit, field', () => {
  it('orders ascending and descending (strings compare by code point)', async () => {
    expect(ids((await people.orderBy('name', 'asc').get()).data)).toEqual(['p1', 'p3', 'p5', 'p2', 'p4']);
    expect(ids((await people.orderBy('name', 'desc').get()).data)).toEqual(['p4', 'p2', 'p5', 'p3', 'p1']);
  });

  it('orders by several keys, each with its own direction', async () => {
    const r = await people.orderBy('score', 'desc').orderBy('age', 'asc').get();
    expect(ids(r.data)).toEqual(['p2', 'p5', 'p1', 'p3', 'p4']);
  });

  it('orders by a nested field, a missing value first when ascending', async () => {
    const r = await people.orderBy('addr.city', 'asc').orderBy('age', 'desc').get();
    expect(ids(r.data)).toEqual(['p4', 'p3', 'p1', 'p5', 'p2']);
  });

  it('orders by a date', async () => {
    const r = await people
      .where({ born: t.db.command.exists(true) })
      .orderBy('born', 'asc')
      .get();
    expect(ids(r.data)).toEqual(['p5', 'p1']);
  });

  it('skip and limit apply after ordering', async () => {
    const r = await people.orderBy('age', 'asc').orderBy('name', 'asc').skip(1).limit(2).get();
    expect(ids(r.data)).toEqual(['p4', 'p1']);
  });

  it('skip without ordering pages through the natural order without overlap', async () => {
    const a = ids((await people.limit(3).get()).data);
    const b = ids((await people.skip(3).limit(3).get()).data);
    expect(a).toHaveLength(3);
    expect(b).toHaveLength(2);
    expect([...a, ...b].sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('field() with inclusions returns those fields and _id only', async () => {
    const r = await people.where({ _id: 'p1' }).field({ name: true, 'addr.city': true }).get();
    expect(r.data).toEqual([{ _id: 'p1', name: 'Alice', addr: { city: 'Beijing' } }]);
  });

  it('field() with exclusions drops those fields', async () => {
    const r = await people.where({ _id: 'p2' }).field({ addr: false, tags: false, nick: false }).get();
    expect(r.data).toEqual([{ _id: 'p2', name: 'bob', age: 25, city: 'SH', score: 20 }]);
  });

  it('doc(id).field() projects a single document', async () => {
    const r = await people.doc('p5').field({ age: true }).get();
    expect(r.data).toEqual({ _id: 'p5', age: 40 });
  });
});

describe('get() limits and count', () => {
  let big: CollectionRef;
  beforeAll(async () => {
    big = (await t.fresh('big')).coll;
    for (let i = 0; i < 1200; i += 400) {
      await addMany(
        big,
        Array.from({ length: 400 }, (_, j) => ({ i: i + j, small: i + j < 150 })),
      );
    }
  });

  it('get() without limit returns 100 of 150 documents', async () => {
    const { coll } = await t.fresh('hundred');
    await addMany(
      coll,
      Array.from({ length: 150 }, (_x, i) => ({ i })),
    );
    expect((await coll.get()).data).toHaveLength(100);
    expect((await coll.count()).total).toBe(150);
  });

  it('get() without limit on a where() returns at most 100 documents', async () => {
    const r = await big.where({ small: true }).get();
    expect(r.data).toHaveLength(100);
    expect(await big.where({ small: true }).count()).toMatchObject({ total: 150 });
  });

  it('limit(5000) is capped at 1000', async () => {
    const r = await big.limit(5000).get();
    expect(r.data).toHaveLength(1000);
  });

  it('limit(n) below the cap returns n', async () => {
    expect((await big.limit(250).get()).data).toHaveLength(250);
  });

  it('count() counts every match, ignoring skip and limit', async () => {
    expect((await big.count()).total).toBe(1200);
    expect(
      (
        await big
          .where({ i: t.db.command.gte(1000) })
          .skip(50)
          .limit(3)
          .count()
      ).total,
    ).toBe(200);
  });

  it('count() with a condition', async () => {
    expect((await people.where({ city: 'SH' }).count()).total).toBe(2);
  });
});

// MongoDB "Sort Consistency" (sort reference): "When sorting on a field which contains duplicate
// values, documents containing those values may be returned in any order. If consistent sort order
// is desired, include at least one field in your sort that contains unique values", e.g. _id.
describe('sort ties', () => {
  it('come back in no fixed order, from one request to the next', async () => {
    const tied = await t.fresh('tied');
    await addMany(
      tied.coll,
      Array.from({ length: 30 }, (_x, i) => ({ _id: `t${String(i).padStart(2, '0')}`, k: i < 15 ? 1 : 2 })),
    );
    const orders = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const r = await tied.coll.orderBy('k', 'asc').get();
      expect(r.data.map((d) => d.k)).toEqual([...Array(15).fill(1), ...Array(15).fill(2)]);
      orders.add(ids(r.data).join(','));
    }
    expect(orders.size).toBeGreaterThan(1);
    // with _id as the last key the order is total, hence the same every time
    const total = new Set<string>();
    for (let i = 0; i < 3; i++) total.add(ids((await tied.coll.orderBy('k', 'asc').orderBy('_id', 'asc').get()).data).join(','));
    expect(total.size).toBe(1);
  });

  it('in an aggregation $sort too', async () => {
    const tied = await t.fresh('tieda');
    await addMany(
      tied.coll,
      Array.from({ length: 20 }, (_x, i) => ({ _id: `a${String(i).padStart(2, '0')}`, k: 1 })),
    );
    const orders = new Set<string>();
    for (let i = 0; i < 5; i++) orders.add(ids((await tied.coll.aggregate().sort({ k: 1 }).limit(20).end()).list as { _id: string }[]).join(','));
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe('aggregate', () => {
  it('match, group, sort', async () => {
    const $ = t.db.command.aggregate;
    const r = await people
      .aggregate()
      .match({ score: t.db.command.gte(10) })
      .group({ _id: '$city', total: $.sum('$score'), n: $.sum(1) })
      .sort({ total: -1, _id: 1 })
      .end();
    expect(r.list).toEqual([
      { _id: 'SH', total: 40, n: 2 },
      { _id: 'BJ', total: 20, n: 2 },
    ]);
  });

  it('limit and project', async () => {
    const $ = t.db.command.aggregate;
    const r = await people
      .aggregate()
      .sort({ age: -1 })
      .limit(2)
      .project({ _id: 0, name: 1, senior: $.gte(['$age', 36]) })
      .end();
    expect(r.list).toEqual([
      { name: 'Eve', senior: true },
      { name: 'Carol', senior: false },
    ]);
  });

  it('$lookup joins another collection', async () => {
    const orders = await t.fresh('orders');
    await addMany(orders.coll, [
      { _id: 'o1', person: 'p1', amount: 5 },
      { _id: 'o2', person: 'p1', amount: 7 },
      { _id: 'o3', person: 'p2', amount: 1 },
    ]);
    const r = await people
      .aggregate()
      .match({ _id: t.db.command.in(['p1', 'p2', 'p3']) })
      .lookup({ from: orders.name, localField: '_id', foreignField: 'person', as: 'orders' })
      .project({ _id: 1, orders: 1 })
      .sort({ _id: 1 })
      .end();
    expect(r.list).toEqual([
      {
        _id: 'p1',
        orders: [
          { _id: 'o1', person: 'p1', amount: 5 },
          { _id: 'o2', person: 'p1', amount: 7 },
        ],
      },
      { _id: 'p2', orders: [{ _id: 'o3', person: 'p2', amount: 1 }] },
      { _id: 'p3', orders: [] },
    ]);
  });

  // CloudBase returns 20 rows for an aggregation without a limit stage (WeChat open community,
  // "云函数端Aggregate聚合操作limit默认20条限制", developers.weixin.qq.com/community/develop/article/doc/
  // 000624c67c8b48611dba2b12058c13); the SDK sends no default (@cloudbase/database aggregate.js).
  it('without a limit stage an aggregation returns 20 rows; with one, up to its limit', async () => {
    const many = await t.fresh('many');
    await addMany(
      many.coll,
      Array.from({ length: 50 }, (_x, i) => ({ g: i % 25 })),
    );
    const $ = t.db.command.aggregate;
    const bare = await many.coll
      .aggregate()
      .group({ _id: '$g', n: $.sum(1) })
      .end();
    expect(bare.list).toHaveLength(20);
    const limited = await many.coll
      .aggregate()
      .group({ _id: '$g', n: $.sum(1) })
      .limit(100)
      .end();
    expect(limited.list).toHaveLength(25);
    expect((await many.coll.aggregate().match({ g: 3 }).end()).list).toHaveLength(2);
  });

  it('aggregating leaves the stored documents untouched', async () => {
    await people.aggregate().unwind('$tags').group({ _id: '$tags' }).end();
    await people.aggregate().addFields({ 'addr.extra': 1 }).end();
    expect((await people.doc('p1').get()).data).toEqual(PEOPLE[0]);
  });
});
