import { jest } from '@jest/globals';
import { beforeEach, describe, expect, it } from '@jest/globals';
import type { OrdersMineResult } from '../../../core/contracts/store';
import { fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { order } from './store-fixtures';

beforeEach(resetWx);

const mine: OrdersMineResult = {
  orders: [
    order(),
    order({ orderId: 'o2', itemName: '大米5kg', storeName: '青年路街道党工委', cost: 50, status: 'fulfilled', pickupCode: null, fulfilledAt: '2026-11-20T06:30:00.000Z' }),
    order({ orderId: 'o3', itemName: '洗衣液', cost: 20, status: 'expired', pickupCode: null, cancelledAt: '2026-11-15T01:05:00.000Z' }),
  ],
};

/** wx.showModal answering as the member would. */
const answerModal = (confirm: boolean) =>
  (wx.showModal as unknown as jest.Mock).mockImplementation((o: unknown) => (o as { success?: (r: { confirm: boolean; cancel: boolean }) => void }).success?.({ confirm, cancel: !confirm }));

describe('我的兑换订单', () => {
  it('reloads when shown again and on pull-down refresh, then stops the spinner', async () => {
    const page = await loadPage('pages/store/orders/index', { stub: { 'store.orders.mine': ok(mine) } });
    await page.show();
    page.invoke('onPullDownRefresh');
    await page.flush();
    expect(page.backend?.calls.map((c) => c.action)).toEqual(['orders.mine', 'orders.mine', 'orders.mine']);
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });

  it('shows a pending order’s pickup QR and code in large letters, and when to collect it by (China time)', async () => {
    const page = await loadPage('pages/store/orders/index', { stub: { 'store.orders.mine': ok(mine) } });
    expect(page.find('.pickup-code')?.dom?.textContent).toBe('ABCD EFGH');
    expect(rendered(page, 't-qrcode')).toBe(true);
    expect(page.find('.pickup-qr')).toBeDefined();
    expect((page.instance.data.orders as { qrText: string }[])[0].qrText).toBe('HGJPICK:ABCDEFGH');
    expect(page.text()).toContain('请于 12月7日 10:00 前到青年路社区党支部领取');
    expect(page.text()).toContain('待领取');
  });

  it('shows finished orders without a code: 已领取, and 已过期 with the points returned', async () => {
    const page = await loadPage('pages/store/orders/index', { stub: { 'store.orders.mine': ok(mine) } });
    const text = page.text();
    expect(text).toContain('11月20日 14:30 已领取');
    expect(text).toContain('11月15日 09:05 逾期取消，20 积分已退回');
    expect(page.find('.cancel-o2')).toBeUndefined();
    expect(page.find('.cancel-o3')).toBeUndefined();
  });

  it('highlights the order just made', async () => {
    const page = await loadPage('pages/store/orders/index', { stub: { 'store.orders.mine': ok(mine) }, query: { orderId: 'o1234567890abcdef12345678' } });
    expect(page.find('.order--new')).toBeDefined();
  });

  it('cancels a pending order after confirmation and shows the refund', async () => {
    answerModal(true);
    let cancelled = false;
    const page = await loadPage('pages/store/orders/index', {
      stub: {
        'store.orders.mine': () => ok({ orders: [cancelled ? order({ status: 'cancelled', pickupCode: null, cancelledAt: '2026-11-23T03:00:00.000Z' }) : order()] }),
        'store.orders.cancel': () => {
          cancelled = true;
          return ok({ order: order({ status: 'cancelled', pickupCode: null }), refunded: 8 });
        },
      },
    });
    await page.tap('.cancel-o1234567890abcdef12345678');
    expect(page.backend!.calls.find((c) => c.action === 'orders.cancel')?.payload).toEqual({ orderId: 'o1234567890abcdef12345678' });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已取消，退回 8 积分', icon: 'none' });
    expect(page.text()).toContain('已取消，8 积分已退回');
    expect(page.find('.pickup-code')).toBeUndefined();
  });

  it('keeps the order when the member does not confirm', async () => {
    answerModal(false);
    const page = await loadPage('pages/store/orders/index', { stub: { 'store.orders.mine': ok(mine) } });
    await page.tap('.cancel-o1234567890abcdef12345678');
    expect(page.backend!.calls.some((c) => c.action === 'orders.cancel')).toBe(false);
  });

  it('says why a cancel was refused (picked up meanwhile)', async () => {
    answerModal(true);
    const page = await loadPage('pages/store/orders/index', {
      stub: { 'store.orders.mine': ok(mine), 'store.orders.cancel': fail('ORDER_NOT_CANCELLABLE', { message: '该订单已核销（商品已领取），不能取消' }) },
    });
    await page.tap('.cancel-o1234567890abcdef12345678');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '该订单已核销（商品已领取），不能取消', icon: 'none' });
  });

  it('leads to the store when there are no orders yet', async () => {
    const page = await loadPage('pages/store/orders/index', { stub: { 'store.orders.mine': ok({ orders: [] }) } });
    expect(page.text()).toContain('还没有兑换订单');
    await page.tap('#state >>> .t-button');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/store/index' });
  });
});
