import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ItemSaveResult, ManagedItemsListResult } from '../../../core/contracts/store';
import { demoKeeper, demoMember, fail, ok } from '../fixtures';
import { loadPage, resetWx, type PageHandle } from '../harness';
import { fulfilled, managed } from './store-fixtures';

beforeEach(resetWx);

/** wx.scanCode reading `result` (or the keeper backing out). */
type ScanOptions = { success?: (r: { result: string }) => void; fail?: (e: { errMsg: string }) => void };
function scanner(result: string | null): jest.Mock<(o: ScanOptions) => void> {
  const scan = jest.fn((o: ScanOptions) => (result === null ? o.fail?.({ errMsg: 'scanCode:fail cancel' }) : o.success?.({ result })));
  const w = wx as unknown as Record<string, unknown>;
  w.scanCode = scan;
  w.vibrateShort = jest.fn();
  return scan;
}

async function typeInto(page: PageHandle, hostSelector: string, value: string): Promise<void> {
  const input = page.find(`${hostSelector} >>> .t-input__control`);
  if (!input) throw new Error(`no t-input at ${hostSelector}`);
  input.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await page.flush();
}

describe('核销兑换 (keeper scans to fulfil)', () => {
  it('scans the member’s pickup QR and shows who gets what', async () => {
    const scan = scanner('HGJPICK:ABCDEFGH');
    const page = await loadPage('staff/pages/store/fulfil/index', { stub: { 'auth.me': ok(demoKeeper), 'store.orders.fulfil': ok(fulfilled) } });
    await page.tap('.scan-btn');
    expect(scan).toHaveBeenCalledWith(expect.objectContaining({ onlyFromCamera: true, scanType: ['qrCode'] }));
    expect(page.backend!.calls.find((c) => c.action === 'orders.fulfil')?.payload).toEqual({ pickupCode: 'HGJPICK:ABCDEFGH' });
    expect(page.find('.outcome--ok')).toBeDefined();
    expect(page.text()).toContain('核销成功：毛巾');
    expect(page.text()).toContain('李建华 · 8 积分');
  });

  it('shows a refusal in red: a second scan of a used code', async () => {
    scanner('HGJPICK:ABCDEFGH');
    const page = await loadPage('staff/pages/store/fulfil/index', {
      stub: { 'auth.me': ok(demoKeeper), 'store.orders.fulfil': fail('ORDER_NOT_FULFILLABLE', { message: '该订单已核销，请勿重复发放' }) },
    });
    await page.tap('.scan-btn');
    expect(page.find('.outcome--fail')).toBeDefined();
    expect(page.text()).toContain('该订单已核销，请勿重复发放');
  });

  it('sends nothing when the keeper backs out of the scanner', async () => {
    scanner(null);
    const page = await loadPage('staff/pages/store/fulfil/index', { stub: { 'auth.me': ok(demoKeeper) } });
    await page.tap('.scan-btn');
    expect(page.backend!.calls.some((c) => c.action === 'orders.fulfil')).toBe(false);
  });

  it('fulfils a typed code when the QR cannot be scanned', async () => {
    scanner(null);
    const page = await loadPage('staff/pages/store/fulfil/index', { stub: { 'auth.me': ok(demoKeeper), 'store.orders.fulfil': ok(fulfilled) } });
    await typeInto(page, '.f-code', 'abcd efgh');
    await page.tap('.code-btn');
    expect(page.backend!.calls.find((c) => c.action === 'orders.fulfil')?.payload).toEqual({ pickupCode: 'abcd efgh' });
    expect(page.text()).toContain('核销成功');
  });

  it('is for keepers and admins only', async () => {
    const page = await loadPage('staff/pages/store/fulfil/index', { stub: { 'auth.me': ok(demoMember) } });
    expect(page.text()).toContain('只有积分超市管理员或组织管理员可以使用此功能');
  });

  it('leads to stock management', async () => {
    const page = await loadPage('staff/pages/store/fulfil/index', { stub: { 'auth.me': ok(demoKeeper) } });
    await page.tap('.items-link');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/store/items/index' });
  });
});

