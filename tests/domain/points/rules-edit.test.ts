import { describe, expect, it } from '@jest/globals';
import type { RulesSaveInput } from '../../../core/contracts/points';
import type { RuleDoc } from '../../../core/domain/points/rule';
import { nextRuleVersion } from '../../../core/domain/points/rules-edit';
import { chinaTime } from '../../../core/domain/time';

const now = chinaTime('2026-11-23 10:00:00');
const input = (over: Partial<RulesSaveInput> = {}): RulesSaveInput => ({
  code: 'VANGUARD',
  expectedVersion: 1,
  name: '发挥先锋模范作用',
  category: 'vanguard',
  evalPoints: 6,
  redeemPoints: 5,
  trigger: 'claim',
  caps: { month: 2 },
  evidence: 'photo',
  approverRole: 'secretary',
  description: '',
  scopeOrgId: 'county',
  status: 'active',
  ...over,
});
const v1: RuleDoc = {
  _id: 'VANGUARD@1',
  code: 'VANGUARD',
  version: 1,
  name: '发挥先锋模范作用',
  category: 'vanguard',
  evalPoints: 5,
  redeemPoints: 5,
  trigger: 'claim',
  caps: { month: 2 },
  evidence: 'photo',
  approverRole: 'secretary',
  description: '',
  scopeOrgId: 'county',
  status: 'active',
  activeFrom: chinaTime('2026-01-01 00:00:00'),
  activeTo: null,
  createdAt: chinaTime('2026-01-01 00:00:00'),
};

describe('nextRuleVersion', () => {
  it('makes version n+1 active from now and supersedes version n as of now', () => {
    const e = nextRuleVersion(input(), v1, now);
    expect(e).toMatchObject({ ok: true, doc: { _id: 'VANGUARD@2', version: 2, evalPoints: 6, activeFrom: now, activeTo: null, status: 'active' }, supersede: { id: 'VANGUARD@1', activeTo: now } });
  });

  it.each([
    ['a stale version', input({ expectedVersion: 0 }), v1, 'CONFLICT'],
    ['a new code that exists', input({ expectedVersion: 0 }), v1, 'CONFLICT'],
    ['an edit of a code that does not exist', input({ expectedVersion: 3 }), null, 'CONFLICT'],
    ['a system rule', input(), { ...v1, trigger: 'system' as const }, 'FORBIDDEN'],
    ['an end before its start', input({ activeFrom: '2026-12-01T00:00:00+08:00', activeTo: '2026-12-01T00:00:00+08:00' }), v1, 'INVALID_INPUT'],
  ])('refuses %s', (_n, i, latest, code) => {
    expect(nextRuleVersion(i, latest, now)).toMatchObject({ ok: false, code });
  });

  it('creates version 1 of a new code with no predecessor', () => {
    expect(nextRuleVersion(input({ code: 'NEW_RULE', expectedVersion: 0 }), null, now)).toMatchObject({ ok: true, doc: { _id: 'NEW_RULE@1' }, supersede: null });
  });

  it('keeps only the caps that are set', () => {
    const e = nextRuleVersion(input({ caps: { week: 3 } }), v1, now);
    expect(e.ok && e.doc.caps).toEqual({ week: 3 });
  });
});
