import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { addMany, ids, num, rejection, startLocalCloud, type CollectionRef, type Db, type TestCloud } from './helpers';

// Per-invocation WX context, request counting and fault injection, through the real SDK.
let t: TestCloud;
let db: Db;

beforeAll(() => {
  t = startLocalCloud();
  db = t.db;
});
afterAll(() => t.close());
beforeEach(() => t.cloud.faults.clear());

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('per-invocation WX context', () => {
  it('200 concurrent invocations each see their own OPENID, before and after awaits', async () => {
    const { coll } = await t.fresh('ctx');
    const handler = async (event: Record<string, unknown>) => {
      const before = t.sdk.getWXContext().OPENID;
      await tick(Number(event.wait));
      await coll.add({ data: { who: before } });
      const middle = t.sdk.getWXContext().OPENID;
      await coll.where({ who: before }).count();
      await tick(1);
      return { before, middle, after: t.sdk.getWXContext().OPENID };
    };
    const n = 200;
    const results = await Promise.all(Array.from({ length: n }, (_x, i) => t.cloud.invoke(handler, { wait: (i * 7) % 11 }, { openid: `openid-${i}` })));
    results.forEach((r, i) => {
      expect(r.result).toEqual({ before: `openid-${i}`, middle: `openid-${i}`, after: `openid-${i}` });
    });
    expect((await coll.count()).total).toBe(n);
    // the context is not smuggled through process-wide variables
    expect(process.env.WX_OPENID).toBeUndefined();
  });

  it('the context carries APPID, UNIONID and ENV, and a handler gets a request id', async () => {
    const r = await t.cloud.invoke(async (_e, context) => ({ ctx: t.sdk.getWXContext(), requestId: context.request_id }), {}, { openid: 'o-1', unionid: 'u-1' });
    expect(r.result).toMatchObject({ ctx: { OPENID: 'o-1', UNIONID: 'u-1', ENV: 'local' }, requestId: r.requestId });
    expect((r.result as { ctx: { APPID: string } }).ctx.APPID).toEqual(expect.any(String));
  });

  it('an invocation without an identity sees no OPENID', async () => {
    const r = await t.cloud.invoke(async () => t.sdk.getWXContext().OPENID, {});
    expect(r.result).toBeUndefined();
  });

  // WeChat reference Cloud.getWXContext, SOURCE: "wx_client 微信小程序调用", "wx_trigger 云函数定时触发器调用";
  // the platform sets it, so a caller's payload cannot change it.
  it('SOURCE is wx_client for a mini-program call and wx_trigger for a timer trigger, whatever the event says', async () => {
    const source = async () => t.sdk.getWXContext().SOURCE;
    expect((await t.cloud.invoke(source, { Type: 'Timer', TriggerName: 'tick' })).result).toBe('wx_client');
    expect((await t.cloud.invoke(source, {}, { openid: 'o-2' })).result).toBe('wx_client');
    const timer = await t.cloud.fireTimer(async (e) => ({ source: t.sdk.getWXContext().SOURCE, openid: t.sdk.getWXContext().OPENID, e }), 'tick', Date.parse('2026-12-31T15:59:00Z'));
    expect(timer.result).toEqual({ source: 'wx_trigger', openid: undefined, e: { Type: 'Timer', TriggerName: 'tick', Time: '2026-12-31T15:59:00Z', Message: '' } });
  });

  it('the handler receives the event as given', async () => {
    const r = await t.cloud.invoke(async (e) => e, { action: 'me', n: 1 }, { openid: 'x' });
    expect(r.result).toEqual({ action: 'me', n: 1 });
  });
});

describe('request counting', () => {
  it('an invocation doing 3 requests reports dbRequests 3', async () => {
    const { coll } = await t.fresh('count');
    const r = await t.cloud.invoke(async () => {
      const { _id } = await coll.add({ data: { a: 1 } });
      await coll.doc(_id).update({ data: { a: 2 } });
      await coll.doc(_id).get();
    }, {});
    expect(r.dbRequests).toBe(3);
  });

  it('a transaction counts start, each operation and commit', async () => {
    const { name, coll } = await t.fresh('count');
    await coll.add({ data: { _id: 'a', v: 1 } });
    const r = await t.cloud.invoke(async () => {
      await db.runTransaction(async (tx) => {
        await tx.collection(name).doc('a').get();
        await tx
          .collection(name)
          .doc('a')
          .update({ data: { v: 2 } });
      });
    }, {});
    expect(r.dbRequests).toBe(4);
  });

  it('concurrent invocations count only their own requests; the cloud counts all', async () => {
    const { coll } = await t.fresh('count');
    const before = t.cloud.metrics.dbRequests;
    const doN = (n: number) => async () => {
      for (let i = 0; i < n; i++) {
        await coll.where({ i }).count();
        await tick(1);
      }
    };
    const [a, b] = await Promise.all([t.cloud.invoke(doN(2), {}), t.cloud.invoke(doN(5), {})]);
    expect([a.dbRequests, b.dbRequests]).toEqual([2, 5]);
    expect(t.cloud.metrics.dbRequests - before).toBe(7);
  });
});