const list: ManagedItemsListResult = {
  items: [managed(), managed({ itemId: 'itm-off', name: '香皂', status: 'inactive', stock: 0, stockIn: 30, limit: null })],
};

describe('商品与库存 (stock management)', () => {
  it('lists the items with stock, price, limit and how many were redeemed', async () => {
    const page = await loadPage('staff/pages/store/items/index', { stub: { 'auth.me': ok(demoKeeper), 'store.items.list': ok(list) } });
    expect(page.backend!.calls.find((c) => c.action === 'items.list')?.payload).toEqual({ manage: true });
    const text = page.text();
    expect(text).toContain('库存 40');
    expect(text).toContain('青年路社区党支部 · 8 积分 · 每月限兑 2 次 · 已兑 5');
    expect(text).toContain('香皂（已下架）');
    expect(text).toContain('无库存');
    await page.tap('.row-itm-off');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/store/item/index?itemId=itm-off' });
    await page.tap('.add-btn');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/store/item/index' });
  });

  it('restocks an item with a delta, keeping its other settings', async () => {
    const saved: ItemSaveResult = { item: managed({ stock: 50, stockIn: 55 }), created: false };
    const page = await loadPage('staff/pages/store/item/index', {
      stub: { 'auth.me': ok(demoKeeper), 'store.items.list': ok(list), 'store.items.save': ok(saved) },
      query: { itemId: 'itm-demo-b01-towel' },
    });
    expect(page.text()).toContain('当前库存 40');
    await typeInto(page, '.f-stock', '10');
    await page.tap('.submit-btn');
    expect(page.backend!.calls.find((c) => c.action === 'items.save')?.payload).toEqual({
      mode: 'update',
      itemId: 'itm-demo-b01-towel',
      storeOrgId: 'b01',
      name: '毛巾',
      description: '纯棉毛巾两条',
      cost: 8,
      stockDelta: 10,
      limit: { count: 2, period: 'month' },
      status: 'active',
      expireDays: 14,
    });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已保存', icon: 'success' });
    expect(wx.navigateBack).toHaveBeenCalled();
  });

  it('adds an item to the acting store with a request id, a weekly limit, off sale', async () => {
    const page = await loadPage('staff/pages/store/item/index', {
      stub: { 'auth.me': ok(demoKeeper), 'store.items.save': ok({ item: managed(), created: true }) },
    });
    await typeInto(page, '.f-name', '洗衣液');
    await typeInto(page, '.f-cost', '20');
    await typeInto(page, '.f-stock', '30');
    await typeInto(page, '.f-limit', '1');
    await page.tap('.period-week');
    await page.tap('.status-off');
    await page.tap('.submit-btn');
    const payload = page.backend!.calls.find((c) => c.action === 'items.save')?.payload as Record<string, unknown>;
    expect(payload).toMatchObject({ mode: 'create', storeOrgId: 't1', name: '洗衣液', cost: 20, stock: 30, limit: { count: 1, period: 'week' }, status: 'inactive', expireDays: 14 });
    expect(payload.requestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已上架', icon: 'success' });
  });

  it('checks the form before sending and shows the server’s refusal', async () => {
    const page = await loadPage('staff/pages/store/item/index', {
      stub: { 'auth.me': ok(demoKeeper), 'store.items.list': ok(list), 'store.items.save': fail('INVALID_INPUT', { message: '填写的内容有误：库存不能小于 0（当前库存 40）', field: 'stockDelta' }) },
      query: { itemId: 'itm-demo-b01-towel' },
    });
    await typeInto(page, '.f-cost', '0');
    await page.tap('.submit-btn');
    expect(page.text()).toContain('兑换所需积分须为正整数');
    expect(page.backend!.calls.some((c) => c.action === 'items.save')).toBe(false);
    await typeInto(page, '.f-cost', '8');
    await typeInto(page, '.f-stock', '-99');
    await page.tap('.submit-btn');
    expect(page.text()).toContain('库存不能小于 0（当前库存 40）');
    expect(wx.navigateBack).not.toHaveBeenCalled();
  });
});
