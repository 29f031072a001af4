import type { ManagedItemView } from '../../../../../core/contracts/store';

export type ManagedRow = { itemId: string; title: string; description: string; note: string };

const PERIOD: Record<string, string> = { day: '每日', week: '每周', month: '每月', quarter: '每季度', year: '每年', total: '累计' };

/** One cell per item: name (and 已下架), store, price and limit; stock as the note. */
export function managedRow(i: ManagedItemView): ManagedRow {
  const limit = i.limit ? ` · ${PERIOD[i.limit.period]}限兑 ${i.limit.count} 次` : '';
  return {
    itemId: i.itemId,
    title: i.status === 'active' ? i.name : `${i.name}（已下架）`,
    description: `${i.storeName} · ${i.cost} 积分${limit} · 已兑 ${i.stockIn - i.stock}`,
    note: i.stock > 0 ? `库存 ${i.stock}` : '无库存',
  };
}
