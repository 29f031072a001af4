import { describe, expect, it } from '@jest/globals';
import type { OrgDoc } from '../../../core/domain/org/model';
import { buildTree, outermostRoots, type CountRow } from '../../../core/domain/org/tree';
import { decodeAuditCursor, encodeAuditCursor } from '../../../core/domain/org/cursor';

const at = new Date(0);
const o = (_id: string, type: OrgDoc['type'], ancestors: string[], extra: Partial<OrgDoc> = {}): OrgDoc => ({
  _id,
  name: _id.toUpperCase(),
  type,
  parentId: ancestors.length > 1 ? ancestors[ancestors.length - 2] : null,
  ancestors,
  createdAt: at,
  ...extra,
});
const orgs = [o('t1', 'town', ['c', 't1']), o('b2', 'branch', ['c', 't1', 'b2']), o('b1', 'branch', ['c', 't1', 'b1'], { firstResponsibleId: 'm1' }), o('b1g1', 'group', ['c', 't1', 'b1', 'b1g1'])];
const counts: CountRow[] = [
  { _id: { b: 'b1', g: 'b1g1', s: 'active' }, n: 5 },
  { _id: { b: 'b1', g: null, s: 'active' }, n: 2 },
  { _id: { b: 'b1', g: null, s: 'transferred' }, n: 1 },
  { _id: { b: 'b2', g: null, s: 'active' }, n: 3 },
];

describe('buildTree', () => {
  it('orders depth first with children by id, and sums counts up the tree', () => {
    const nodes = buildTree(['t1'], orgs, counts, new Map([['m1', '张三']]));
    expect(nodes.map((n) => [n.id, n.depth, n.memberCount, n.activeCount])).toEqual([
      ['t1', 0, 11, 10],
      ['b1', 1, 8, 7],
      ['b1g1', 2, 5, 5],
      ['b2', 1, 3, 3],
    ]);
    expect(nodes[1].firstResponsible).toEqual({ id: 'm1', name: '张三' });
  });

  it('drops roots inside other roots', () => {
    expect(outermostRoots(['b1', 't1', 'x'], orgs)).toEqual(['t1']);
    expect(buildTree(['b1', 't1'], orgs, counts, new Map()).map((n) => n.id)).toEqual(['t1', 'b1', 'b1g1', 'b2']);
  });
});

describe('audit cursors', () => {
  it('round-trips a time and an id, and rejects garbage', () => {
    const c = { at: new Date('2026-11-23T01:02:03.004Z'), id: 'aud:r1:org.roles.grant:m1' };
    expect(decodeAuditCursor(encodeAuditCursor(c))).toEqual(c);
    expect(decodeAuditCursor('nope')).toBeNull();
    expect(decodeAuditCursor('~x')).toBeNull();
  });
});
