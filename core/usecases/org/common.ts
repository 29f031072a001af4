import { cmd, db, type Where } from '../../db/db';
import type { CollectionName } from '../../db/schema';
import type { OrgDoc } from '../../domain/org/model';
/** Everything under any of `roots` (one indexed query on the multikey `ancestors`). */
export function subtree(roots: readonly string[]): Where {
  return roots.length === 1 ? { ancestors: roots[0] } : { ancestors: cmd().in([...roots]) };
}

/** Documents by id, 500 ids per request. */
export async function findByIds<T extends { _id: string }>(c: CollectionName, ids: readonly string[], fields?: Record<string, boolean>): Promise<T[]> {
  const out: T[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    out.push(...(await db.find<T>(c, { _id: cmd().in(chunk) }, { limit: 1000, fields })));
  }
  return out;
}

/** Org names by id (one request for up to 500 ids). */
export async function orgNames(ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const orgs = await findByIds<OrgDoc>('orgs', ids, { name: true });
  return new Map(orgs.map((o) => [o._id, o.name]));
}
