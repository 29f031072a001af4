import { describe, expect, it } from '@jest/globals';
import { addTotals, advanceCursor } from '../../../core/domain/points/job';

describe('advanceCursor: a job never moves past a member it did not finish', () => {
  it.each([
    [null, ['a', 'b', 'c'], ['a', 'b', 'c'], { cursor: 'c', blocked: false }],
    ['0', ['a', 'b', 'c'], ['a', 'c'], { cursor: 'a', blocked: true }],
    ['0', ['a', 'b'], [], { cursor: '0', blocked: true }],
    ['x', [], [], { cursor: 'x', blocked: false }],
  ])('from %p over %p with %p finished', (cursor, ids, finished, expected) => {
    expect(advanceCursor(cursor, ids, new Set(finished))).toEqual(expected);
  });
});

describe('addTotals', () => {
  it('adds a run to the job totals', () => {
    expect(addTotals({ expired: 3, points: 9 }, { expired: 2, failed: 1 })).toEqual({ expired: 5, points: 9, failed: 1 });
  });
});
