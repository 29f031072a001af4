import { beforeEach, describe, expect, it } from '@jest/globals';
import { ERROR_MESSAGES } from '../../../core/contracts/errors';
import { demoMember, demoProbationary, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx, tdNodes, type Reply } from '../harness';

beforeEach(resetWx);

describe('我的 page', () => {
  it('shows a demo member profile from auth.me with TDesign cells and tags', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoMember) } });
    const text = page.text();
    expect(text).toContain('李建华');
    expect(text).toContain('青年路社区党支部');
    expect(text).toContain('青年路街道党工委');
    expect(text).toContain('138****1234');
    expect(text).toContain('正式党员');
    expect(rendered(page, 't-cell')).toBe(true);
    expect(rendered(page, 't-tag')).toBe(true);
    expect(page.backend?.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['auth.me']);
  });

  it('labels a probationary member 预备党员', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoProbationary) } });
    expect(page.text()).toContain('预备党员');
    expect(page.text()).not.toContain('正式党员');
  });

  it('shows a role badge for every staff role besides 党员', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoSecretary) } });
    const tags = tdNodes(page, 't-tag').map((n) => n.textContent?.trim());
    expect(tags).toEqual(['党员', '支部书记']);
  });

  it('opens the privacy guide from its cell', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoMember) } });
    await page.tap('.privacy-link');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/privacy/index' });
  });

  it('offers the dev identity switcher in local mode and opens it', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoMember) } });
    expect(page.text()).toContain('切换测试身份');
    expect(page.text()).toContain('demo-member-b01');
    await page.tap('.dev-switch');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/dev/identity/index' });
  });

  it('hides the dev identity switcher in cloud mode', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoMember) }, config: { mode: 'cloud' } });
    expect(page.text()).toContain('李建华');
    expect(page.text()).not.toContain('切换测试身份');
    expect(page.backend?.calls[0].via).toBe('cloud');
  });
});

describe('我的服务: 我的考核, 我的上报 and 排行 in the subpackages', () => {
  const serviceTitles = (page: Awaited<ReturnType<typeof loadPage>>) =>
    tdNodes(page, 't-cell')
      .map((n) => n.querySelector('[class*="t-cell__title-text"]')?.textContent?.trim())
      .filter((t) => ['我的奉献日', '我的考核', '我的上报', '排行'].includes(t ?? ''));

  it('offers a plain member 我的考核, 我的上报 and 排行 beside 我的奉献日, and no management entries', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoMember) } });
    expect(serviceTitles(page)).toEqual(['我的奉献日', '我的考核', '我的上报', '排行']);
    expect(page.find('.org-link')).toBeUndefined();
    expect(page.text()).not.toContain('管理后台登录');
    expect(page.backend?.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['auth.me']);
  });

  it.each([
    ['.me-link-assess', '/assess/pages/mine/index'],
    ['.me-link-grid', '/grid/pages/issues/index?box=mine'],
    ['.me-link-rank', '/reports/pages/rank/index'],
  ])('opens %s at %s', async (selector, url) => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoSecretary) } });
    await page.tap(selector);
    expect(wx.navigateTo).toHaveBeenCalledWith({ url });
  });

  it('shows none of them while the profile cannot load', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': fail('FORBIDDEN') } });
    expect(page.find('.me-link-assess')).toBeUndefined();
    expect(page.text()).not.toContain('我的上报');
  });
});

describe('我的 page when auth.me fails', () => {
  const cases: { name: string; reply: Reply; message: string; button: string | null }[] = [
    { name: 'NOT_BOUND', reply: fail('NOT_BOUND'), message: ERROR_MESSAGES.NOT_BOUND, button: '去绑定' },
    { name: 'FORBIDDEN', reply: fail('FORBIDDEN'), message: ERROR_MESSAGES.FORBIDDEN, button: null },
    { name: 'a network failure', reply: { fault: 'network' }, message: '网络连接失败，请检查网络后重试', button: '重试' },
    { name: 'INTERNAL', reply: fail('INTERNAL', { requestId: 'req-9f2' }), message: ERROR_MESSAGES.INTERNAL, button: '重试' },
  ];

  it.each(cases)('shows the friendly message for $name', async ({ reply, message, button }) => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': reply } });
    expect(page.text()).toContain(message);
    expect(rendered(page, 't-empty')).toBe(true);
    const btn = page.find('#state >>> .t-button');
    if (button === null) expect(btn).toBeUndefined();
    else expect(btn?.dom?.textContent?.trim()).toBe(button);
    // The profile is not shown half-filled.
    expect(page.text()).not.toContain('所在支部');
  });

  it('quotes the request id of an INTERNAL failure so it can be reported', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': fail('INTERNAL', { requestId: 'req-9f2' }) } });
    expect(page.text()).toContain('错误编号：req-9f2');
  });

  it('leads NOT_BOUND to the binding page', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': fail('NOT_BOUND') } });
    await page.tap('#state >>> .t-button');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/bind/index' });
  });

  it('retries after a network failure and then shows the profile', async () => {
    let attempts = 0;
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': () => (++attempts === 1 ? { fault: 'network' } : ok(demoMember)) } });
    expect(page.text()).toContain('网络连接失败');
    await page.tap('#state >>> .t-button');
    expect(attempts).toBe(2);
    expect(page.text()).toContain('李建华');
    expect(page.text()).not.toContain('网络连接失败');
  });

  it('keeps the privacy guide reachable when the profile cannot load', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': fail('NOT_BOUND') } });
    expect(page.text()).toContain('隐私保护指引');
    expect(page.text()).toContain('切换测试身份');
  });
});
