import type { ItemBlock, ItemView, LimitPeriod, OrderStatus, OrderView } from '../../../core/contracts/store';
import { PICKUP_QR_PREFIX } from '../../generated/contracts';

/** What the 积分超市 and 我的订单 pages show, computed from the store function's results (pure). */

export const ORDERS_URL = '/pages/store/orders/index';

export const PERIOD_LABEL: Record<LimitPeriod, string> = {
  day: '今日',
  week: '本周',
  month: '本月',
  quarter: '本季度',
  year: '今年',
  total: '累计',
};

const BLOCK_TEXT: Record<ItemBlock, string> = {
  OUT_OF_STOCK: '已兑完',
  LIMIT_REACHED: '已达兑换上限',
  INSUFFICIENT_POINTS: '积分不足',
  ITEM_INACTIVE: '暂不可兑换',
};

export type ItemCard = {
  itemId: string;
  name: string;
  storeName: string;
  description: string;
  pictureUrl: string;
  cost: number;
  stockText: string;
  limitText: string;
  /** Why 兑换 is disabled ('' when it is not). */
  blockedText: string;
  canRedeem: boolean;
};

export function itemCard(i: ItemView): ItemCard {
  const limitText = i.limit ? `${PERIOD_LABEL[i.limit.period]}限兑 ${i.limit.count} 次，还可兑 ${i.remaining ?? 0} 次` : '';
  return {
    itemId: i.itemId,
    name: i.name,
    storeName: i.storeName,
    description: i.description,
    pictureUrl: i.pictureUrl ?? '',
    cost: i.cost,
    stockText: i.stock > 0 ? `库存 ${i.stock}` : '已兑完',
    limitText,
    blockedText: i.blockedBy ? BLOCK_TEXT[i.blockedBy] : '',
    canRedeem: i.blockedBy === null,
  };
}

/** China time, whatever the phone's zone: 12月7日 10:00. */
export function chinaDateTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export const STATUS_TEXT: Record<OrderStatus, string> = { pending: '待领取', fulfilled: '已领取', cancelled: '已取消', expired: '已过期' };
const STATUS_THEME: Record<OrderStatus, string> = { pending: 'danger', fulfilled: 'success', cancelled: 'default', expired: 'default' };

/** What a pickup QR encodes (generated from core/contracts/store). */
export { PICKUP_QR_PREFIX };

export type OrderCard = {
  orderId: string;
  itemName: string;
  storeName: string;
  cost: number;
  status: OrderStatus;
  statusText: string;
  statusTheme: string;
  /** `ABCD EFGH` while pending, else ''. */
  pickupCode: string;
  /** The QR's text while pending, else ''. */
  qrText: string;
  whenText: string;
  canCancel: boolean;
};

export function orderCard(o: OrderView): OrderCard {
  const code = o.status === 'pending' && o.pickupCode ? o.pickupCode : '';
  const whenText =
    o.status === 'pending'
      ? `请于 ${chinaDateTime(o.expiresAt)} 前到${o.storeName}领取，逾期自动取消并退回积分`
      : o.status === 'fulfilled' && o.fulfilledAt
        ? `${chinaDateTime(o.fulfilledAt)} 已领取`
        : o.cancelledAt
          ? `${chinaDateTime(o.cancelledAt)} ${o.status === 'expired' ? '逾期取消' : '已取消'}，${o.cost} 积分已退回`
          : `${chinaDateTime(o.createdAt)} 兑换`;
  return {
    orderId: o.orderId,
    itemName: o.itemName,
    storeName: o.storeName,
    cost: o.cost,
    status: o.status,
    statusText: STATUS_TEXT[o.status],
    statusTheme: STATUS_THEME[o.status],
    pickupCode: code ? `${code.slice(0, 4)} ${code.slice(4)}` : '',
    qrText: code ? PICKUP_QR_PREFIX + code : '',
    whenText,
    canCancel: o.status === 'pending',
  };
}
