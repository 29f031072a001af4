import { describe, expect, it } from '@jest/globals';
import { initialShards, MAX_SHARDS, pickShard, planRestock, planStockChange, planWriteOff, shardCountFor, shardIdOf, spread, totalStock, type StockShardDoc } from '../../../core/domain/store/stock';

const AT = new Date('2026-11-23T02:00:00Z');
const shard = (n: number, stock: number): StockShardDoc => ({ _id: shardIdOf('itm1', n), itemId: 'itm1', n, stock, updatedAt: AT });
const shardsOf = (...stocks: number[]) => stocks.map((s, n) => shard(n, s));
const seq = (...xs: number[]) => {
  let i = 0;
  return () => xs[i++ % xs.length];
};

describe('shards of a new item', () => {
  it.each([
    [0, [0]],
    [1, [1]],
    [5, [5]],
    [10, [5, 5]],
    [12, [4, 4, 4]],
    [150, Array(30).fill(5)],
  ])('puts %i units in shards %j', (units, stocks) => {
    const s = initialShards('itm1', units, AT);
    expect(s.map((x) => x.stock)).toEqual(stocks);
    expect(s.map((x) => x._id)).toEqual(stocks.map((_, n) => `itm1#${n}`));
  });

  it('never makes more than MAX_SHARDS shards, and keeps every unit', () => {
    expect(shardCountFor(100000)).toBe(MAX_SHARDS);
    expect(totalStock(initialShards('itm1', 100000, AT))).toBe(100000);
    expect(spread(7, 3)).toEqual([3, 2, 2]);
  });
});

describe('restock', () => {
  it('fills empty shards first: no redemption writes a shard it saw empty', () => {
    const plan = planRestock({ _id: 'itm1', shards: 4 }, shardsOf(3, 0, 2, 0), 10, AT);
    expect(plan).toEqual({
      ok: true,
      inc: [
        { id: 'itm1#1', units: 5 },
        { id: 'itm1#3', units: 5 },
      ],
      create: [],
      shards: 4,
    });
  });

  it('creates new shards when too few are empty', () => {
    const plan = planRestock({ _id: 'itm1', shards: 2 }, shardsOf(3, 0), 15, AT);
    expect(plan).toMatchObject({ ok: true, inc: [{ id: 'itm1#1', units: 5 }], shards: 4 });
    expect(plan.ok && plan.create.map((s) => [s._id, s.stock])).toEqual([
      ['itm1#2', 5],
      ['itm1#3', 5],
    ]);
  });

  it('adds to the emptiest shard once the item has MAX_SHARDS and none is empty', () => {
    const full = Array.from({ length: MAX_SHARDS }, (_, n) => shard(n, n === 7 ? 1 : 9));
    expect(planRestock({ _id: 'itm1', shards: MAX_SHARDS }, full, 3, AT)).toEqual({ ok: true, inc: [{ id: 'itm1#7', units: 3 }], create: [], shards: MAX_SHARDS });
  });

  it('keeps the sum: stock before + restock = stock after', () => {
    const before = shardsOf(3, 0, 2, 0, 1);
    const plan = planRestock({ _id: 'itm1', shards: 5 }, before, 23, AT);
    if (!plan.ok) throw new Error('planned');
    const after = before.map((s) => ({ ...s, stock: s.stock + plan.inc.filter((c) => c.id === s._id).reduce((a, c) => a + c.units, 0) })).concat(plan.create);
    expect(totalStock(after)).toBe(totalStock(before) + 23);
  });
});

describe('write-off', () => {
  it('takes from the fullest shards', () => {
    expect(planWriteOff({ shards: 3 }, shardsOf(2, 5, 3), 6)).toEqual({
      ok: true,
      inc: [
        { id: 'itm1#1', units: -5 },
        { id: 'itm1#2', units: -1 },
      ],
      create: [],
      shards: 3,
    });
  });

  it('refuses more than the shards hold, saying how much they hold', () => {
    expect(planWriteOff({ shards: 2 }, shardsOf(2, 1), 4)).toEqual({ ok: false, stock: 3 });
  });

  it('plans nothing for a save that leaves the stock alone', () => {
    expect(planStockChange({ _id: 'itm1', shards: 2 }, 'itm1', shardsOf(2, 1), 0, AT)).toEqual({ ok: true, inc: [], create: [], shards: 2 });
  });
});

describe('drawing a shard', () => {
  const shards = shardsOf(0, 4, 1, 0, 2);

  it('draws only among shards with stock', () => {
    expect(pickShard(shards, new Set(), new Set(), seq(0))?._id).toBe('itm1#1');
    expect(pickShard(shards, new Set(), new Set(), seq(0.99))?._id).toBe('itm1#4');
  });

  it('moves on from shards seen empty, and answers null when none is left', () => {
    expect(pickShard(shards, new Set(['itm1#1', 'itm1#4']), new Set(), seq(0.5))?._id).toBe('itm1#2');
    expect(pickShard(shards, new Set(['itm1#1', 'itm1#2', 'itm1#4']), new Set(), seq(0.5))).toBeNull();
  });

  it('avoids shards an earlier attempt collided on while others are open, and uses them when not', () => {
    expect(pickShard(shards, new Set(), new Set(['itm1#1', 'itm1#2']), seq(0))?._id).toBe('itm1#4');
    expect(pickShard(shards, new Set(['itm1#4']), new Set(['itm1#1', 'itm1#2']), seq(0))?._id).toBe('itm1#1');
  });
});
