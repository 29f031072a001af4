import { Aggregator, Query, update as applyUpdate } from 'mingo';
import { compare } from 'mingo/util';
import { clone } from './clone';
import type { Doc } from './types';
import { dbErrors } from './types';

export type FindOptions = {
  order?: Record<string, 1 | -1>;
  offset?: number;
  limit?: number;
  projection?: Record<string, 0 | 1 | boolean>;
  /** Random source: when given, documents tied on the sort keys come back in shuffled order. */
  random?: () => number;
};

/** Fisher-Yates in place with the given random source. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same shuffles, so a failure reproduces. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function compile(criteria: Record<string, unknown>): Query {
  try {
    return new Query(criteria);
  } catch (e) {
    throw dbErrors.invalid(`invalid query: ${(e as Error).message}`);
  }
}

function readPath(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

export function sortDocs(docs: Doc[], order: Record<string, 1 | -1>): Doc[] {
  const keys = Object.entries(order);
  return docs.sort((a, b) => {
    for (const [k, dir] of keys) {
      const c = compare(readPath(a, k), readPath(b, k));
      if (c !== 0) return dir < 0 ? -c : c;
    }
    return 0;
  });
}

/** Runs a filtered scan with sort/skip/limit; stops early when no sort is asked for. */
export function runFind(source: Iterable<Doc>, criteria: Record<string, unknown>, opts: FindOptions): Doc[] {
  const q = compile(criteria);
  const offset = opts.offset ?? 0;
  const limit = opts.limit ?? Infinity;
  const order = opts.order && Object.keys(opts.order).length ? opts.order : undefined;
  let out: Doc[] = [];
  if (order) {
    for (const d of source) if (q.test(d)) out.push(d);
    // MongoDB's sort is not stable: ties come back in no fixed order (shuffled, then a stable sort)
    if (opts.random) shuffle(out, opts.random);
    out = sortDocs(out, order).slice(offset, offset + limit);
  } else {
    let skipped = 0;
    for (const d of source) {
      if (!q.test(d)) continue;
      if (skipped < offset) {
        skipped++;
        continue;
      }
      out.push(d);
      if (out.length >= limit) break;
    }
  }
  return project(out, opts.projection);
}

export function project(docs: Doc[], projection?: Record<string, 0 | 1 | boolean>): Doc[] {
  if (!projection || !Object.keys(projection).length) return docs.map(clone);
  const spec: Record<string, 0 | 1> = {};
  for (const [k, v] of Object.entries(projection)) spec[k] = v ? 1 : 0;
  try {
    return new Query({}).find(docs.map(clone), spec).all() as Doc[];
  } catch (e) {
    throw dbErrors.invalid(`invalid projection: ${(e as Error).message}`);
  }
}

/** CloudBase sends `_.addToSet({each: [...]})` without the `$`: rewrite it as Mongo's `$each`. */
function normalizeOperators(update: Record<string, unknown>): Record<string, unknown> {
  const add = update.$addToSet as Record<string, unknown> | undefined;
  if (add && typeof add === 'object') {
    for (const [f, v] of Object.entries(add)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as { each?: unknown }).each)) {
        add[f] = { $each: (v as { each: unknown[] }).each };
      }
    }
  }
  return update;
}

/** Applies update operators to a copy; returns the new doc and whether anything changed. */
export function applyOperators(doc: Doc, ops: Record<string, unknown>): { doc: Doc; changed: boolean } {
  for (const k of Object.keys(ops)) {
    if (!k.startsWith('$')) throw dbErrors.invalid(`update must use operators, got field ${k}`);
  }
  const setOps = (ops.$set ?? {}) as Record<string, unknown>;
  if ('_id' in setOps) throw dbErrors.invalid('_id cannot be updated');
  const next = clone(doc);
  let changed: string[];
  try {
    changed = applyUpdate(next, normalizeOperators(clone(ops)) as never, undefined, undefined, { cloneMode: 'deep' });
  } catch (e) {
    throw dbErrors.invalid(`invalid update: ${(e as Error).message}`);
  }
  return { doc: next, changed: changed.length > 0 };
}

export function runAggregate(docs: Doc[], pipeline: Record<string, unknown>[], resolve: (name: string) => Doc[]): Doc[] {
  try {
    return new Aggregator(pipeline, { collectionResolver: (name: string) => resolve(name).map(clone) } as never).run(docs.map(clone)) as Doc[];
  } catch (e) {
    throw dbErrors.invalid(`invalid aggregate: ${(e as Error).message}`);
  }
}
