import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { BindResult } from '../../../core/contracts/auth';
import { demoMember, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { mockWx, typeInto } from './support';

beforeEach(resetWx);

const bound: BindResult = demoMember;

async function fill(page: Awaited<ReturnType<typeof loadPage>>, name = '李建华', phone = '13812341234', code = 'K7M2PQ') {
  await typeInto(page, '.f-name', name);
  await typeInto(page, '.f-phone', phone);
  if (code) await typeInto(page, '.f-code', code);
}

describe('绑定党员身份 page', () => {
  it('binds with name, phone and invite code, refreshes the session and opens 首页', async () => {
    const page = await loadPage('pages/bind/index', { stub: { 'auth.bind': ok(bound), 'auth.me': ok(demoMember) } });
    expect(rendered(page, 't-input')).toBe(true);
    await fill(page);
    await page.tap('.submit-btn');
    expect(page.backend?.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['auth.bind', 'auth.me']);
    expect(page.backend?.calls[0].payload).toEqual({ name: '李建华', phone: '13812341234', inviteCode: 'K7M2PQ' });
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '绑定成功，欢迎李建华' }));
  });

  it('fills the code from the secretary’s QR', async () => {
    mockWx({ scanCode: (o: { success: (r: { result: string }) => void }) => o.success({ result: 'HGJBIND:x7k2pq' }) });
    const page = await loadPage('pages/bind/index', { stub: { 'auth.bind': ok(bound), 'auth.me': ok(demoMember) } });
    await fill(page, '李建华', '13812341234', '');
    await page.tap('.scan-btn');
    expect(page.instance.data.form).toMatchObject({ code: 'X7K2PQ' });
    await page.tap('.submit-btn');
    expect(page.backend?.calls[0].payload).toMatchObject({ inviteCode: 'X7K2PQ' });
  });

  it('fills the code from the invite 小程序码 scanned in the app (the scene in its path)', async () => {
    const scan = jest.fn((o: { success: (r: { result: string; path: string }) => void }) => o.success({ result: '', path: 'pages/bind/index?scene=N3W4XY' }));
    mockWx({ scanCode: scan });
    const page = await loadPage('pages/bind/index', { stub: { 'auth.bind': ok(bound), 'auth.me': ok(demoMember) } });
    await page.tap('.scan-btn');
    expect(scan).toHaveBeenCalledWith(expect.objectContaining({ scanType: ['wxCode', 'qrCode'] }));
    expect(page.instance.data.form).toMatchObject({ code: 'N3W4XY' });
  });

  it('says so when the scanned QR is not an invite, and keeps the typed code', async () => {
    mockWx({ scanCode: (o: { success: (r: { result: string }) => void }) => o.success({ result: 'https://example.com' }) });
    const page = await loadPage('pages/bind/index', { stub: {} });
    await page.tap('.scan-btn');
    expect(page.text()).toContain('这不是红管家的邀请二维码');
  });

  it('takes the code from the page query (a QR opening the page)', async () => {
    const page = await loadPage('pages/bind/index', { stub: {}, query: { code: 'HGJBIND:ABC234' } });
    expect(page.instance.data.form).toMatchObject({ code: 'ABC234' });
  });

  it('checks the form before calling: a short phone number is not sent', async () => {
    const page = await loadPage('pages/bind/index', { stub: { 'auth.bind': ok(bound) } });
    await fill(page, '李建华', '1381234');
    await page.tap('.submit-btn');
    expect(page.text()).toContain('请填写 11 位手机号');
    expect(page.backend?.calls).toEqual([]);
  });

  it.each([
    ['BIND_CODE_INVALID', '邀请码不正确'],
    ['BIND_MEMBER_NOT_FOUND', '花名册中没有找到'],
    ['ALREADY_BOUND', '该微信已绑定党员身份'],
    ['MEMBER_ALREADY_BOUND', '该党员已被其他微信绑定'],
    ['RATE_LIMITED', '操作过于频繁'],
  ] as const)('shows the server’s message for %s and stays on the page', async (code, text) => {
    const page = await loadPage('pages/bind/index', { stub: { 'auth.bind': fail(code) } });
    await fill(page);
    await page.tap('.submit-btn');
    expect(page.text()).toContain(text);
    expect(wx.switchTab).not.toHaveBeenCalled();
    expect(page.instance.data.submitting).toBe(false);
  });
});
