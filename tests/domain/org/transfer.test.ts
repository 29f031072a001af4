import { describe, expect, it } from '@jest/globals';
import { bothEnds, checkTransfer, placementIn, placementOf, samePlacement } from '../../../core/domain/org/transfer';

const branch = (id: string, town: string) => ({ _id: id, type: 'branch' as const, ancestors: ['county', town, id] });

describe('moving a member within the county', () => {
  it('lands in the new branch without a group, its ancestors those of the branch', () => {
    expect(checkTransfer({ branchId: 'b05' }, branch('b09', 't3'))).toEqual({ ok: true, to: { branchId: 'b09', groupId: null, ancestors: ['county', 't3', 'b09'] } });
  });

  it.each([
    ['the branch the member is in', branch('b05', 't2')],
    ['a town', { _id: 't3', type: 'town' as const, ancestors: ['county', 't3'] }],
    ['a party group', { _id: 'b09g1', type: 'group' as const, ancestors: ['county', 't3', 'b09', 'b09g1'] }],
  ])('refuses %s as the target', (_name, to) => {
    expect(checkTransfer({ branchId: 'b05' }, to)).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'toBranchId' });
  });

  it('places a member in a group under the group, and compares places by branch, group and ancestors', () => {
    const b = branch('b03', 't1');
    const g = { _id: 'b03g2', ancestors: ['county', 't1', 'b03', 'b03g2'] };
    expect(placementIn(b, g)).toEqual({ branchId: 'b03', groupId: 'b03g2', ancestors: ['county', 't1', 'b03', 'b03g2'] });
    expect(samePlacement(placementIn(b, g), placementOf({ branchId: 'b03', groupId: 'b03g2', ancestors: ['county', 't1', 'b03', 'b03g2'] }))).toBe(true);
    expect(samePlacement(placementIn(b, g), placementIn(b))).toBe(false);
  });

  it('records the move under both ends, so the admins of either town see it', () => {
    expect(bothEnds(placementIn(branch('b05', 't2')), placementIn(branch('b09', 't3')))).toEqual(['county', 't2', 'b05', 't3', 'b09']);
  });
});
