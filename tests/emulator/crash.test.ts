import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { num, startLocalCloud, tempDir, type Doc } from './helpers';

// THE crash test: a child process writes through the real SDK to a durable local cloud and
// prints each acknowledged write; we SIGKILL it mid-burst, reopen the directory and check that
// every acknowledged write is there and the store is consistent. Two rounds: the second child
// opens the directory the first one crashed on (torn tail and all) and keeps writing.
const FIXTURE = path.join(__dirname, 'fixtures', 'crash-writer.ts');
const tmp = tempDir('localcloud-crash-');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  tmp.cleanup();
});

type Ack = { t: 'ready' } | { t: 'add'; id: string } | { t: 'inc' } | { t: 'txn'; j: string };

/** Runs the writer until it has acknowledged `n` writes, then SIGKILLs it. */
function burst(dir: string, round: number, n: number): Promise<{ acks: Ack[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), FIXTURE, dir, String(round)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    children.push(child);
    const acks: Ack[] = [];
    let buf = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer did not reach ${n} acks in time (${acks.length}); stderr: ${stderr}`));
    }, 12_000);
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (killed) continue; // whatever arrives after the kill decision is not counted
        acks.push(JSON.parse(line) as Ack);
        if (acks.length >= n) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (code ${code}); stderr: ${stderr}`));
      else resolve({ acks, stderr });
    });
  });
}

describe('crash safety', () => {
  it('after SIGKILL mid-burst every acknowledged write is present and the store is consistent', async () => {
    const all: Ack[] = [];
    for (const [round, n] of [
      [1, 600],
      [2, 437],
    ]) {
      const { acks } = await burst(tmp.dir, round, n);
      expect(acks[0]).toEqual({ t: 'ready' });
      all.push(...acks);
    }
    const adds = all.filter((a): a is { t: 'add'; id: string } => a.t === 'add').map((a) => a.id);
    const incs = all.filter((a) => a.t === 'inc').length;
    const txns = all.filter((a): a is { t: 'txn'; j: string } => a.t === 'txn').map((a) => a.j);
    // the burst really mixed all three kinds of writes
    expect(adds.length).toBeGreaterThan(50);
    expect(incs).toBeGreaterThan(10);
    expect(txns.length).toBeGreaterThan(10);

    const t = startLocalCloud({ dir: tmp.dir });
    try {
      const store = t.cloud.store;
      // recovery went through both a snapshot (the child compacted mid-burst) and a journal
      expect(store.recovery.snapshotDocs).toBeGreaterThan(0);
      expect(store.recovery.journalRecords).toBeGreaterThan(0);
      const c = t.db.collection('crash');
      // every acknowledged add, with its content
      for (const id of adds) {
        const d = store.getById('crash', id);
        expect(d && { _id: d._id, kind: d.kind }).toEqual({ _id: id, kind: 'add' });
      }
      // the counter has every acknowledged increment, plus at most the one in flight per round
      const n = num((await c.doc('counter').get()).data, 'n');
      expect(n).toBeGreaterThanOrEqual(incs);
      expect(n).toBeLessThanOrEqual(incs + 2);
      // transactions are atomic: both docs of a pair or neither, and the pair counter agrees
      const pairDocs: Doc[] = store.find('crash', { kind: 'pair' }, {});
      const present = new Set(pairDocs.map((d) => d._id));
      const keys = new Set([...present].map((id) => id.replace(/^pair-[ab]-/, '')));
      for (const k of keys) expect([k, present.has(`pair-a-${k}`), present.has(`pair-b-${k}`)]).toEqual([k, true, true]);
      for (const j of txns) expect(keys.has(j)).toBe(true);
      expect(num((await c.doc('pairs').get()).data, 'n')).toBe(keys.size);
      expect(keys.size).toBeLessThanOrEqual(txns.length + 4);
      // the store still takes writes and counts what it holds
      await c.add({ data: { _id: 'after-crash', kind: 'add' } });
      expect((await c.where({ kind: 'add' }).count()).total).toBeGreaterThanOrEqual(adds.length + 1);
    } finally {
      await t.close();
    }
  }, 30_000);
});
