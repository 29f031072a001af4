import type { ItemSaveInput, LimitPeriod, ManagedItemView } from '../../../../../core/contracts/store';

/** The item form as typed (strings from t-input), and its conversion to store.items.save input (pure). */
export type ItemForm = {
  name: string;
  description: string;
  cost: string;
  /** Create: the initial stock. Edit: a change (+ restock, − write-off). */
  stock: string;
  limitCount: string;
  limitPeriod: LimitPeriod;
  active: boolean;
  expireDays: string;
};

export const EMPTY_FORM: ItemForm = { name: '', description: '', cost: '', stock: '', limitCount: '', limitPeriod: 'month', active: true, expireDays: '14' };

export const PERIOD_OPTIONS: { value: LimitPeriod; label: string }[] = [
  { value: 'day', label: '每日' },
  { value: 'week', label: '每周' },
  { value: 'month', label: '每月' },
  { value: 'year', label: '每年' },
  { value: 'total', label: '累计' },
];

export function formOf(i: ManagedItemView): ItemForm {
  return {
    name: i.name,
    description: i.description,
    cost: String(i.cost),
    stock: '',
    limitCount: i.limit ? String(i.limit.count) : '',
    limitPeriod: i.limit?.period ?? 'month',
    active: i.status === 'active',
    expireDays: String(i.expireDays),
  };
}

const int = (s: string): number | null => (/^-?\d+$/.test(s.trim()) ? Number(s.trim()) : null);

export type FormCheck = { ok: true; input: ItemSaveInput } | { ok: false; error: string };

/** Checks what a phone can check (the backend checks again) and builds the save input. */
export function toSaveInput(f: ItemForm, target: { itemId: string; storeOrgId: string } | { requestId: string; storeOrgId: string }): FormCheck {
  const editing = 'itemId' in target;
  const name = f.name.trim();
  if (!name) return { ok: false, error: '请填写商品名称' };
  const cost = int(f.cost);
  if (cost === null || cost < 1) return { ok: false, error: '兑换所需积分须为正整数' };
  const stock = f.stock.trim() === '' ? 0 : int(f.stock);
  if (stock === null) return { ok: false, error: editing ? '库存变动须为整数（补货填正数，报损填负数）' : '库存须为整数' };
  if (!editing && stock < 0) return { ok: false, error: '库存不能小于 0' };
  const limitCount = f.limitCount.trim() === '' ? 0 : int(f.limitCount);
  if (limitCount === null || limitCount < 0) return { ok: false, error: '限兑次数须为整数，不限请留空' };
  const expireDays = int(f.expireDays);
  if (expireDays === null || expireDays < 1 || expireDays > 90) return { ok: false, error: '领取期限须为 1–90 天' };
  const fields = {
    storeOrgId: target.storeOrgId,
    name,
    description: f.description.trim(),
    cost,
    limit: limitCount > 0 ? { count: limitCount, period: f.limitPeriod } : null,
    status: f.active ? ('active' as const) : ('inactive' as const),
    expireDays,
  };
  const input: ItemSaveInput =
    'itemId' in target ? { mode: 'update', itemId: target.itemId, ...fields, ...(stock !== 0 ? { stockDelta: stock } : {}) } : { mode: 'create', requestId: target.requestId, ...fields, stock };
  return { ok: true, input };
}
