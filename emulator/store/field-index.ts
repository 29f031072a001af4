/**
 * An equality index on one field (dot paths allowed). Arrays are multikey: each element is a key.
 * Documents whose path crosses an array or holds an object are kept in `unkeyed` and returned
 * with every lookup, so the index only ever narrows to a superset that mingo then filters.
 */
export type KeyOf = string | undefined;

export function indexKey(v: unknown): KeyOf {
  if (v === undefined || v === null) return 'n';
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return 'x' + v;
    case 'boolean':
      return v ? 'T' : 'F';
  }
  if (v instanceof Date) return 'd' + v.getTime();
  return undefined;
}

type PathValue = { ok: true; value: unknown } | { ok: false };

function readPath(doc: Record<string, unknown>, parts: string[]): PathValue {
  let cur: unknown = doc;
  for (const p of parts) {
    if (cur === null || cur === undefined) return { ok: true, value: undefined };
    if (Array.isArray(cur) || typeof cur !== 'object' || cur instanceof Date) return { ok: false };
    cur = (cur as Record<string, unknown>)[p];
  }
  return { ok: true, value: cur };
}

export class FieldIndex {
  readonly parts: string[];
  private readonly map = new Map<string, Set<string>>();
  private readonly unkeyed = new Set<string>();

  constructor(
    readonly field: string,
    readonly unique: boolean,
  ) {
    this.parts = field.split('.');
  }

  /** Keys a document is filed under, or null when it cannot be keyed. */
  keysOf(doc: Record<string, unknown>): string[] | null {
    const pv = readPath(doc, this.parts);
    if (!pv.ok) return null;
    const v = pv.value;
    if (Array.isArray(v)) {
      const keys: string[] = [];
      for (const el of v) {
        const k = indexKey(el);
        if (k === undefined) return null;
        keys.push(k);
      }
      return keys.length ? keys : ['n'];
    }
    const k = indexKey(v);
    return k === undefined ? null : [k];
  }

  /**
   * For unique indexes: the ids already holding any of this doc's keys. As on MongoDB (and so
   * CloudBase), a missing field counts as null: only one document may lack a unique field.
   */
  holders(doc: Record<string, unknown>): string[] {
    const keys = this.keysOf(doc);
    if (!keys) return [];
    const out: string[] = [];
    for (const k of keys) {
      const s = this.map.get(k);
      if (s) out.push(...s);
    }
    return out;
  }

  add(id: string, doc: Record<string, unknown>): void {
    const keys = this.keysOf(doc);
    if (!keys) {
      this.unkeyed.add(id);
      return;
    }
    for (const k of keys) {
      let s = this.map.get(k);
      if (!s) this.map.set(k, (s = new Set()));
      s.add(id);
    }
  }

  remove(id: string, doc: Record<string, unknown>): void {
    const keys = this.keysOf(doc);
    if (!keys) {
      this.unkeyed.delete(id);
      return;
    }
    for (const k of keys) {
      const s = this.map.get(k);
      if (!s) continue;
      s.delete(id);
      if (s.size === 0) this.map.delete(k);
    }
  }

  /** Ids that may equal any of the given operand keys. */
  lookup(keys: string[]): Set<string> {
    const out = new Set<string>(this.unkeyed);
    for (const k of keys) {
      const s = this.map.get(k);
      if (s) for (const id of s) out.add(id);
    }
    return out;
  }
}
