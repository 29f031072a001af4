import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CreditResult, LedgerAuditResult } from '../../../core/contracts/points';
import { entryHash } from '../../../core/domain/points/chain';
import type { BalanceDoc, LedgerEntry } from '../../../core/domain/points/ledger';
import { chinaTime } from '../../../core/domain/time';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { freshMember } from '../../support/ledger';

// Tamper evidence: each member's entries are a hash chain whose head is on the balance. Entries
// are edited here straight in the store (the cloud.store API), as someone with console access
// to the database could, bypassing the functions.
let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, points({ clock, log: { error: () => undefined, info: () => undefined } }));
  for (const id of ['h0001', 'h0002', 'h0003']) await freshMember(cloud, id, { branchId: 'b07' });
});
afterAll(() => cloud.close());

const entry = (id: string) => cloud.store.getById('ledger', id) as unknown as LedgerEntry;
const audit = async (orgId: string) => expectOk(await call<LedgerAuditResult>('demo-admin-county', { action: 'ledger.audit', orgId }));

/** Three deductions (CRITICISM has no cap) for a member, through the function. */
async function history(memberId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= 3; i++)
    ids.push(
      expectOk(await call<CreditResult>('demo-secretary-b07', { action: 'awards.grant', memberId, ruleCode: 'CRITICISM', reason: `第${i}次提醒`, requestId: `chain-${memberId}-${i}` })).entryId,
    );
  return ids;
}

describe('the hash chain of each member', () => {
  it('holds for the whole seeded county: the seeds post through the same decision and apply functions', async () => {
    const r = await audit('county');
    expect(r).toMatchObject({ drift: [], broken: [], misplaced: [] });
    expect(r.entries).toBeGreaterThan(100);
  });

  it('links each entry to the one before and keeps the head on the balance', async () => {
    const [a, b, c] = await history('h0001');
    expect(entry(a)).toMatchObject({ seq: 1, prevHash: null });
    expect(entry(b)).toMatchObject({ seq: 2, prevHash: entry(a).hash });
    expect(entry(c)).toMatchObject({ seq: 3, prevHash: entry(b).hash });
    expect(entry(c).hash).toBe(entryHash(entry(c)));
    expect((cloud.store.getById('balances', 'h0001') as unknown as BalanceDoc).head).toBe(entry(c).hash);
  });

  it('names exactly the entry edited in the store', async () => {
    const [, b] = await history('h0002');
    await cloud.store.updateById('ledger', b, { $set: { eval: 10 } }).durable;
    const r = await audit('b07');
    expect(r.broken).toEqual([{ memberId: 'h0002', entryId: b }]);
    // the sums no longer match the cached balance either
    expect(r.drift.map((d) => d.memberId)).toEqual(['h0002']);
    await cloud.store.updateById('ledger', b, { $set: { eval: -10 } }).durable;
    expect((await audit('b07')).broken).toEqual([]);
  });

  it('names the edited entry even when its own hash was recomputed to match', async () => {
    const [a] = await history('h0003');
    const forged = { ...entry(a), actorId: 'someone-else' };
    await cloud.store.updateById('ledger', a, { $set: { actorId: forged.actorId, hash: entryHash(forged) } }).durable;
    expect((await audit('b07')).broken).toEqual([{ memberId: 'h0003', entryId: a }]);
  });

  it('names the entry after one that was deleted', async () => {
    const r0 = await audit('b07');
    expect(r0.broken.map((x) => x.memberId)).toEqual(['h0003']);
    const ids = (cloud.store.find('ledger', { memberId: 'h0001' }, {}) as unknown as LedgerEntry[]).sort((x, y) => x.seq - y.seq).map((e) => e._id);
    const removed = entry(ids[1]);
    await cloud.store.removeById('ledger', ids[1]).durable;
    const r = await audit('b07');
    expect(r.broken).toContainEqual({ memberId: 'h0001', entryId: ids[2] });
    await cloud.store.insert('ledger', [removed as unknown as Record<string, unknown>]).durable;
    expect((await audit('b07')).broken.map((x) => x.memberId)).toEqual(['h0003']);
  });
});
