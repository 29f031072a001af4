import { describe, expect, it } from '@jest/globals';
import { counterIncrements, handlingBucket, kpiOf, medianHours, nodeAt, nodePath } from '../../../core/domain/grid/kpi';

describe('grid KPI counters', () => {
  it('one transition increments the grid and every org above it in one shard', () => {
    expect(counterIncrements(['county', 't1', 'b01', 'b01g1'], { closed: 1, bucket: 'h24' })).toEqual({
      'n.county.c.closed': 1,
      'n.county.c.h.h24': 1,
      'n.county.k.t1.c.closed': 1,
      'n.county.k.t1.c.h.h24': 1,
      'n.county.k.t1.k.b01.c.closed': 1,
      'n.county.k.t1.k.b01.c.h.h24': 1,
      'n.county.k.t1.k.b01.k.b01g1.c.closed': 1,
      'n.county.k.t1.k.b01.k.b01g1.c.h.h24': 1,
    });
    expect(nodePath(['county', 't1'])).toBe('n.county.k.t1');
    expect(nodeAt({ county: { k: { t1: { c: { reported: 2 } } } } }, ['county', 't1'])).toEqual({ c: { reported: 2 } });
  });

  it('the median from the histogram, 办结率 and the first-level share', () => {
    expect(handlingBucket(3 * 3_600_000)).toBe('h4');
    expect(handlingBucket(1000 * 3_600_000)).toBe('hmax');
    expect(medianHours({ h4: 1, h24: 1, h72: 3 })).toBe(72);
    expect(medianHours({})).toBeNull();
    expect(kpiOf({ reported: 10, returned: 2, accepted: 8, closed: 6, closedFirst: 3, overdue: 1, h: { h8: 4, h48: 2 } })).toEqual({
      reported: 10,
      accepted: 8,
      returned: 2,
      closed: 6,
      overdue: 1,
      closedFirst: 3,
      closeRate: 75,
      firstLevelShare: 50,
      medianHours: 8,
    });
  });
});