describe('fault injection', () => {
  async function accounts(): Promise<{ name: string; coll: CollectionRef }> {
    const f = await t.fresh('fault');
    await addMany(f.coll, [
      { _id: 'a', v: 10 },
      { _id: 'b', v: 0 },
    ]);
    return f;
  }
  /** An action: in one transaction, move 5 from a to b and record a transfer doc. */
  const transfer = (name: string) => () =>
    db.runTransaction(async (tx) => {
      const a = { v: num((await tx.collection(name).doc('a').get()).data) };
      await tx
        .collection(name)
        .doc('a')
        .update({ data: { v: a.v - 5 } });
      await tx
        .collection(name)
        .doc('b')
        .update({ data: { v: db.command.inc(5) } });
      await tx.collection(name).add({ data: { _id: 'transfer-1', amount: 5 } });
    });
  const snapshot = async (coll: CollectionRef) => (await coll.orderBy('_id', 'asc').get()).data;

  it('failing the n-th request of an action leaves none of its writes', async () => {
    // requests: start, get a, update a, update b, add, commit
    for (const nth of [2, 3, 4, 5]) {
      const { name, coll } = await accounts();
      const before = await snapshot(coll);
      t.cloud.faults.add({ api: '*', nth, fail: true });
      const e = await rejection(t.cloud.invoke(transfer(name), {}));
      expect(String((e as { errMsg?: string }).errMsg)).toContain('injected fault');
      expect(await snapshot(coll)).toEqual(before);
      t.cloud.faults.clear();
    }
    expect(t.cloud.store.openTransactions()).toBe(0);
  });

  it('failing commitTransaction leaves none of the action writes', async () => {
    const { name, coll } = await accounts();
    const before = await snapshot(coll);
    t.cloud.faults.add({ api: 'database.commitTransaction', fail: true });
    const e = await rejection(t.cloud.invoke(transfer(name), {}));
    expect(e).toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect(await snapshot(coll)).toEqual(before);
    expect(t.cloud.store.openTransactions()).toBe(0);
  });

  it('without a fault the same action applies all its writes', async () => {
    const { name, coll } = await accounts();
    await t.cloud.invoke(transfer(name), {});
    expect(await snapshot(coll)).toEqual([
      { _id: 'a', v: 5 },
      { _id: 'b', v: 5 },
      { _id: 'transfer-1', amount: 5 },
    ]);
  });

  it('a fault can target one api of one collection, a given number of times', async () => {
    const { name, coll } = await t.fresh('fault');
    const other = await t.fresh('fault');
    t.cloud.faults.add({ api: 'database.insertDocument', collection: name, fail: true, times: 2 });
    await other.coll.add({ data: { ok: 1 } });
    await rejection(coll.add({ data: { n: 1 } }));
    await rejection(coll.add({ data: { n: 2 } }));
    await coll.add({ data: { _id: 'third', n: 3 } });
    expect(ids((await coll.get()).data)).toEqual(['third']);
    expect((await other.coll.count()).total).toBe(1);
  });

  it('nth counts only the requests the rule matches', async () => {
    const { coll } = await t.fresh('fault');
    t.cloud.faults.add({ api: 'database.insertDocument', nth: 2, fail: true });
    await coll.count();
    await coll.add({ data: { _id: 'one' } });
    await rejection(coll.add({ data: { _id: 'two' } }));
    await coll.add({ data: { _id: 'three' } });
    expect(ids((await coll.get()).data)).toEqual(['one', 'three']);
  });

  it('a rule that names neither fail nor delay fails the request', async () => {
    const { coll } = await t.fresh('fault');
    t.cloud.faults.add({ api: 'database.insertDocument', nth: 1 });
    await rejection(coll.add({ data: { _id: 'one' } }));
    await coll.add({ data: { _id: 'two' } });
    expect(ids((await coll.get()).data)).toEqual(['two']);
  });

  it('a delay holds one request while others proceed', async () => {
    const { coll } = await t.fresh('fault');
    await coll.add({ data: { _id: 'x' } });
    const remove = t.cloud.faults.add({ api: 'database.getDocument', delayMs: 400 });
    const order: string[] = [];
    const started = Date.now();
    const slow = coll
      .doc('x')
      .get()
      .then(() => order.push('get'));
    const fast = coll.count().then(() => order.push('count'));
    await Promise.all([slow, fast]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(order).toEqual(['count', 'get']);
    remove();
    const again = Date.now();
    await coll.doc('x').get();
    expect(Date.now() - again).toBeLessThan(300);
  });
});
