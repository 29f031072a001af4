import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { store } from '../../../core/functions/store';
import { db } from '../../../core/db/db';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import { readShards, UnitDraw, UnitReturn } from '../../../core/usecases/store/stock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, startTestCloud, type Call } from '../../support/cloud';
import { createItem, shardsOf } from './helpers';

let cloud: LocalCloud;
let call: Call;

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, store({ clock: fixedClock(chinaTime('2026-11-23 10:00:00')) }));
});
afterAll(() => cloud.close());

const setShard = (id: string, stock: number) => cloud.store.updateById('stockShards', id, { $set: { stock } }).durable;
const first = () => 0;

describe('taking a unit inside a transaction', () => {
  it('moves on from a shard the hints show with stock when the transaction finds it empty', async () => {
    const item = await createItem(call, { stock: 10 });
    const [a, b] = shardsOf(cloud, item.itemId);
    const hints = await readShards(item.itemId);
    await setShard(a._id, 0); // sold out since the hints were read
    const draw = new UnitDraw(item.itemId, hints, first);
    const taken = await db.transaction(async (tx) => {
      await draw.begin();
      return draw.take(tx);
    });
    expect(taken).toMatchObject({ _id: b._id, stock: 5 });
  });

  it('answers no unit only once every shard is read empty, the hints read again to be sure', async () => {
    const item = await createItem(call, { stock: 10 });
    const shards = shardsOf(cloud, item.itemId);
    const hints = await readShards(item.itemId);
    for (const s of shards) await setShard(s._id, 0);
    const draw = new UnitDraw(item.itemId, hints, first);
    const taken = await db.transaction(async (tx) => {
      await draw.begin();
      return draw.take(tx);
    });
    expect(taken).toBeNull();
  });

  it('finds a unit put back after the hints were read', async () => {
    const item = await createItem(call, { stock: 10 });
    const [a, b] = shardsOf(cloud, item.itemId);
    await setShard(a._id, 0);
    await setShard(b._id, 0);
    const hints = await readShards(item.itemId); // every shard empty
    await setShard(b._id, 1); // a cancellation returned a unit
    const draw = new UnitDraw(item.itemId, hints, first);
    const taken = await db.transaction(async (tx) => {
      await draw.begin();
      return draw.take(tx);
    });
    expect(taken).toMatchObject({ _id: b._id, stock: 1 });
  });
});

describe('putting a unit back', () => {
  it("uses the order's own shard, and another, empty one when the transaction is re-run", async () => {
    const item = await createItem(call, { stock: 15 });
    const [a, b, c] = shardsOf(cloud, item.itemId);
    await setShard(a._id, 0);
    const back = new UnitReturn(first);
    const order = { itemId: item.itemId, shardId: b._id };
    expect(await back.target(order)).toBe(b._id);
    expect(await back.target(order)).toBe(a._id);
    // a third run avoids both shards it collided on
    await setShard(c._id, 0);
    expect(await back.target(order)).toBe(c._id);
  });
});
