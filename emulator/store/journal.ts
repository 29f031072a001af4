import * as fs from 'node:fs';
import * as path from 'node:path';
import { decode, encode, type DocWrite } from './codec';
import type { Doc, IndexSpec } from './types';

/**
 * Durability: an append-only journal (one JSON line per committed write or transaction,
 * fsynced before the write is acknowledged) and a snapshot it is compacted into.
 * Concurrent commits share one fsync (group commit): the ack still waits for the disk.
 */
export type JournalRecord = {
  seq: number;
  w: DocWrite[];
  /** collection created */
  cc?: string;
  /** index created (as the console or a management API does: it persists like the data) */
  ci?: { c: string } & IndexSpec;
};

type Pending = { line: string; resolve: () => void; reject: (e: unknown) => void };

export class Journal {
  private fd: number;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private paused = false;
  bytes: number;

  private constructor(
    readonly dir: string,
    fd: number,
    bytes: number,
  ) {
    this.fd = fd;
    this.bytes = bytes;
  }

  static journalPath(dir: string): string {
    return path.join(dir, 'journal.jsonl');
  }
  static snapshotPath(dir: string): string {
    return path.join(dir, 'snapshot.jsonl');
  }

  static openForAppend(dir: string): Journal {
    const p = Journal.journalPath(dir);
    const fd = fs.openSync(p, 'a');
    return new Journal(dir, fd, fs.fstatSync(fd).size);
  }

  append(rec: JournalRecord): Promise<void> {
    const line = encode(rec) + '\n';
    return new Promise((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      if (!this.flushing && !this.paused) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length && !this.paused) {
        const batch = this.queue;
        this.queue = [];
        const buf = Buffer.from(batch.map((p) => p.line).join(''));
        try {
          await writeAll(this.fd, buf);
          await new Promise<void>((res, rej) => fs.fdatasync(this.fd, (e) => (e ? rej(e) : res())));
          this.bytes += buf.length;
          for (const p of batch) p.resolve();
        } catch (e) {
          for (const p of batch) p.reject(e);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  /** Stops starting new flushes (compaction swaps the file underneath); queued writes wait. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    if (this.queue.length && !this.flushing) this.flushing = this.flushLoop();
  }

  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Replaces the journal with an empty one (after a snapshot made its records redundant). */
  resetSync(): void {
    fs.closeSync(this.fd);
    const p = Journal.journalPath(this.dir);
    fs.writeFileSync(p, '');
    this.fd = fs.openSync(p, 'a');
    fs.fsyncSync(this.fd);
    this.bytes = 0;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function writeAll(fd: number, buf: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let off = 0;
    const step = (): void => {
      fs.write(fd, buf, off, buf.length - off, null, (e, n) => {
        if (e) return reject(e);
        off += n;
        if (off < buf.length) step();
        else resolve();
      });
    };
    step();
  });
}

export type SnapshotLine = { meta: { seq: number; collections: string[]; indexes?: Record<string, IndexSpec[]> } } | { c: string; d: Doc; v: number };

/** Writes a snapshot atomically: temp file, fsync, rename, fsync the directory. */
export function writeSnapshotSync(dir: string, seq: number, collections: Map<string, Iterable<[Doc, number]>>, indexes: Record<string, IndexSpec[]> = {}): void {
  const tmp = Journal.snapshotPath(dir) + '.tmp';
  const fd = fs.openSync(tmp, 'w');
  try {
    const chunks: string[] = [encode({ meta: { seq, collections: [...collections.keys()], indexes } })];
    let size = 0;
    const flush = (): void => {
      if (!chunks.length) return;
      fs.writeSync(fd, chunks.join('\n') + '\n');
      chunks.length = 0;
      size = 0;
    };
    for (const [c, docs] of collections) {
      for (const [d, v] of docs) {
        const line = encode({ c, d, v });
        chunks.push(line);
        size += line.length;
        if (size > 4 << 20) flush();
      }
    }
    flush();
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, Journal.snapshotPath(dir));
  fsyncDir(dir);
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch {
    // some filesystems refuse fsync on a directory; the rename is still atomic
  }
}

/** Streams lines of a file without loading it whole. */
export function* readLines(file: string): Generator<{ line: string; end: number; complete: boolean }> {
  if (!fs.existsSync(file)) return;
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8 << 20);
    let carry = Buffer.alloc(0);
    let pos = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      for (let i = data.indexOf(10, start); i !== -1; i = data.indexOf(10, start)) {
        pos += i - start + 1;
        yield { line: data.toString('utf8', start, i), end: pos, complete: true };
        start = i + 1;
      }
      carry = Buffer.from(data.subarray(start));
      data = Buffer.alloc(0);
    }
    if (carry.length) yield { line: carry.toString('utf8'), end: pos + carry.length, complete: false };
  } finally {
    fs.closeSync(fd);
  }
}

export function parseRecord(line: string): JournalRecord | null {
  try {
    const rec = decode<JournalRecord>(line);
    return rec && typeof rec.seq === 'number' && Array.isArray(rec.w) ? rec : null;
  } catch {
    return null;
  }
}
