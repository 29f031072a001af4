import type { Doc } from './types';

/**
 * Journal and snapshot encoding: JSON with Dates as {"$date": ms}. Cheaper than EJSON and
 * exact for what documents hold (strings, numbers, booleans, null, arrays, objects, Dates).
 */
export function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.getTime() } : v;
  });
}

export function decode<T = unknown>(text: string): T {
  return JSON.parse(text, (_k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$date' && typeof v.$date === 'number') return new Date(v.$date);
    }
    return v;
  }) as T;
}

export type DocWrite = { c: string; id: string; doc: Doc | null };
