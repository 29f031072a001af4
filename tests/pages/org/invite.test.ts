import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { invite } from './org-fixtures';

beforeEach(resetWx);

describe('绑定邀请码 (invite QR)', () => {
  it('shows the branch’s code in large letters and as a QR', async () => {
    const page = await loadPage('staff/pages/org/invite/index', { stub: { 'org.invite': ok(invite) }, query: { branchId: 'b01' } });
    expect(page.text()).toContain('青年路社区党支部');
    expect(page.text()).toContain('K7M2PQ');
    expect(rendered(page, 't-qrcode')).toBe(true);
    expect(page.instance.data.qrText).toBe('HGJBIND:K7M2PQ');
    // simulate's wx.getAccountInfoSync reports the develop build: its code opens that build
    expect(page.backend?.calls[0].payload).toEqual({ branchId: 'b01', envVersion: 'develop' });
  });

  it('shows the invite 小程序码 when WeChat made one, with how to use it', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgo=';
    const page = await loadPage('staff/pages/org/invite/index', { stub: { 'org.invite': ok({ ...invite, image }) }, query: { branchId: 'b01' } });
    expect(rendered(page, 't-qrcode')).toBe(false);
    // an <image> (simulate does not reflect its src into the DOM: the page's data is what it binds)
    expect(page.find('#wxacode')).toBeDefined();
    expect(page.instance.data.image).toBe(image);
    expect(page.text()).toContain('请党员用微信“扫一扫”扫描此码');
    expect(page.text()).toContain('K7M2PQ');
  });

  it('rotates the code after confirming', async () => {
    (wx.showModal as jest.Mock).mockImplementation(((o: { success?: (r: { confirm: boolean }) => void }) => o.success?.({ confirm: true })) as never);
    const page = await loadPage('staff/pages/org/invite/index', {
      stub: { 'org.invite': (p: Record<string, unknown>) => ok(p.rotate ? { ...invite, inviteCode: 'N3W4XY', qrText: 'HGJBIND:N3W4XY', rotated: true } : invite) },
      query: { branchId: 'b01' },
    });
    await page.tap('.rotate-btn');
    await page.flush();
    expect(page.backend?.calls[1].payload).toEqual({ branchId: 'b01', rotate: true, envVersion: 'develop' });
    expect(page.text()).toContain('N3W4XY');
  });

  it('shows FORBIDDEN for a branch out of scope', async () => {
    const page = await loadPage('staff/pages/org/invite/index', { stub: { 'org.invite': fail('FORBIDDEN') }, query: { branchId: 'b02' } });
    expect(page.text()).toContain('没有权限进行此操作');
  });
});
