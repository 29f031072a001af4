import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import { chinaTime } from '../../../core/domain/time';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { expectOk, startTestCloud } from '../../support/cloud';
import { bindAs, photo } from '../../support/ledger';

// The database requests of each points action, counted by the local cloud per invocation (the
// gateway sends the same number as x-db-requests). The use cases state them in their headers.
let cloud: LocalCloud;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));
const fn = points({ clock, log: { error: () => undefined, info: () => undefined } });

async function run<T>(openid: string, event: Record<string, unknown>): Promise<{ data: T; dbRequests: number }> {
  const r = await cloud.invoke<Result<T>>(fn as never, event, { openid });
  return { data: expectOk(r.result), dbRequests: r.dbRequests };
}

beforeAll(async () => {
  cloud = await startTestCloud();
  // b03's members (seeded with a balance each, as every roster member is); two of them bound
  for (const id of ['m0053', 'm0054', 'm0055']) await bindAs(cloud, id);
});
afterAll(() => cloud.close());

describe('database requests per points action', () => {
  it('awards.grant: 7 (caller; start, balance, entry, balance, audit, commit), 8 while the rule cache is cold', async () => {
    const award = (memberId: string, requestId: string) => run('demo-secretary-b03', { action: 'awards.grant', memberId, ruleCode: 'CRITICISM', reason: '未按时参加组织生活', requestId });
    expect((await award('m0056', 'rc-award-1')).dbRequests).toBe(8);
    expect((await award('m0057', 'rc-award-2')).dbRequests).toBe(7);
    expect((await award('m0056', 'rc-award-3')).dbRequests).toBe(7);
  });

  it('claims.submit: 5 (caller, balance, insert, approvers, the secretary’s notice), 6 while the rule cache is cold', async () => {
    const submit = (openid: string) => run<{ claim: { id: string } }>(openid, { action: 'claims.submit', ruleCode: 'PIONEER_POST', note: '先锋岗值守', photos: [photo('post', openid.slice(2))] });
    expect((await submit('t-m0053')).dbRequests).toBe(6);
    expect((await submit('t-m0054')).dbRequests).toBe(5);
  });

  it('claims.approve: 10 (caller; start, claim, balance, entry, balance, claim, audit, notification, commit)', async () => {
    const { data } = await run<{ claim: { id: string } }>('t-m0055', { action: 'claims.submit', ruleCode: 'PIONEER_POST', note: '先锋岗值守', photos: [photo('post2', 'm0055')] });
    expect((await run('demo-secretary-b03', { action: 'claims.approve', claimId: data.claim.id })).dbRequests).toBe(10);
  });

  it('balance: 2 for the caller (caller, balance), 3 for staff looking at a member (+ the member)', async () => {
    expect((await run('t-m0053', { action: 'balance' })).dbRequests).toBe(2);
    expect((await run('demo-secretary-b03', { action: 'balance', memberId: 'm0056' })).dbRequests).toBe(3);
  });

  it('ledger.list: 3 for the caller (caller, entries, rule names), 4 for staff (+ the member)', async () => {
    expect((await run('t-m0055', { action: 'ledger.list' })).dbRequests).toBe(3);
    expect((await run('demo-secretary-b03', { action: 'ledger.list', memberId: 'm0056' })).dbRequests).toBe(4);
  });
});
