import { describe, expect, it } from '@jest/globals';
import type { Role } from '../../core/contracts/roles';
import { canActOn, scopeRoots, type Actor } from '../../core/domain/authz';
import { maskPhone } from '../../core/domain/org/model';
const secretaryB1: Actor = { memberId: 'm1', name: '甲', branchId: 'b1', ancestors: ['c', 't1', 'b1', 'b1g1'], roles: [{ role: 'secretary', orgId: 'b1' }] };
const adminT1: Actor = { memberId: 'm2', name: '乙', branchId: 'b1', ancestors: ['c', 't1', 'b1'], roles: [{ role: 'orgAdmin', orgId: 't1' }] };
const member: Actor = { memberId: 'm3', name: '丙', branchId: 'b2', ancestors: ['c', 't1', 'b2'], roles: [] };

describe('role scope', () => {
  it.each<[string, Actor, Role[], string[], boolean]>([
    ['a secretary on their own branch', secretaryB1, ['secretary'], ['c', 't1', 'b1'], true],
    ['a secretary on a member of a group in their branch', secretaryB1, ['secretary'], ['c', 't1', 'b1', 'b1g2'], true],
    ['a secretary on another branch', secretaryB1, ['secretary'], ['c', 't1', 'b2'], false],
    ['a secretary on the town above', secretaryB1, ['secretary'], ['c', 't1'], false],
    ['a town admin on any branch of the town', adminT1, ['orgAdmin'], ['c', 't1', 'b2'], true],
    ['a town admin on another town', adminT1, ['orgAdmin'], ['c', 't2', 'b5'], false],
    ['a town admin asked for a role they lack', adminT1, ['secretary'], ['c', 't1', 'b1'], false],
    ['a plain member as member of their own branch', member, ['member'], ['c', 't1', 'b2'], true],
    ['a plain member as secretary', member, ['secretary'], ['c', 't1', 'b2'], false],
  ])('%s -> %s', (_name, actor, roles, target, expected) => {
    expect(canActOn(actor, roles, target)).toBe(expected);
  });

  it('lists the org nodes a role reaches from', () => {
    expect(scopeRoots(adminT1, ['orgAdmin', 'secretary'])).toEqual(['t1']);
    expect(scopeRoots(member, ['member'])).toEqual(['b2']);
  });
});

describe('phone masking', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['15900001111', '159****1111'],
    ['123', '****'],
  ])('masks %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});
