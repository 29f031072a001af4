import { cmd, db } from '../../db/db';
import { snapshotId, type SnapshotDoc } from '../../domain/reports/snapshot';

/** Parts of a snapshot an answer can leave out: the county's org rows alone are ~800 rows. */
export type SnapshotPart = 'top' | 'bottom' | 'excluded' | 'orgs' | 'histogram';

const EMPTY_PARTS: Pick<SnapshotDoc, SnapshotPart> = { top: [], bottom: [], excluded: [], orgs: [], histogram: [] };

/**
 * Snapshots by (period, org) in one request, keyed by `_id`, without the parts the caller does
 * not need (a projection: the database sends less, and the function parses less).
 */
export async function loadSnapshots(ids: string[], omit: SnapshotPart[] = []): Promise<Map<string, SnapshotDoc>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const where = unique.length === 1 ? { _id: unique[0] } : { _id: cmd().in(unique) };
  const fields = omit.length ? Object.fromEntries(omit.map((f) => [f, false])) : undefined;
  const docs = await db.find<SnapshotDoc>('rankSnapshots', where, { limit: unique.length, ...(fields ? { fields } : {}) });
  // a part left out reads as empty
  return new Map(docs.map((d) => [d._id, { ...EMPTY_PARTS, ...(d as Partial<SnapshotDoc>) } as SnapshotDoc]));
}

/** One snapshot by period and org (one request). */
export const loadSnapshot = async (key: string, orgId: string, omit: SnapshotPart[] = []): Promise<SnapshotDoc | null> =>
  (await loadSnapshots([snapshotId(key, orgId)], omit)).get(snapshotId(key, orgId)) ?? null;
