import { beforeEach, describe, expect, it } from '@jest/globals';
import type { CancelResult, OrdersPendingResult, PendingOrderView } from '../../../core/contracts/store';
import { demoKeeper, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx, type PageHandle } from '../harness';

beforeEach(resetWx);

const order = (over: Partial<PendingOrderView>): PendingOrderView => ({
  orderId: 'o-1',
  itemId: 'itm-demo-t1-rice',
  itemName: '大米5kg',
  storeOrgId: 't1',
  storeName: '青年路街道党工委',
  cost: 50,
  status: 'pending',
  pickupCode: null,
  createdAt: '2026-11-20T02:00:00.000Z',
  expiresAt: '2026-12-04T02:00:00.000Z',
  fulfilledAt: null,
  cancelledAt: null,
  memberId: 'm0005',
  memberName: '李建华',
  ...over,
});
const waiting: OrdersPendingResult = { orders: [order({}), order({ orderId: 'o-2', memberId: 'm0006', memberName: '王晓燕', itemName: '食用油', cost: 60 })] };

async function typeInto(page: PageHandle, hostSelector: string, value: string): Promise<void> {
  const input = page.find(`${hostSelector} >>> .t-textarea__wrapper-inner`);
  if (!input) throw new Error(`no t-textarea at ${hostSelector}`);
  input.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await page.flush();
}

describe('待发放兑换 (the keeper’s orders waiting to be handed out)', () => {
  it('lists who waits for what, oldest first, without any pickup code', async () => {
    const page = await loadPage('staff/pages/store/orders/index', { stub: { 'auth.me': ok(demoKeeper), 'store.orders.pending': ok(waiting) } });
    expect(page.backend?.calls.find((c) => c.action === 'orders.pending')?.payload).toEqual({ limit: 100 });
    expect(page.text()).toContain('待发放（2）');
    expect(page.text()).toContain('李建华 · 大米5kg');
    expect(page.text()).toContain('王晓燕 · 食用油');
    expect(page.text()).toContain('11月20日兑换，12月4日前领取');
    expect(page.text().indexOf('李建华')).toBeLessThan(page.text().indexOf('王晓燕'));
    expect(rendered(page, 't-cell')).toBe(true);
    await page.tap('#fulfil-btn');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/store/fulfil/index' });
  });

  it('cancels an order for the member with a reason, then shows the list without it', async () => {
    let left = waiting;
    const page = await loadPage('staff/pages/store/orders/index', {
      stub: {
        'store.orders.pending': () => ok(left),
        'store.orders.cancel': (p) => {
          left = { orders: waiting.orders.filter((o) => o.orderId !== p.orderId) };
          const r: CancelResult = { order: { ...waiting.orders[0], status: 'cancelled', cancelledAt: '2026-11-23T02:00:00.000Z' }, refunded: 50 };
          return ok(r);
        },
      },
    });
    await page.tap('.cancel-o-1');
    expect(page.text()).toContain('取消 李建华 的「大米5kg」');
    // no reason: refused on the phone, nothing sent
    page.invoke('onCancelConfirm');
    await page.flush();
    expect(page.text()).toContain('请填写取消原因');
    expect(page.backend?.calls.some((c) => c.action === 'orders.cancel')).toBe(false);
    await page.tap('.quick-0');
    page.invoke('onCancelConfirm');
    await page.flush();
    expect(page.backend?.calls.find((c) => c.action === 'orders.cancel')?.payload).toEqual({ orderId: 'o-1', reason: '商品已售罄，积分已退回' });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已取消，退回 50 积分', icon: 'none' });
    expect(page.find('.order-o-1')).toBeUndefined();
    expect(page.text()).toContain('待发放（1）');
  });

  it('keeps the dialog open with the server’s reason when the cancel is refused', async () => {
    const page = await loadPage('staff/pages/store/orders/index', {
      stub: { 'store.orders.pending': ok(waiting), 'store.orders.cancel': fail('FORBIDDEN') },
    });
    await page.tap('.cancel-o-2');
    await typeInto(page, '.f-reason', '党员本人要求');
    page.invoke('onCancelConfirm');
    await page.flush();
    expect(page.instance.data.cancel).toMatchObject({ visible: true, error: '没有权限进行此操作' });
  });

  it('says when nothing waits, and a member is refused', async () => {
    const empty = await loadPage('staff/pages/store/orders/index', { stub: { 'store.orders.pending': ok({ orders: [] }) } });
    expect(empty.text()).toContain('没有待发放的兑换');
    const member = await loadPage('staff/pages/store/orders/index', { stub: { 'store.orders.pending': fail('FORBIDDEN') } });
    expect(member.text()).toContain('没有权限');
  });
});
