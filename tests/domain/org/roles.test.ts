import { describe, expect, it } from '@jest/globals';
import type { GrantableRole } from '../../../core/contracts/org';
import type { Actor } from '../../../core/domain/authz';
import type { OrgDoc } from '../../../core/domain/org';
import { roleChangeDecision, sameGrants, withGrant, withoutGrant } from '../../../core/domain/org/roles';

const actor = (roles: Actor['roles']): Actor => ({ memberId: 'a', name: '甲', branchId: 'b1', ancestors: ['c', 't1', 'b1'], roles });
const countyAdmin = actor([{ role: 'orgAdmin', orgId: 'c' }]);
const townAdmin = actor([{ role: 'orgAdmin', orgId: 't1' }]);
const secretary = actor([{ role: 'secretary', orgId: 'b1' }]);
const org = (type: OrgDoc['type'], ancestors: string[]) => ({ type, ancestors });
const inT1 = { ancestors: ['c', 't1', 'b2', 'b2g1'] };
const inT2 = { ancestors: ['c', 't2', 'b5'] };

describe('who may grant which role where', () => {
  it.each<[string, Actor, GrantableRole, ReturnType<typeof org>, { ancestors: string[] }, string]>([
    ['town admin: secretary of a branch in the town', townAdmin, 'secretary', org('branch', ['c', 't1', 'b2']), inT1, 'ok'],
    ['town admin: grid leader of a group in the town', townAdmin, 'gridLeader', org('group', ['c', 't1', 'b2', 'b2g1']), inT1, 'ok'],
    ['town admin: store keeper of the town itself', townAdmin, 'storeKeeper', org('town', ['c', 't1']), inT1, 'ok'],
    ['town admin: admin of the town itself (needs a strict ancestor)', townAdmin, 'orgAdmin', org('town', ['c', 't1']), inT1, 'FORBIDDEN'],
    ['county admin: admin of a town', countyAdmin, 'orgAdmin', org('town', ['c', 't1']), inT1, 'ok'],
    ['county admin: admin of the county itself', countyAdmin, 'orgAdmin', org('county', ['c']), inT1, 'FORBIDDEN'],
    ['town admin: a role in another town', townAdmin, 'secretary', org('branch', ['c', 't2', 'b5']), inT1, 'FORBIDDEN'],
    ['town admin: a role for a member of another town', townAdmin, 'gridLeader', org('group', ['c', 't1', 'b2', 'b2g1']), inT2, 'FORBIDDEN'],
    ['secretary: anything', secretary, 'gridLeader', org('group', ['c', 't1', 'b1', 'b1g1']), { ancestors: ['c', 't1', 'b1'] }, 'FORBIDDEN'],
    ['town admin: secretary of a group', townAdmin, 'secretary', org('group', ['c', 't1', 'b2', 'b2g1']), inT1, 'INVALID_INPUT'],
    ['county admin: admin of a branch', countyAdmin, 'orgAdmin', org('branch', ['c', 't1', 'b2']), inT1, 'INVALID_INPUT'],
  ])('%s -> %s', (_n, a, role, o, m, expected) => {
    const d = roleChangeDecision(a, role, o, m);
    expect(d.ok ? 'ok' : d.code).toBe(expected);
  });
});

describe('grant lists', () => {
  const g = { role: 'gridLeader' as const, orgId: 'b1g1' };
  it('adds a grant once and removes exactly it', () => {
    expect(withGrant([], g)).toEqual([g]);
    expect(withGrant([g], g)).toEqual([g]);
    expect(withoutGrant([g, { role: 'secretary', orgId: 'b1' }], g)).toEqual([{ role: 'secretary', orgId: 'b1' }]);
    expect(withoutGrant([g], { role: 'gridLeader', orgId: 'b1g2' })).toEqual([g]);
  });
  it('compares grant lists as sets', () => {
    expect(sameGrants([g, { role: 'secretary', orgId: 'b1' }], [{ role: 'secretary', orgId: 'b1' }, g])).toBe(true);
    expect(sameGrants([g], [])).toBe(false);
  });
});
