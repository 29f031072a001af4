import * as path from 'node:path';

/**
 * EJSON as wx-server-sdk speaks it: canonical in requests, answered canonical too. We use the
 * very bson copy the SDK resolves so both sides agree on every type.
 */
type EJSONApi = {
  parse(text: string, opts?: { relaxed?: boolean }): unknown;
  stringify(value: unknown, opts?: { relaxed?: boolean }): string;
};

function resolveBson(): EJSONApi {
  const sdkDir = path.dirname(require.resolve('wx-server-sdk'));
  const dbDir = path.dirname(require.resolve('@cloudbase/database/package.json', { paths: [sdkDir] }));
  return (require(require.resolve('bson', { paths: [dbDir] })) as { EJSON: EJSONApi }).EJSON;
}

const EJSON = resolveBson();

export function encodeDoc(doc: unknown): string {
  return EJSON.stringify(doc, { relaxed: false });
}

/** Parses a request value; BSON regexes become RegExp, `$tcb_server_date` becomes a Date at `now`. */
export function decodeValue<T = Record<string, unknown>>(text: string | undefined, now: number): T {
  if (text === undefined || text === '') return {} as T;
  return normalize(EJSON.parse(text, { relaxed: true }), now) as T;
}

export function normalize(v: unknown, now: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return v;
  if (Array.isArray(v)) return v.map((x) => normalize(x, now));
  const bsonType = (v as { _bsontype?: string })._bsontype;
  if (bsonType === 'BSONRegExp') {
    const r = v as { pattern: string; options: string };
    return new RegExp(r.pattern, r.options.replace(/[^gimsuy]/g, ''));
  }
  if (bsonType === 'ObjectId' || bsonType === 'ObjectID') return String((v as { toHexString(): string }).toHexString());
  if (bsonType) return v;
  const o = v as Record<string, unknown>;
  if ('$tcb_server_date' in o && Object.keys(o).length === 1) {
    const offset = Number((o.$tcb_server_date as { offset?: number } | undefined)?.offset ?? 0);
    return new Date(now + offset);
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) out[k] = normalize(o[k], now);
  return out;
}
