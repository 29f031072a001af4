import { FieldIndex } from './field-index';
import { equalities } from './planner';
import type { Doc, IndexSpec } from './types';
import { dbErrors } from './types';

/** One collection's documents, their commit versions and equality indexes. */
export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly versions = new Map<string, number>();
  readonly indexes = new Map<string, FieldIndex>();
  /** Insertion ordinal per id: the natural order results come back in without orderBy. */
  private readonly ordinal = new Map<string, number>();
  private nextOrdinal = 0;

  constructor(readonly name: string) {}

  ensureIndex(spec: IndexSpec): void {
    if (spec.field === '_id' || this.indexes.has(spec.field)) return;
    const idx = new FieldIndex(spec.field, !!spec.unique);
    for (const [id, doc] of this.docs) idx.add(id, doc);
    this.indexes.set(spec.field, idx);
  }

  /** Throws the duplicate-key error a unique index would raise for `doc` (ignoring `selfId`). */
  checkUnique(doc: Doc, selfId: string, pending?: Map<string, Doc | null>): void {
    for (const idx of this.indexes.values()) {
      if (!idx.unique) continue;
      for (const holder of idx.holders(doc)) {
        if (holder === selfId) continue;
        // a holder being deleted or rewritten in the same commit does not count
        if (pending?.has(holder)) {
          const next = pending.get(holder);
          if (!next || !sameKeys(idx, next, doc)) continue;
        }
        throw dbErrors.duplicate(this.name, idx.field, readField(doc, idx.field));
      }
    }
  }

  put(doc: Doc, version: number): void {
    const old = this.docs.get(doc._id);
    if (old) for (const idx of this.indexes.values()) idx.remove(old._id, old);
    if (!old) this.ordinal.set(doc._id, this.nextOrdinal++);
    this.docs.set(doc._id, doc);
    this.versions.set(doc._id, version);
    for (const idx of this.indexes.values()) idx.add(doc._id, doc);
  }

  delete(id: string, version: number): void {
    const old = this.docs.get(id);
    if (!old) return;
    for (const idx of this.indexes.values()) idx.remove(id, old);
    this.docs.delete(id);
    this.ordinal.delete(id);
    this.versions.set(id, version);
  }

  /**
   * Documents that may match: one by _id, through the narrowest usable index, or all.
   * Callers filter with the full criteria; this only narrows.
   */
  candidates(criteria: Record<string, unknown>): Iterable<Doc> {
    const eqs = equalities(criteria);
    const byId = eqs.find((e) => e.field === '_id');
    if (byId) {
      // each document once (an $in may repeat an id), in natural order like every other path
      const out = new Map<string, Doc>();
      for (const k of byId.keys) {
        const d = k.startsWith('s') ? this.docs.get(k.slice(1)) : undefined;
        if (d) out.set(d._id, d);
      }
      if (out.size < 2) return out.values();
      const ord = this.ordinal;
      return [...out.values()].sort((a, b) => (ord.get(a._id) ?? 0) - (ord.get(b._id) ?? 0));
    }
    let best: Set<string> | undefined;
    for (const e of eqs) {
      const idx = this.indexes.get(e.field);
      if (!idx) continue;
      const ids = idx.lookup(e.keys);
      if (!best || ids.size < best.size) best = ids;
      if (best.size === 0) break;
    }
    if (!best) return this.docs.values();
    const ids = best;
    const docs = this.docs;
    // keep insertion order, the natural order CloudBase returns without orderBy
    if (ids.size > 64 && ids.size > docs.size / 4) {
      return (function* () {
        for (const [id, d] of docs) if (ids.has(id)) yield d;
      })();
    }
    const out: Doc[] = [];
    for (const id of ids) {
      const d = docs.get(id);
      if (d) out.push(d);
    }
    const ord = this.ordinal;
    return out.sort((a, b) => (ord.get(a._id) ?? 0) - (ord.get(b._id) ?? 0));
  }
}

function readField(doc: Doc, field: string): unknown {
  let cur: unknown = doc;
  for (const p of field.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

function sameKeys(idx: FieldIndex, a: Doc, b: Doc): boolean {
  const ka = idx.keysOf(a) ?? [];
  const kb = new Set(idx.keysOf(b) ?? []);
  return ka.some((k) => kb.has(k));
}
