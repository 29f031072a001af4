import { cmd, db } from '../../db/db';
import { snapshotId, type SnapshotDoc } from '../../domain/reports/snapshot';

/** One snapshot by period and org (one request). */
export const loadSnapshot = (key: string, orgId: string): Promise<SnapshotDoc | null> => db.get<SnapshotDoc>('rankSnapshots', snapshotId(key, orgId));

/** Several snapshots by (period, org) in one request; keyed by `_id`. */
export async function loadSnapshots(ids: string[]): Promise<Map<string, SnapshotDoc>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  if (unique.length === 1) {
    const one = await db.get<SnapshotDoc>('rankSnapshots', unique[0]);
    return new Map(one ? [[one._id, one]] : []);
  }
  const docs = await db.find<SnapshotDoc>('rankSnapshots', { _id: cmd().in(unique) }, { limit: unique.length });
  return new Map(docs.map((d) => [d._id, d]));
}
