import { describe, expect, it } from '@jest/globals';
import { GRANTABLE_ROLES, type GrantableRole } from '../../../core/contracts/org';
import type { OrgDoc } from '../../../core/domain/org/model';
import { isAdminRole, roleChangeDecision, sameGrants, withGrant, withoutGrant } from '../../../core/domain/org/roles';

const org = (type: OrgDoc['type']) => ({ type });

describe('which role fits where, and who may change admin roles', () => {
  it.each<[string, GrantableRole, OrgDoc['type'], boolean, boolean, string]>([
    ['a secretary of a branch', 'secretary', 'branch', true, false, 'ok'],
    ['a grid leader of a party group', 'gridLeader', 'group', true, false, 'ok'],
    ['a store keeper of a town', 'storeKeeper', 'town', true, false, 'ok'],
    ['a town admin of a town', 'orgAdmin', 'town', true, false, 'ok'],
    ['a 组织部 admin of the county', 'countyAdmin', 'county', true, false, 'ok'],
    ["anything outside the caller's scope", 'gridLeader', 'group', false, false, 'FORBIDDEN'],
    ["a change of one's own admin grant", 'orgAdmin', 'town', true, true, 'FORBIDDEN'],
    ["a change of one's own store keeper grant", 'storeKeeper', 'branch', true, true, 'ok'],
    ['a secretary of a party group', 'secretary', 'group', true, false, 'INVALID_INPUT'],
    ['a town admin of a branch', 'orgAdmin', 'branch', true, false, 'INVALID_INPUT'],
    ['a town admin of the county', 'orgAdmin', 'county', true, false, 'INVALID_INPUT'],
    ['a 组织部 admin of a town', 'countyAdmin', 'town', true, false, 'INVALID_INPUT'],
  ])('%s -> %s', (_n, role, type, mayOnOrg, ownGrant, expected) => {
    const d = roleChangeDecision({ role, org: org(type), mayOnOrg, ownGrant });
    expect(d.ok ? 'ok' : d.code).toBe(expected);
  });

  it('leaves admin roles to the 组织部 alone', () => {
    expect(GRANTABLE_ROLES.filter(isAdminRole)).toEqual(['orgAdmin', 'countyAdmin']);
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
