import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chinaTime } from '../../../core/domain/time';
import { postOnce } from '../../../core/usecases/points/post-entry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { startTestCloud } from '../../support/cloud';
import { draft, freshMember, member, rule } from '../../support/ledger';

// Runs under TZ=UTC and TZ=Asia/Shanghai: cap periods are China calendar periods either way.
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  // members no area's demo data touches, so balances can be asserted exactly
  for (const id of ['p0030', 'p0031', 'p0032']) await freshMember(cloud, id);
});
afterAll(() => cloud.close());

async function post(memberId: string, code: string, key: string, wall: string): Promise<string> {
  const r = await postOnce(draft(member(cloud, memberId), rule(cloud, code), { key, at: chinaTime(wall) }));
  return r.ok ? 'OK' : r.code;
}

describe('caps per China-time period', () => {
  it('counts 23:59:59 on the last day of a month in that month, 00:00:00 in the next', async () => {
    expect(await post('p0030', 'DEDICATION_LOG', 'tz:a1', '2026-11-01 00:00:00')).toBe('OK');
    expect(await post('p0030', 'DEDICATION_LOG', 'tz:a2', '2026-11-30 23:59:59')).toBe('CAP_EXCEEDED');
    expect(await post('p0030', 'DEDICATION_LOG', 'tz:a3', '2026-12-01 00:00:00')).toBe('OK');
  });

  it('resets a daily cap at China midnight, which is 16:00 UTC', async () => {
    for (let i = 0; i < 8; i++) expect(await post('p0031', 'VOLUNTEER_HOUR', `tz:b${i}`, `2026-11-23 ${String(10 + i).padStart(2, '0')}:00:00`)).toBe('OK');
    expect(await post('p0031', 'VOLUNTEER_HOUR', 'tz:b8', '2026-11-23 23:59:59')).toBe('CAP_EXCEEDED');
    expect(await post('p0031', 'VOLUNTEER_HOUR', 'tz:b9', '2026-11-24 00:00:00')).toBe('OK');
  });

  it('keeps a weekly cap across a Sunday-to-Monday UTC date change that is still Sunday nowhere in China', async () => {
    // PIONEER_POST: week: 2. 2026-11-29 is a Sunday; Monday 00:00 China is Sunday 16:00 UTC.
    expect(await post('p0032', 'PIONEER_POST', 'tz:c1', '2026-11-23 09:00:00')).toBe('OK');
    expect(await post('p0032', 'PIONEER_POST', 'tz:c2', '2026-11-29 23:59:59')).toBe('OK');
    expect(await post('p0032', 'PIONEER_POST', 'tz:c3', '2026-11-29 23:59:59')).toBe('CAP_EXCEEDED');
    expect(await post('p0032', 'PIONEER_POST', 'tz:c4', '2026-11-30 00:00:00')).toBe('OK');
  });
});
