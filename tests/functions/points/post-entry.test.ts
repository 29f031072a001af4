import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import { db } from '../../../core/db/db';
import { reversalDraft, type LedgerEntry } from '../../../core/domain/points/ledger';
import { chinaTime } from '../../../core/domain/time';
import { auditLedger } from '../../../core/usecases/points/ledger-audit';
import { postEntry, postOnce } from '../../../core/usecases/points/post-entry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { expectOk, startTestCloud } from '../../support/cloud';
import { balanceOf, draft, entryCount, freshMember, member, rule } from '../../support/ledger';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  // members no area's demo data touches, so balances can be asserted exactly
  for (const id of ['p0010', 'p0011', 'p0012', 'p0013', 'p0014', 'p0015', 'p0020', 'p0021', 'p0022', 'p0023', 'p0024']) await freshMember(cloud, id);
});
afterAll(() => cloud.close());

const codeOf = async (p: Promise<Result<unknown>>): Promise<string> => {
  const r = await p;
  return r.ok ? 'OK' : r.code;
};

describe('posting a ledger entry exactly once', () => {
  it('credits once when 50 concurrent posts carry the same key', async () => {
    const m = member(cloud, 'p0010');
    const d = draft(m, rule(cloud, 'VANGUARD'), { key: 'test:once:1', at: chinaTime('2026-11-23 10:00:00') });
    const results = (await Promise.all(Array.from({ length: 50 }, () => postOnce(d)))).map(expectOk);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entry._id))).toEqual(new Set(['test:once:1']));
    expect(entryCount(cloud, m._id)).toBe(1);
    expect(balanceOf(cloud, m._id)).toMatchObject({ eval: 5, redeem: 5, entries: 1 });
  });

  it('answers a retry with the first entry and credits nothing more', async () => {
    const m = member(cloud, 'p0011');
    const d = draft(m, rule(cloud, 'DUTY_FULFILLED'), { key: 'test:retry:1', at: chinaTime('2026-11-23 10:00:00') });
    const first = expectOk(await postOnce(d));
    const again = expectOk(await postOnce({ ...d, note: 'a later retry with another note', actorId: 'someone-else' }));
    expect(again).toEqual({ entry: first.entry, duplicate: true });
    expect(balanceOf(cloud, m._id)).toMatchObject({ eval: 2, entries: 1 });
  });

  it('answers CONFLICT when the same key comes with different data', async () => {
    const m = member(cloud, 'p0012');
    const d = draft(m, rule(cloud, 'VANGUARD'), { key: 'test:conflict:1', at: chinaTime('2026-11-23 10:00:00') });
    await postOnce(d);
    expect(await codeOf(postOnce({ ...d, eval: 50 }))).toBe('CONFLICT');
    expect(await codeOf(postOnce({ ...d, memberId: 'p0013' }))).toBe('CONFLICT');
    expect(balanceOf(cloud, m._id)).toMatchObject({ eval: 5, entries: 1 });
  });

  it('writes nothing when the commit fails, and a retry then credits once', async () => {
    const m = member(cloud, 'p0014');
    const d = draft(m, rule(cloud, 'VANGUARD'), { key: 'test:fault:1', at: chinaTime('2026-11-23 10:00:00') });
    const undo = cloud.faults.add({ api: 'database.commitTransaction', fail: true, nth: 1 });
    await expect(postOnce(d)).rejects.toBeDefined();
    undo();
    expect(entryCount(cloud, m._id)).toBe(0);
    expect(cloud.store.getById('balances', m._id)).toBeNull();
    expect(expectOk(await postOnce(d)).duplicate).toBe(false);
    expect(balanceOf(cloud, m._id)).toMatchObject({ eval: 5, entries: 1 });
  });

  it('rolls back the entry when a later write in the same transaction fails', async () => {
    const m = member(cloud, 'p0015');
    const d = draft(m, rule(cloud, 'VANGUARD'), { key: 'test:fault:2', at: chinaTime('2026-11-23 10:00:00') });
    const undo = cloud.faults.add({ api: 'database.modifyDocument', collection: 'balances', fail: true });
    await cloud.store.insert('balances', [{ _id: m._id, memberId: m._id, ancestors: m.ancestors, eval: 0, redeem: 0, entries: 0, caps: {}, updatedAt: new Date() }]).durable;
    await expect(postOnce(d)).rejects.toBeDefined();
    undo();
    expect(entryCount(cloud, m._id)).toBe(0);
    expect(balanceOf(cloud, m._id)).toMatchObject({ eval: 0, entries: 0 });
  });
});

