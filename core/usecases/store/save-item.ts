import { createHash } from 'node:crypto';
import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ItemSaveInput, ItemSaveResult } from '../../contracts/store';
import { cmd, db, DuplicateKeyError } from '../../db/db';
import type { OrgDoc } from '../../domain/org';
import { auditView, decideItemSave, managedView, type StoreItemDoc } from '../../domain/store/item';
import type { MemberCtx } from '../../runtime/router';
import { writeAudit } from '../shared/audit';
import { authorize } from '../shared/authorize';
import { KEEPER_ROLES } from './roles';

/** A created item's id derives from who created it and the form's request id: a retried create lands once. */
export function newItemId(memberId: string, requestId: string): string {
  return 'itm' + createHash('sha256').update(`${memberId}\n${requestId}`).digest('hex').slice(0, 20);
}

/**
 * store.items.save: a keeper or admin of the store's org (or an org above it) creates or
 * updates an item. One transaction re-reads the item (redemptions may have changed its stock),
 * decides the new document (pure), writes it and the audit record with before/after.
 */
export async function saveItem(ctx: MemberCtx, input: ItemSaveInput): Promise<Result<ItemSaveResult>> {
  if (!input.itemId && !input.requestId) return fail('INVALID_INPUT', '填写的内容有误：新建商品缺少 requestId', 'requestId');
  const itemId = input.itemId ?? newItemId(ctx.member._id, input.requestId!);
  const orgIds = [...new Set([input.storeOrgId, ...(input.scopeOrgIds ?? [])])];
  const [existing, orgs] = await Promise.all([db.get<StoreItemDoc>('storeItems', itemId), db.find<OrgDoc>('orgs', { _id: cmd().in(orgIds) }, { limit: orgIds.length })]);
  if (input.itemId && !existing) return fail('NOT_FOUND');
  const store = orgs.find((o) => o._id === input.storeOrgId);
  if (!store) return fail('NOT_FOUND', '积分超市所属的组织不存在');
  const grant = authorize(ctx, KEEPER_ROLES, existing?.ancestors ?? store.ancestors);
  if (orgs.length !== orgIds.length) return fail('INVALID_INPUT', '填写的内容有误：兑换范围中有不存在的组织', 'scopeOrgIds');
  // the same create sent again: answer with what it made
  if (!input.itemId && existing) return ok({ item: managedView(existing), created: false });

  const now = ctx.clock.now();
  try {
    const out = await db.transaction(async (tx) => {
      const cur = input.itemId ? await tx.get<StoreItemDoc>('storeItems', itemId) : null;
      if (input.itemId && !cur) throw new AppError('NOT_FOUND');
      const d = decideItemSave(cur, input, { itemId, store: { _id: store._id, name: store.name, ancestors: store.ancestors }, actorId: ctx.member._id, now });
      if (!d.ok) throw new AppError(d.code, `填写的内容有误：${d.message}`, d.field);
      if (cur) {
        const { _id, ...rest } = d.doc;
        await tx.set('storeItems', _id, rest);
      } else {
        await tx.add('storeItems', d.doc);
      }
      await writeAudit(
        ctx,
        {
          role: grant.role,
          action: 'store.items.save',
          targetType: 'storeItem',
          targetId: itemId,
          ancestors: d.doc.ancestors,
          before: auditView(cur),
          after: auditView(d.doc),
        },
        tx,
      );
      return d;
    });
    return ok({ item: managedView(out.doc), created: out.created });
  } catch (e) {
    // two copies of the same create raced: the other one made it
    if (e instanceof DuplicateKeyError && !input.itemId) {
      const made = await db.get<StoreItemDoc>('storeItems', itemId);
      if (made) return ok({ item: managedView(made), created: false });
    }
    throw e;
  }
}
