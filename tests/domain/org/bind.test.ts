import { describe, expect, it } from '@jest/globals';
import { decideBind, isRateLimited, matchMember, normalizeInviteCode, recentFailures, withFailure } from '../../../core/domain/org/bind';

const t = (min: number) => new Date(Date.UTC(2026, 10, 23, 1, 0) + min * 60_000);

describe('the wrong-attempt window (5 per sliding hour per openid)', () => {
  it.each<[string, number[], number, boolean]>([
    ['no failures', [], 0, false],
    ['four failures in the hour', [0, 1, 2, 3], 10, false],
    ['five failures in the hour', [0, 1, 2, 3, 4], 10, true],
    ['five failures, the first just over an hour ago', [0, 1, 2, 3, 4], 60, false],
    ['five failures, the first exactly 59 minutes ago', [0, 1, 2, 3, 4], 59, true],
    ['five failures across a calendar hour boundary', [50, 55, 58, 61, 65], 70, true],
  ])('%s -> limited %s', (_n, failures, now, limited) => {
    expect(isRateLimited(failures.map(t), t(now))).toBe(limited);
  });

  it('keeps only what the window needs: at most five, none older than an hour', () => {
    const f = withFailure([0, 1, 2, 3, 4, 5].map(t), t(6));
    expect(f).toEqual([2, 3, 4, 5, 6].map(t));
    expect(withFailure([0, 1].map(t), t(90))).toEqual([t(90)]);
  });

  it('ignores failures dated in the future (a clock moved back)', () => {
    expect(recentFailures([t(10)], t(5))).toEqual([]);
  });
});

describe('invite codes and names as people type them', () => {
  it.each([
    ['abc123', 'ABC123'],
    [' AB C1-23 ', 'ABC123'],
    ['HGJBIND:x7k2pq', 'X7K2PQ'],
    ['hgjbind:X7K2PQ', 'X7K2PQ'],
  ])('reads %j as %s', (raw, code) => {
    expect(normalizeInviteCode(raw)).toBe(code);
  });

  it('matches a name regardless of spaces and the kind of middle dot, skipping transferred members', () => {
    const ms = [
      { name: '阿依古丽·买买提', status: 'active' as const, id: 1 },
      { name: '张三', status: 'transferred' as const, id: 2 },
    ];
    expect(matchMember(ms, '阿依古丽•买买提')?.id).toBe(1);
    expect(matchMember(ms, ' 阿依古丽 · 买买提 ')?.id).toBe(1);
    expect(matchMember(ms, '张三')).toBeUndefined();
    expect(matchMember(ms, '阿依古丽')).toBeUndefined();
  });
});

describe('deciding a bind', () => {
  const free = { _id: 'm1', openid: 'unbound:m1' };
  it.each<[string, { _id: string; openid: string }, string, { _id: string } | null, string]>([
    ['a free member, an unbound caller', free, 'wx1', null, 'bind'],
    ['the member already bound to this caller (a retry)', { _id: 'm1', openid: 'wx1' }, 'wx1', { _id: 'm1' }, 'same'],
    ['a member bound to someone else', { _id: 'm1', openid: 'wx2' }, 'wx1', null, 'MEMBER_ALREADY_BOUND'],
    ['a caller bound to another member', free, 'wx1', { _id: 'm9' }, 'ALREADY_BOUND'],
    ['a caller bound elsewhere and a member bound elsewhere', { _id: 'm1', openid: 'wx2' }, 'wx1', { _id: 'm9' }, 'ALREADY_BOUND'],
  ])('%s -> %s', (_n, member, openid, callerBound, expected) => {
    const d = decideBind(member, openid, callerBound);
    expect(d.kind === 'refuse' ? d.code : d.kind).toBe(expected);
  });
});