describe('caps and balances', () => {
  it('refuses a credit beyond the cap with CAP_EXCEEDED and writes nothing', async () => {
    const m = member(cloud, 'p0020');
    const r = rule(cloud, 'DEDICATION_LOG'); // month: 1
    await postOnce(draft(m, r, { key: 'test:cap:1', at: chinaTime('2026-11-05 09:00:00') }));
    const before = balanceOf(cloud, m._id);
    expect(await codeOf(postOnce(draft(m, r, { key: 'test:cap:2', at: chinaTime('2026-11-20 09:00:00') })))).toBe('CAP_EXCEEDED');
    expect(balanceOf(cloud, m._id)).toEqual(before);
    expect(entryCount(cloud, m._id)).toBe(1);
  });

  it('answers a retry of the entry that filled the cap as already done, not CAP_EXCEEDED', async () => {
    const m = member(cloud, 'p0021');
    const d = draft(m, rule(cloud, 'DEDICATION_LOG'), { key: 'test:cap:3', at: chinaTime('2026-11-05 09:00:00') });
    await postOnce(d);
    expect(expectOk(await postOnce(d)).duplicate).toBe(true);
  });

  it('refuses a debit below zero with INSUFFICIENT_POINTS', async () => {
    const m = member(cloud, 'p0022');
    const r = rule(cloud, 'VANGUARD');
    await postOnce(draft(m, r, { key: 'test:neg:1', at: chinaTime('2026-11-05 09:00:00') }));
    const spend = draft(m, r, { key: 'test:neg:2', at: chinaTime('2026-11-05 10:00:00'), eval: 0, redeem: -6, units: 0 });
    expect(await codeOf(postOnce(spend))).toBe('INSUFFICIENT_POINTS');
    expect(await codeOf(postOnce({ ...spend, key: 'test:neg:3', redeem: -5 }))).toBe('OK');
    expect(balanceOf(cloud, m._id)).toMatchObject({ eval: 5, redeem: 0, entries: 2 });
  });

  it('reverses an entry exactly and gives its cap use back', async () => {
    const m = member(cloud, 'p0023');
    const r = rule(cloud, 'DEDICATION_LOG');
    const { entry } = expectOk(await postOnce(draft(m, r, { key: 'test:rev:1', at: chinaTime('2026-11-05 09:00:00') })));
    await postOnce(reversalDraft(entry, r, { actorId: 'sec', note: '误录', at: chinaTime('2026-11-06 09:00:00') }));
    expect(balanceOf(cloud, m._id)).toMatchObject({ eval: 0, redeem: 0, entries: 2 });
    const rev = cloud.store.getById('ledger', 'rev:test:rev:1') as unknown as LedgerEntry;
    expect(rev).toMatchObject({ eval: -entry.eval, redeem: -entry.redeem, reversalOf: entry._id, ruleId: entry.ruleId });
    expect(await codeOf(postOnce(draft(m, r, { key: 'test:rev:2', at: chinaTime('2026-11-07 09:00:00') })))).toBe('OK');
  });

  it('costs five requests: start, balance read, entry add, balance write, commit', async () => {
    const m = member(cloud, 'p0024');
    const d = draft(m, rule(cloud, 'VANGUARD'), { key: 'test:cost:1', at: chinaTime('2026-11-05 09:00:00') });
    await postOnce(draft(m, rule(cloud, 'VANGUARD'), { key: 'test:cost:0', at: chinaTime('2026-11-05 08:00:00') }));
    const r = await cloud.invoke(() => db.transaction((tx) => postEntry(tx, d)), {});
    expect(r.dbRequests).toBe(5); // start + balance get + entry add + balance write + commit
  });

  it('audits to zero drift after all of the above', async () => {
    expect((await auditLedger('county')).drift).toEqual([]);
  });

  it('reports drift when a cached balance is tampered with', async () => {
    await cloud.store.updateById('balances', 'p0010', { $inc: { redeem: 1 } }).durable;
    const report = await auditLedger('county');
    expect(report.drift).toEqual([{ memberId: 'p0010', cached: { eval: 5, redeem: 6, entries: 1 }, computed: { eval: 5, redeem: 5, entries: 1 } }]);
    await cloud.store.updateById('balances', 'p0010', { $inc: { redeem: -1 } }).durable;
  });
});
