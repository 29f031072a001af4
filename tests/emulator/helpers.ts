import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalCloud, type LocalCloudOptions } from '../../emulator/local-cloud';

/**
 * Conformance-test helpers: a local cloud per test file and a narrow, typed view of the REAL
 * wx-server-sdk (its bundled typings return `Promise<T> | void | string`). Nothing here mocks the
 * SDK: every call below goes through wx-server-sdk and its request hook into the local cloud.
 */

type WxServerSdk = typeof import('wx-server-sdk');

export type Doc = { _id: string; [key: string]: unknown };
export type Data = Record<string, unknown>;

/** What `_.gt(1)`, `_.inc(1)`, `db.serverDate()`... return: opaque, chainable with and/or. */
export type Cmd = { and(...x: unknown[]): Cmd; or(...x: unknown[]): Cmd };
type CmdFn = (...args: unknown[]) => Cmd;
export type Command = Record<
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'in'
  | 'nin'
  | 'and'
  | 'or'
  | 'nor'
  | 'not'
  | 'exists'
  | 'all'
  | 'elemMatch'
  | 'size'
  | 'set'
  | 'remove'
  | 'inc'
  | 'mul'
  | 'min'
  | 'max'
  | 'rename'
  | 'push'
  | 'pop'
  | 'shift'
  | 'unshift'
  | 'addToSet'
  | 'pull'
  | 'pullAll',
  CmdFn
> & { aggregate: Record<string, (...args: unknown[]) => unknown> };

export type QueryRef = {
  where(cond: unknown): QueryRef;
  orderBy(field: string, order: 'asc' | 'desc'): QueryRef;
  skip(n: number): QueryRef;
  limit(n: number): QueryRef;
  field(projection: Record<string, boolean>): QueryRef;
  get(): Promise<{ data: Doc[]; errMsg: string }>;
  count(): Promise<{ total: number; errMsg: string }>;
  update(opts: { data: Data }): Promise<{ stats: { updated: number }; errMsg: string }>;
  remove(): Promise<{ stats: { removed: number }; errMsg: string }>;
};

export type DocRef = {
  field(projection: Record<string, boolean>): DocRef;
  get(): Promise<{ data: Doc | null; errMsg: string }>;
  update(opts: { data: Data }): Promise<{ stats: { updated: number }; errMsg: string }>;
  set(opts: { data: Data }): Promise<{ _id: string; stats: { updated: number; created: number }; errMsg: string }>;
  remove(): Promise<{ stats: { removed: number }; errMsg: string }>;
};

export type AggregateRef = {
  [stage in 'match' | 'group' | 'sort' | 'limit' | 'skip' | 'project' | 'lookup' | 'unwind' | 'addFields' | 'count']: (v: unknown) => AggregateRef;
} & { end(): Promise<{ list: Data[]; errMsg: string }> };

export type CollectionRef = QueryRef & {
  doc(id: string): DocRef;
  add(opts: { data: Data }): Promise<{ _id: string; errMsg: string }>;
  aggregate(): AggregateRef;
};

export type TxnCollectionRef = {
  doc(id: string): DocRef;
  add(opts: { data: Data }): Promise<{ _id: string }>;
  where(cond: unknown): QueryRef;
};

export type Transaction = {
  collection(name: string): TxnCollectionRef;
  rollback(reason?: unknown): Promise<unknown>;
};

export type Db = {
  command: Command;
  collection(name: string): CollectionRef;
  createCollection(name: string): Promise<{ errMsg: string }>;
  runTransaction<T>(cb: (t: Transaction) => Promise<T>, times?: number): Promise<T>;
  serverDate(opts?: { offset: number }): unknown;
  RegExp(opts: { regexp: string; options?: string }): unknown;
};

/** Adds an array of documents in one request (the SDK accepts an array; its typings do not). */
export async function addMany(coll: CollectionRef, docs: Data[]): Promise<string[]> {
  const r = (await coll.add({ data: docs as unknown as Data })) as unknown as { _ids: string[] };
  return r._ids;
}

export type TestCloud = {
  cloud: LocalCloud;
  sdk: WxServerSdk;
  db: Db;
  database(opts?: { throwOnNotFound?: boolean }): Db;
  /** Creates a collection with a fresh name through the SDK, so tests in a file never share data. */
  fresh(prefix?: string): Promise<{ name: string; coll: CollectionRef }>;
  close(): Promise<void>;
};

let counter = 0;

/** Starts an in-memory (or, with `dir`, durable) local cloud and the real SDK bound to it. */
export function startLocalCloud(opts: LocalCloudOptions = {}): TestCloud {
  const cloud = LocalCloud.start(opts);
  const sdk = require('wx-server-sdk') as WxServerSdk;
  sdk.init({ env: 'local' });
  const database = (o?: { throwOnNotFound?: boolean }): Db => sdk.database(o as never) as unknown as Db;
  const db = database();
  return {
    cloud,
    sdk,
    db,
    database,
    fresh: async (prefix = 'c') => {
      const name = `${prefix}_${++counter}_${Date.now().toString(36)}`;
      await db.createCollection(name);
      return { name, coll: db.collection(name) };
    },
    close: () => cloud.close(),
  };
}

export type SdkError = { errCode?: number; errMsg?: string; code?: string; message?: string };

/** Awaits a promise that must reject and returns what it rejected with (fails the test otherwise). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  let value: unknown;
  try {
    value = await p;
  } catch (e) {
    return e;
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
}

/** Awaits a promise that must reject with an SDK error; returns its errCode/errMsg. */
export async function sdkError(p: Promise<unknown>): Promise<{ errCode: number; errMsg: string }> {
  const e = (await rejection(p)) as SdkError;
  if (typeof e !== 'object' || e === null || typeof e.errCode !== 'number' || typeof e.errMsg !== 'string') {
    throw new Error(`expected an SDK error with errCode and errMsg, got ${String(e)} ${JSON.stringify(e)}`);
  }
  return { errCode: e.errCode as number, errMsg: e.errMsg as string };
}

/** A fresh temp directory, removed by the returned cleanup. */
export function tempDir(prefix = 'localcloud-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Resolves after every given promise settled; counts fulfilled and rejected. */
export async function settle<T>(ps: Promise<T>[]): Promise<{ ok: T[]; failed: unknown[] }> {
  const rs = await Promise.allSettled(ps);
  const ok: T[] = [];
  const failed: unknown[] = [];
  for (const r of rs) {
    if (r.status === 'fulfilled') ok.push(r.value);
    else failed.push(r.reason);
  }
  return { ok, failed };
}

export const ids = (docs: Doc[]): string[] => docs.map((d) => d._id);

/** A document's numeric field; throws when the document or the number is missing. */
export function num(d: Doc | null, key = 'v'): number {
  const x = d?.[key];
  if (typeof x !== 'number') throw new Error(`expected a number at ${key} in ${JSON.stringify(d)}`);
  return x;
}
