import { createHash } from 'node:crypto';
import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ItemSaveInput, ItemSaveResult } from '../../contracts/store';
import { cmd, db, DuplicateKeyError } from '../../db/db';
import { isArchived } from '../../domain/org/edit';
import type { OrgDoc } from '../../domain/org/model';
import { auditView, decideItemSave, managedView, type StoreItemDoc } from '../../domain/store/item';
import { planStockChange, totalStock } from '../../domain/store/stock';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { grantOn } from '../shared/authorize';
import { applyStockPlan, readShards, readShardsIn } from './stock';

/** A created item's id derives from who created it and the form's request id: a retried create lands once. */
export function newItemId(memberId: string, requestId: string): string {
  return 'itm' + createHash('sha256').update(`${memberId}\n${requestId}`).digest('hex').slice(0, 20);
}

/**
 * store.items.save: a keeper or admin of the store's org (or an org above it) creates or
 * updates an item. One transaction re-reads the item, decides the new document (pure), plans
 * the stock change over the item's shards (pure: a new item's first shards, a restock into
 * empty or new shards, a write-off from shards read in the transaction), writes them and the
 * audit record with before/after. Redemptions never write the item, only its shards, so a
 * restock during a rush does not contend with it.
 * DB requests: create 6 + one per shard (caller, item + orgs, start, item, shards, audit,
 * commit); update 8 + the shards a restock writes (a write-off also reads every shard).
 */
export async function saveItem(ctx: MemberCtx, input: ItemSaveInput): Promise<Result<ItemSaveResult>> {
  const itemId = input.mode === 'update' ? input.itemId : newItemId(ctx.member._id, input.requestId);
  const orgIds = [...new Set([input.storeOrgId, ...(input.scopeOrgIds ?? [])])];
  const [existing, orgs, hints] = await Promise.all([
    db.get<StoreItemDoc>('storeItems', itemId),
    db.find<OrgDoc>('orgs', { _id: cmd().in(orgIds) }, { limit: orgIds.length }),
    input.mode === 'update' ? readShards(itemId) : Promise.resolve([]),
  ]);
  if (input.mode === 'update' && !existing) return fail('NOT_FOUND');
  const store = orgs.find((o) => o._id === input.storeOrgId);
  if (!store) return fail('NOT_FOUND', '积分超市所属的组织不存在');
  const grant = grantOn(ctx, existing?.ancestors ?? store.ancestors);
  if (!grant) return fail('FORBIDDEN');
  if (orgs.length !== orgIds.length) return fail('INVALID_INPUT', '填写的内容有误：兑换范围中有不存在的组织', 'scopeOrgIds');
  // the same create sent again: answer with what it made
  if (input.mode === 'create' && existing) return ok({ item: managedView(existing, totalStock(await readShards(itemId))), created: false });
  // an archived org gets no new items and no new members' access (an existing item may still be edited or taken off sale)
  if (input.mode === 'create' && isArchived(store)) return fail('ORG_ARCHIVED', '该组织已撤销，不能再上架商品', 'storeOrgId');
  if (orgs.some((o) => isArchived(o) && o._id !== input.storeOrgId && !existing?.scopeOrgIds.includes(o._id))) return fail('ORG_ARCHIVED', '兑换范围中有已撤销的组织，请重新选择', 'scopeOrgIds');

  const now = ctx.clock.now();
  try {
    const out = await db.transaction(async (tx) => {
      const cur = input.mode === 'update' ? await tx.get<StoreItemDoc>('storeItems', itemId) : null;
      if (input.mode === 'update' && !cur) throw new AppError('NOT_FOUND');
      // a write-off must take real units: every shard read in the transaction; a restock only
      // adds, so the shards read before it are enough to choose where
      const writeOff = cur && input.mode === 'update' && (input.stockDelta ?? 0) < 0;
      const shards = writeOff ? await readShardsIn(tx, cur) : hints;
      const stock = totalStock(shards);
      const d = decideItemSave(cur, input, { itemId, store: { _id: store._id, name: store.name, ancestors: store.ancestors }, actorId: ctx.member._id, now, stock });
      if (!d.ok) throw new AppError(d.code, `填写的内容有误：${d.message}`, d.field);
      const plan = planStockChange(cur, itemId, shards, d.delta, now);
      if (!plan.ok) throw new AppError('INVALID_INPUT', `填写的内容有误：库存不能小于 0（当前库存 ${plan.stock}）`, 'stockDelta');
      const { _id, ...doc } = { ...d.doc, shards: plan.shards };
      if (cur) await tx.set('storeItems', _id, doc);
      else await tx.add('storeItems', { _id, ...doc });
      await applyStockPlan(tx, plan, now);
      await writeAudit(
        ctx,
        {
          role: grant.role,
          action: 'store.items.save',
          targetType: 'storeItem',
          targetId: itemId,
          ancestors: d.doc.ancestors,
          before: auditView(cur, stock),
          after: auditView(d.doc, stock + d.delta),
        },
        tx,
      );
      return { doc: { _id, ...doc }, stock: stock + d.delta, created: d.created };
    });
    return ok({ item: managedView(out.doc, out.stock), created: out.created });
  } catch (e) {
    // two copies of the same create raced: the other one made it
    if (e instanceof DuplicateKeyError && input.mode === 'create') {
      const made = await db.get<StoreItemDoc>('storeItems', itemId);
      if (made) return ok({ item: managedView(made, totalStock(await readShards(itemId))), created: false });
    }
    throw e;
  }
}
