import type { Doc } from './types';

/**
 * Journal and snapshot encoding: JSON with Dates as {"$date": ms}. Cheaper than EJSON and
 * exact for what documents hold (strings, numbers, booleans, null, arrays, objects, Dates).
 */
export function encode(value: unknown): string {
  // A replacer/reviver function is called for every value and makes JSON several times
  // slower; rewriting the (few) Dates first keeps JSON.stringify/parse on their fast paths.
  return JSON.stringify(datesOut(value));
}

export function decode<T = unknown>(text: string): T {
  return datesIn(JSON.parse(text)) as T;
}

/** `value` with every Date replaced by {$date: ms}; subtrees without a Date are shared, not copied. */
function datesOut(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return { $date: v.getTime() };
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = datesOut(x);
      if (y !== x && !out) out = v.slice(0, i);
      if (out) out.push(y);
    }
    return out ?? v;
  }
  const o = v as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k in o) {
    const x = o[k];
    const y = datesOut(x);
    if (y !== x && !out) {
      out = Object.create(null) as Record<string, unknown>;
      for (const k2 in o) {
        if (k2 === k) break;
        out[k2] = o[k2];
      }
    }
    if (out) out[k] = y;
  }
  return out ?? o;
}

/** Turns every {$date: ms} (as the only key) of freshly parsed JSON into a Date, in place. */
function datesIn(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== null && typeof x === 'object') v[i] = datesIn(x);
    }
    return v;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.$date === 'number') {
    let n = 0;
    for (const k in o) if (k) n++;
    if (n === 1) return new Date(o.$date);
  }
  for (const k in o) {
    const x = o[k];
    if (x !== null && typeof x === 'object') o[k] = datesIn(x);
  }
  return o;
}

export type DocWrite = { c: string; id: string; doc: Doc | null };
