import { collectionSpecs } from '../core/db/schema';
import type { LocalCloud } from './local-cloud';
import type { CollectionSpec } from './store/types';

/**
 * The setup step: creates every collection of core/db/schema.ts and each of its indexes (unique
 * where marked), as the console or CloudBase's management APIs do; collections and indexes are
 * never created implicitly (a missing collection is -502005). Idempotent: what exists is kept.
 * `npm run deploy` does the same on a CloudBase env, or on a local cloud started without this step
 * (scripts/deploy, tests/deploy; docs/operations.md).
 */
export async function applySchema(cloud: LocalCloud, specs: CollectionSpec[] = collectionSpecs()): Promise<{ collections: string[]; indexes: string[] }> {
  const created = { collections: [] as string[], indexes: [] as string[] };
  const have = new Set(cloud.store.collectionNames());
  for (const spec of specs) {
    if (!have.has(spec.name)) {
      await cloud.store.createCollection(spec.name);
      created.collections.push(spec.name);
    }
    const existing = new Set(cloud.store.indexesOf(spec.name).map((i) => i.field));
    for (const idx of spec.indexes ?? []) {
      if (existing.has(idx.field)) continue;
      await cloud.store.createIndex(spec.name, idx);
      created.indexes.push(`${spec.name}.${idx.field}${idx.unique ? ' (unique)' : ''}`);
    }
  }
  return created;
}
