import { project } from '../store/query';
import type { Store } from '../store/store';
import { dbErrors } from '../store/types';
import { decodeValue, encodeDoc } from './ejson';

/** The request shapes wx-server-sdk sends (see shared/notes/wx-server-sdk-internals.md). */
export type DbRequest = {
  collectionName?: string;
  transactionId?: string;
  queryType?: 'DOC' | 'WHERE';
  query?: string;
  order?: string;
  offset?: number;
  limit?: number;
  projection?: string;
  data?: string | string[];
  multi?: boolean;
  merge?: boolean;
  upsert?: boolean;
  stages?: { stageKey: string; stageValue: string }[];
};

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/**
 * Rows an aggregation returns when it has no $limit: 20 on CloudBase (WeChat open community,
 * "云函数端Aggregate聚合操作limit默认20条限制", developers.weixin.qq.com/community/develop/article/
 * doc/000624c67c8b48611dba2b12058c13; @cloudbase/database aggregate.js adds no default).
 */
export const AGGREGATE_DEFAULT_LIMIT = 20;

type Reply = Record<string, unknown>;

/** Answers one database request against the store, the way CloudBase would. */
export async function handleDbRequest(store: Store, api: string, req: DbRequest, now: number): Promise<Reply> {
  const c = req.collectionName ?? '';
  const txn = req.transactionId || undefined;
  switch (api) {
    case 'database.addCollection':
      await store.createCollection(c);
      return {};
    case 'database.insertDocument': {
      const docs = (Array.isArray(req.data) ? req.data : []).map((s) => decodeValue(s, now));
      if (!txn)
        await store.waitForUnlocked(
          c,
          docs.filter((d) => d._id !== undefined).map((d) => String(d._id)),
        );
      let r: ReturnType<Store['insert']>;
      try {
        r = store.insert(c, docs, txn);
      } catch (e) {
        // an ordered insert that failed part-way: what it did insert is durable before the error goes out
        await (e as { partial?: Promise<void> }).partial;
        throw e;
      }
      await r.durable;
      return { data: { insertedIds: r.ids } };
    }
    case 'database.getDocument': {
      const query = decodeValue(req.query, now);
      const projection = req.projection ? decodeValue<Record<string, 0 | 1>>(req.projection, now) : undefined;
      if (req.queryType === 'DOC') {
        const doc = store.getById(c, String(query._id), txn);
        const list = doc ? project([doc], projection) : [];
        return { data: { list: list.map(encodeDoc) } };
      }
      const order = req.order ? toOrder(decodeValue(req.order, now)) : undefined;
      const limit = Math.min(req.limit && req.limit > 0 ? req.limit : DEFAULT_LIMIT, MAX_LIMIT);
      const list = store.find(c, query, { order, offset: req.offset, limit, projection }, txn);
      return { data: { list: list.map(encodeDoc), limit, offset: req.offset ?? 0 } };
    }
    case 'database.calculateDocument':
      return { data: { total: store.count(c, decodeValue(req.query, now)) } };
    case 'database.modifyDocument': {
      const query = decodeValue(req.query, now);
      const data = decodeValue(typeof req.data === 'string' ? req.data : undefined, now);
      if (req.queryType === 'DOC') {
        const id = String(query._id);
        if (!txn) await store.waitForUnlocked(c, [id]);
        if (req.merge === false) {
          const r = store.setById(c, id, data, txn);
          await r.durable;
          return { data: { updated: r.updated, upsert_id: r.upsertedId } };
        }
        const r = store.updateById(c, id, asOperators(data), txn);
        await r.durable;
        return { data: { updated: r.updated } };
      }
      if (txn) throw dbErrors.whereInTransaction();
      await waitForMatches(store, c, query, req.multi !== false);
      const r = store.updateWhere(c, query, asOperators(data), req.multi !== false);
      await r.durable;
      return { data: { updated: r.updated } };
    }
    case 'database.removeDocument': {
      const query = decodeValue(req.query, now);
      if (req.queryType === 'DOC') {
        if (!txn) await store.waitForUnlocked(c, [String(query._id)]);
        const r = store.removeById(c, String(query._id), txn);
        await r.durable;
        return { data: { deleted: r.deleted } };
      }
      if (txn) throw dbErrors.whereInTransaction();
      await waitForMatches(store, c, query, req.multi !== false);
      const r = store.removeWhere(c, query, req.multi !== false);
      await r.durable;
      return { data: { deleted: r.deleted } };
    }
    case 'database.aggregateDocuments': {
      const pipeline = (req.stages ?? []).map((s) => ({ [s.stageKey]: decodeValue<unknown>(s.stageValue, now) }));
      const list = store.aggregate(c, pipeline);
      // CloudBase answers an aggregation without a $limit stage with 20 rows; the SDK adds none
      const capped = pipeline.some((st) => '$limit' in st) ? list : list.slice(0, AGGREGATE_DEFAULT_LIMIT);
      return { data: { list: capped.map(encodeDoc) } };
    }
    case 'database.startTransaction':
      return { transactionId: store.begin() };
    case 'database.commitTransaction':
      await store.commit(String((req as { transactionId?: string }).transactionId));
      return {};
    case 'database.abortTransaction':
      store.abort(String((req as { transactionId?: string }).transactionId));
      return {};
    default:
      throw dbErrors.invalid(`unsupported database api ${api}`);
  }
}

/**
 * A plain write waits for the transaction locks on the documents it would touch (CloudBase:
 * "普通的更新操作会被阻塞，直到事务锁释放或者超时"); it then runs in the same tick, so no lock can
 * come between. Matches are re-read after each wait: the set may have changed.
 */
async function waitForMatches(store: Store, c: string, query: Record<string, unknown>, multi: boolean): Promise<void> {
  for (;;) {
    const ids = store.matchingIds(c, query, multi);
    if (!ids.some((id) => store.isLocked(c, id))) return;
    await store.waitForUnlocked(c, ids);
  }
}

function toOrder(o: Record<string, unknown>): Record<string, 1 | -1> {
  const out: Record<string, 1 | -1> = {};
  for (const [k, v] of Object.entries(o)) out[k] = v === -1 || v === 'desc' ? -1 : 1;
  return out;
}

/** Plain fields in an update body mean $set (the SDK normally sends operators already). */
function asOperators(data: Record<string, unknown>): Record<string, unknown> {
  const ops: Record<string, unknown> = {};
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) (k.startsWith('$') ? ops : plain)[k] = v;
  if (Object.keys(plain).length) ops.$set = { ...(ops.$set as object | undefined), ...plain };
  return ops;
}
