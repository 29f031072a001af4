import { afterEach, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../emulator/store/store';
import { addMany, settle, startLocalCloud, tempDir, type Data, type Doc, type TestCloud } from './helpers';

// Durability of the local cloud's data directory: journal replay, snapshot + compaction,
// a torn last journal line, corruption. Crash images are byte copies of the data directory
// taken while the store is running, after the writes were acknowledged.
const SPECS = [{ name: 'things', indexes: [{ field: 'k' }] }];
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dir(): string {
  const d = tempDir();
  cleanups.push(d.cleanup);
  return d.dir;
}

function start(at: string, extra: { compactBytes?: number } = {}): TestCloud {
  const t = startLocalCloud({ dir: at, collections: SPECS, ...extra });
  let closed = false;
  const close = t.close;
  t.close = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  cleanups.push(() => t.close());
  return t;
}

/** A byte copy of a running store's directory: what a crash right now would leave. */
function crashImage(from: string): string {
  const to = dir();
  fs.cpSync(from, to, { recursive: true });
  return to;
}

const journalOf = (d: string) => path.join(d, 'journal.jsonl');
const snapshotOf = (d: string) => path.join(d, 'snapshot.jsonl');
const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);

async function dump(t: TestCloud, name = 'things'): Promise<Doc[]> {
  const out: Doc[] = [];
  for (;;) {
    const page = (await t.db.collection(name).orderBy('_id', 'asc').skip(out.length).limit(1000).get()).data;
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

/** A mix of writes through the SDK; returns nothing, the state is read back with dump(). */
async function writeMix(t: TestCloud): Promise<void> {
  const c = t.db.collection('things');
  const _ = t.db.command;
  await addMany(c, [
    { _id: 'a', k: 'x', at: new Date('2026-05-01T08:00:00.123Z'), n: { deep: { v: [1, { z: 'é汉字' }] } }, nil: null, f: 1.5, neg: -0.25, big: 2 ** 40 },
    { _id: 'b', k: 'y', tags: ['p', 'q'] },
    { _id: 'gone', k: 'x' },
  ]);
  await c.doc('a').update({ data: { n: { extra: true }, count: _.inc(3) } });
  await c.doc('b').set({ data: { k: 'z', replaced: true } });
  await c.doc('gone').remove();
  await t.db.runTransaction(async (tx) => {
    await tx
      .collection('things')
      .doc('a')
      .update({ data: { count: _.inc(1) } });
    await tx.collection('things').add({ data: { _id: 't1', k: 'x', at: t.db.serverDate() } });
  });
  await t.db.createCollection('later');
  await t.db.collection('later').add({ data: { _id: 'l1', v: 1 } });
}

describe('reopen', () => {
  it('data survives close and reopen, with Dates, nested values and numbers intact', async () => {
    const d = dir();
    const t1 = start(d);
    await writeMix(t1);
    const before = await dump(t1);
    await t1.close();

    const t2 = start(d);
    const after = await dump(t2);
    expect(after).toEqual(before);
    expect(after.map((x) => x._id)).toEqual(['a', 'b', 't1']);
    expect(after[0].at).toBeInstanceOf(Date);
    expect(after[0]).toMatchObject({ count: 4, n: { deep: { v: [1, { z: 'é汉字' }] }, extra: true }, nil: null, f: 1.5, big: 2 ** 40 });
    expect(await dump(t2, 'later')).toEqual([{ _id: 'l1', v: 1 }]);
    // indexes are rebuilt from the collection specs
    expect((await t2.db.collection('things').where({ k: 'x' }).get()).data.map((x) => x._id)).toEqual(['a', 't1']);
  });

  it('acknowledged writes are replayed from the journal after a crash', async () => {
    const d = dir();
    const t1 = start(d);
    await writeMix(t1);
    const before = await dump(t1);
    const image = crashImage(d);
    expect(size(journalOf(image))).toBeGreaterThan(0);
    await t1.close();

    const s = Store.open({ dir: image, collections: SPECS });
    cleanups.push(() => s.close());
    expect(s.recovery.journalRecords).toBeGreaterThan(0);
    expect(s.recovery.tornTail).toBe(false);
    expect(s.find('things', {}, { order: { _id: 1 } })).toEqual(before);
    expect(s.getById('later', 'l1')).toEqual({ _id: 'l1', v: 1 });
  });

  it('journal and snapshot keep every value exactly: Dates at any depth, look-alikes, newlines', async () => {
    const tricky: Doc = {
      _id: 'tricky',
      at: new Date(0),
      list: [new Date(1), [new Date(-2), { d: new Date(8.64e15) }], null, 'x'],
      nested: { deep: { when: new Date('2026-07-01T12:34:56.789Z'), keep: { same: [1, 2] } } },
      lookAlike: { $date: 5, other: 1 },
      text: 'line1\nline2\r\n\u2028\u2029"quoted"\\',
      empty: { o: {}, a: [] },
    };
    const d = dir();
    const s1 = Store.open({ dir: d, collections: SPECS });
    await s1.insert('things', [tricky]).durable;
    const image = crashImage(d); // journal only
    await s1.close(); // snapshot only
    for (const at of [image, d]) {
      const s = Store.open({ dir: at, collections: SPECS });
      cleanups.push(() => s.close());
      expect(s.getById('things', 'tricky')).toEqual(tricky);
      expect((s.getById('things', 'tricky')!.nested as { deep: { when: unknown } }).deep.when).toBeInstanceOf(Date);
    }
  });

  it('a closed store reopens from its snapshot alone', async () => {
    const d = dir();
    const t1 = start(d);
    await writeMix(t1);
    await t1.close();
    expect(size(journalOf(d))).toBe(0);
    expect(size(snapshotOf(d))).toBeGreaterThan(0);
    const s = Store.open({ dir: d });
    cleanups.push(() => s.close());
    expect(s.recovery.snapshotDocs).toBe(4);
    expect(s.recovery.journalRecords).toBe(0);
  });
});

describe('compaction', () => {
  it('store.compact() keeps everything and empties the journal', async () => {
    const d = dir();
    const t1 = start(d);
    for (let i = 0; i < 100; i++) await t1.db.collection('things').add({ data: { _id: `d${String(i).padStart(3, '0')}`, i } });
    await t1.db.collection('things').doc('d000').remove();
    const grown = size(journalOf(d));
    expect(grown).toBeGreaterThan(5000);

    await t1.cloud.store.compact();
    expect(size(journalOf(d))).toBe(0);
    expect(size(snapshotOf(d))).toBeGreaterThan(0);
    expect(size(snapshotOf(d))).toBeLessThan(grown);

    await t1.db.collection('things').add({ data: { _id: 'after', i: -1 } });
    const before = await dump(t1);
    expect(before).toHaveLength(100);
    const image = crashImage(d);
    await t1.close();

    const t2 = start(image);
    expect(await dump(t2)).toEqual(before);
    expect(t2.cloud.store.recovery).toMatchObject({ snapshotDocs: 99, journalRecords: 1 });
  });

  it('a small compactBytes compacts during a concurrent burst without losing a write', async () => {
    const d = dir();
    const t1 = start(d, { compactBytes: 4096 });
    const c = t1.db.collection('things');
    await c.add({ data: { _id: 'counter', n: 0 } });
    let written = 0;
    const worker = async (w: number) => {
      for (let i = 0; i < 25; i++) {
        await c.add({ data: { _id: `w${w}-${i}`, pad: 'x'.repeat(100) } });
        await c.doc('counter').update({ data: { n: t1.db.command.inc(1) } });
        written++;
      }
    };
    const r = await settle(Array.from({ length: 8 }, (_x, w) => worker(w)));
    expect(r.failed).toEqual([]);
    expect(written).toBe(200);
    await t1.cloud.store.flush();
    // 400 acknowledged writes of > 100 bytes each (~70 KB) went through a journal that stays
    // bounded: compaction starts once it outgrows both compactBytes and the snapshot
    expect(size(snapshotOf(d))).toBeGreaterThan(0);
    expect(size(journalOf(d))).toBeLessThan(Math.max(4096, size(snapshotOf(d))) + 8 * 400);
    const before = await dump(t1);
    const image = crashImage(d);
    await t1.close();

    const t2 = start(image);
    const after = await dump(t2);
    expect(after).toEqual(before);
    expect(after).toHaveLength(201);
    expect(after.find((x) => x._id === 'counter')).toEqual({ _id: 'counter', n: 200 });
  });
});

describe('damaged journals', () => {
  /** A crash image whose journal holds several records. */
  async function imageWithJournal(): Promise<{ image: string; docs: Doc[]; lines: string[] }> {
    const d = dir();
    const t1 = start(d);
    for (let i = 0; i < 5; i++) await t1.db.collection('things').add({ data: { _id: `r${i}`, i } });
    const docs = await dump(t1);
    const image = crashImage(d);
    await t1.close();
    const lines = fs.readFileSync(journalOf(image), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    return { image, docs, lines };
  }

  it('a torn last line is dropped, reported in recovery.tornTail and the file repaired', async () => {
    const { image, docs, lines } = await imageWithJournal();
    const good = size(journalOf(image));
    const half = lines[lines.length - 1].replace(/"r4"/g, '"torn"');
    const torn = half.slice(0, Math.floor(half.length / 2));
    fs.appendFileSync(journalOf(image), torn);

    const s = Store.open({ dir: image, collections: SPECS });
    expect(s.recovery.tornTail).toBe(true);
    expect(s.recovery.tornBytes).toBe(Buffer.byteLength(torn));
    expect(s.find('things', {}, { order: { _id: 1 } })).toEqual(docs);
    expect(s.getById('things', 'torn')).toBeNull();
    expect(size(journalOf(image))).toBe(good);
    // writes after the repair land on a clean line and survive
    await s.insert('things', [{ _id: 'post', i: 9 }]).durable;
    const image2 = crashImage(image);
    await s.close();

    const s2 = Store.open({ dir: image2 });
    cleanups.push(() => s2.close());
    expect(s2.recovery.tornTail).toBe(false);
    expect(s2.count('things', {})).toBe(6);
    expect(s2.getById('things', 'post')).toEqual({ _id: 'post', i: 9 });
  });

  it('a corrupt line in the middle refuses to open and leaves the file as it was', async () => {
    const { image, lines } = await imageWithJournal();
    const damaged = [...lines.slice(0, 2), '{"seq":3,"w":[{"c":"things","id":"x","doc":{"_id":"x"', ...lines.slice(2)].join('\n') + '\n';
    fs.writeFileSync(journalOf(image), damaged);
    expect(() => Store.open({ dir: image, collections: SPECS })).toThrow(/corrupt/);
    expect(fs.readFileSync(journalOf(image), 'utf8')).toBe(damaged);
  });

  it('a truncated snapshot refuses to open', async () => {
    const d = dir();
    const t1 = start(d);
    await addMany(
      t1.db.collection('things'),
      Array.from({ length: 20 }, (_x, i): Data => ({ _id: `s${i}` })),
    );
    await t1.close();
    const snap = fs.readFileSync(snapshotOf(d));
    fs.writeFileSync(snapshotOf(d), snap.subarray(0, snap.length - 7));
    expect(() => Store.open({ dir: d })).toThrow(/truncated/);
  });
});
