import { indexKey } from './field-index';

export type Equality = { field: string; keys: string[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);
}

function operandKeys(v: unknown): string[] | undefined {
  if (isPlainObject(v)) {
    const ops = Object.keys(v);
    if (ops.length !== 1) return undefined;
    if (ops[0] === '$eq') return single(v.$eq);
    if (ops[0] === '$in' && Array.isArray(v.$in)) {
      const keys: string[] = [];
      for (const el of v.$in) {
        const k = single(el);
        if (!k) return undefined;
        keys.push(...k);
      }
      return keys;
    }
    return undefined;
  }
  return single(v);
}

function single(v: unknown): string[] | undefined {
  if (Array.isArray(v) || isPlainObject(v) || v instanceof RegExp) return undefined;
  const k = indexKey(v);
  return k === undefined ? undefined : [k];
}

/** Every equality (or $in) a document must satisfy to match: each one alone narrows safely. */
export function equalities(criteria: Record<string, unknown>): Equality[] {
  const out: Equality[] = [];
  for (const [field, v] of Object.entries(criteria)) {
    if (field === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) out.push(...equalities(sub));
      continue;
    }
    if (field.startsWith('$')) continue;
    const keys = operandKeys(v);
    if (keys) out.push({ field, keys });
  }
  return out;
}
