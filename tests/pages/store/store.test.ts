import { beforeEach, describe, expect, it } from '@jest/globals';
import type { RedeemResult } from '../../../core/contracts/store';
import { fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { itemsList, order } from './store-fixtures';

beforeEach(resetWx);

const redeemed: RedeemResult = { order: order(), duplicate: false };

describe('商城 tab (积分超市)', () => {
  it('shows the redeemable balance and each item with price, stock and what is left of the limit', async () => {
    const page = await loadPage('pages/store/index', { stub: { 'store.items.list': ok(itemsList) } });
    const text = page.text();
    expect(page.find('.balance-value')?.dom?.textContent).toBe('55');
    expect(text).toContain('毛巾');
    expect(text).toContain('8 积分');
    expect(text).toContain('库存 40');
    expect(text).toContain('本月限兑 2 次，还可兑 2 次');
    expect(text).toContain('青年路街道党工委');
    expect(rendered(page, 't-button')).toBe(true);
  });

  it('disables 兑换 and says why: sold out, limit reached, too few points', async () => {
    const page = await loadPage('pages/store/index', { stub: { 'store.items.list': ok(itemsList) } });
    const text = page.text();
    for (const why of ['已兑完', '已达兑换上限', '积分不足']) expect(text).toContain(why);
    await page.tap('.redeem-itm-demo-b01-haircut');
    expect(page.instance.data.confirm).toMatchObject({ visible: false });
  });

  it('asks for confirmation, then redeems once with one request id and opens the order', async () => {
    const page = await loadPage('pages/store/index', { stub: { 'store.items.list': ok(itemsList), 'store.redeem': ok(redeemed) } });
    await page.tap('.redeem-itm-demo-b01-towel');
    const confirm = page.instance.data.confirm as { visible: boolean; content: string; requestId: string };
    expect(confirm.visible).toBe(true);
    expect(confirm.content).toBe('用 8 兑换积分兑换「毛巾」？兑换后凭取货码到青年路社区党支部领取。');
    expect(page.backend?.calls.some((c) => c.action === 'redeem')).toBe(false);
    await page.tap('#redeem-dialog >>> .t-dialog__button--confirm');
    const calls = page.backend!.calls.filter((c) => c.action === 'redeem');
    expect(calls.map((c) => c.payload)).toEqual([{ itemId: 'itm-demo-b01-towel', requestId: confirm.requestId }]);
    expect(confirm.requestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/pages/store/orders/index?orderId=${redeemed.order.orderId}` });
  });

  it('does nothing when the member changes their mind', async () => {
    const page = await loadPage('pages/store/index', { stub: { 'store.items.list': ok(itemsList) } });
    await page.tap('.redeem-itm-demo-b01-towel');
    await page.tap('#redeem-dialog >>> .t-dialog__button--cancel');
    expect(page.instance.data.confirm).toMatchObject({ visible: false });
    expect(page.backend?.calls.some((c) => c.action === 'redeem')).toBe(false);
  });

  it('shows the refusal and reloads the list when the item sold out meanwhile', async () => {
    const page = await loadPage('pages/store/index', { stub: { 'store.items.list': ok(itemsList), 'store.redeem': fail('OUT_OF_STOCK') } });
    await page.tap('.redeem-itm-demo-b01-towel');
    await page.tap('#redeem-dialog >>> .t-dialog__button--confirm');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '该商品已兑完', icon: 'none' });
    expect(page.backend!.calls.filter((c) => c.action === 'items.list')).toHaveLength(2);
    expect(wx.navigateTo).not.toHaveBeenCalled();
  });

  it('links to 我的订单', async () => {
    const page = await loadPage('pages/store/index', { stub: { 'store.items.list': ok(itemsList) } });
    await page.tap('.orders-btn');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/store/orders/index' });
  });

  it('says so when there is nothing to redeem, still showing the balance', async () => {
    const page = await loadPage('pages/store/index', { stub: { 'store.items.list': ok({ balance: 0, items: [] }) } });
    expect(page.text()).toContain('暂无可兑换的商品');
    expect(page.text()).toContain('我的兑换积分');
  });

  it('shows an error with 重试 and loads again', async () => {
    let n = 0;
    const page = await loadPage('pages/store/index', { stub: { 'store.items.list': () => (n++ === 0 ? fail('INTERNAL', { requestId: 'req-1' }) : ok(itemsList)) } });
    expect(page.text()).toContain('系统开小差了');
    await page.tap('#state >>> .t-button');
    expect(page.text()).toContain('毛巾');
  });

  it('leads an unbound visitor to binding', async () => {
    const page = await loadPage('pages/store/index', { stub: { 'store.items.list': fail('NOT_BOUND') } });
    await page.tap('#state >>> .t-button');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/bind/index' });
  });
});
