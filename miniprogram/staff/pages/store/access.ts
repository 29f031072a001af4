import type { MeResult, MeRole } from '../../../../core/contracts/auth';
import { actingGrant } from '../../../services/acting';
import { can, grantsFor } from '../../../utils/permissions';
import { loadMe } from '../../../services/session';
import { emptyView, errorView, type ViewState } from '../../../utils/view-state';

/** The grant a keeper page acts under: the acting staff grant if it runs a store, else the first one that does. */
export function keeperGrant(me: MeResult): MeRole | null {
  const acting = actingGrant(me);
  if (acting && can([acting], 'store.items.save')) return acting;
  return grantsFor(me.roles, 'store.items.save')[0] ?? null;
}

/**
 * What a keeper page stands on: the caller's keeper grant, or the view to show instead (loading
 * failed, not bound, not a keeper). One call instead of the same three checks on every page.
 */
export async function keeperOrView(): Promise<{ grant: MeRole } | { view: ViewState }> {
  const me = await loadMe();
  if (!me.ok) return { view: errorView(me) };
  const grant = keeperGrant(me.data);
  return grant ? { grant } : { view: emptyView(NOT_KEEPER) };
}

export const NOT_KEEPER = '只有积分超市管理员或组织管理员可以使用此功能';
export const ITEMS_URL = '/staff/pages/store/items/index';
export const ITEM_URL = '/staff/pages/store/item/index';
