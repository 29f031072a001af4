import { beforeEach, describe, expect, it } from '@jest/globals';
import { demoIdentities, demoMember, demoSecretary, ok } from '../fixtures';
import { loadPage, rendered, resetWx, stubBackend, tdNodes } from '../harness';

beforeEach(resetWx);

const radioLabels = (page: Awaited<ReturnType<typeof loadPage>>) => tdNodes(page, 't-radio').map((n) => n.querySelector('[class*="t-radio__title"]')?.textContent?.trim());

describe('dev identity switcher', () => {
  it('lists the local cloud identities with names and role labels', async () => {
    const page = await loadPage('pages/dev/identity/index', { stub: { 'GET /dev/identities': demoIdentities } });
    expect(rendered(page, 't-radio-group')).toBe(true);
    expect(radioLabels(page)).toEqual(['张卫东', '李建华']);
    expect(page.text()).toContain('党员、支部书记 · demo-secretary-b01');
    expect(page.text()).toContain('党员 · demo-member-b01');
  });

  it('marks the identity currently acted as', async () => {
    wx.setStorageSync('dev.openid', 'demo-secretary-b01');
    const page = await loadPage('pages/dev/identity/index', { stub: { 'GET /dev/identities': demoIdentities } });
    const checked = page.dom.querySelectorAll('[class*="t-radio__icon--checked"]');
    expect(checked).toHaveLength(1);
    expect(page.instance.data.current).toBe('demo-secretary-b01');
  });

  it('switches the acting openid on tap, and the next call carries it', async () => {
    const routes = {
      'GET /dev/identities': demoIdentities,
      'auth.me': (_p: unknown, { openid }: { openid?: string }) => ok(openid === 'demo-secretary-b01' ? demoSecretary : demoMember),
    };
    const backend = stubBackend(routes);
    const me = await loadPage('pages/me/index');
    expect(me.text()).toContain('李建华');

    const switcher = await loadPage('pages/dev/identity/index');
    await switcher.tap('#identities >>> .t-radio');
    expect(wx.getStorageSync('dev.openid')).toBe('demo-secretary-b01');
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已切换身份' }));
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });

    // Back on 我的: the page re-fetches as the new identity, no restart.
    await me.show();
    expect(me.text()).toContain('张卫东');
    expect(me.text()).toContain('demo-secretary-b01');
    expect(backend.calls.filter((c) => c.fn === 'auth').map((c) => c.openid)).toEqual(['demo-member-b01', 'demo-secretary-b01']);
  });

  it('shows the network error with 重试 when the local cloud is not running', async () => {
    let up = false;
    const page = await loadPage('pages/dev/identity/index', { stub: { 'GET /dev/identities': () => (up ? demoIdentities : { fault: 'network' }) } });
    expect(page.text()).toContain('网络连接失败，请检查网络后重试');
    up = true;
    await page.tap('#state >>> .t-button');
    expect(radioLabels(page)).toEqual(['张卫东', '李建华']);
  });

  it('refuses in cloud mode without calling anything', async () => {
    const page = await loadPage('pages/dev/identity/index', { stub: {}, config: { mode: 'cloud' } });
    expect(page.text()).toContain('测试身份只在本地模式');
    expect(wx.request).not.toHaveBeenCalled();
  });
});
