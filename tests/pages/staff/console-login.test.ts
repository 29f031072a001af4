import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fail, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';

beforeEach(resetWx);

const REQ = `cs${'a'.repeat(24)}`;
const scanned = { requestId: REQ, browser: 'Chrome 147 · Windows', requestedAt: '2026-11-23T02:00:00.000Z', expiresAt: '2026-11-23T02:02:00.000Z' };
const session = { sessionId: `cs${'b'.repeat(24)}`, browser: 'Edge 140 · Windows', confirmedAt: '2026-11-23T01:00:00.000Z', expiresAt: '2026-11-23T09:00:00.000Z', current: false };

describe('管理后台登录 (console login from the phone)', () => {
  it('opened from the login 小程序码, shows which browser asks and confirms it', async () => {
    const page = await loadPage('staff/pages/console/index', {
      stub: {
        'auth.console.scan': ok(scanned),
        'auth.console.confirm': ok({ requestId: REQ, browser: scanned.browser, sessionExpiresAt: '2026-11-23T10:00:00.000Z' }),
        'auth.console.sessions': ok({ sessions: [] }),
      },
      query: { scene: REQ },
    });
    expect(page.text()).toContain('确认登录电脑端管理后台？');
    expect(page.text()).toContain('Chrome 147 · Windows');
    await page.tap('.confirm-btn');
    await page.flush();
    expect(page.backend?.calls.find((c) => c.action === 'console.confirm')?.payload).toEqual({ requestId: REQ });
    expect(page.text()).toContain('已登录：Chrome 147 · Windows');
  });

  it('tells a member who is not staff that they may not', async () => {
    const page = await loadPage('staff/pages/console/index', { stub: { 'auth.console.scan': fail('FORBIDDEN'), 'auth.console.sessions': ok({ sessions: [] }) }, query: { scene: REQ } });
    expect(page.text()).toContain('没有权限进行此操作');
    expect(page.text()).not.toContain('确认登录');
  });

  it('lists the signed-in consoles and signs one out after confirming', async () => {
    (wx.showModal as jest.Mock).mockImplementation(((o: { success?: (r: { confirm: boolean }) => void }) => o.success?.({ confirm: true })) as never);
    const page = await loadPage('staff/pages/console/index', { stub: { 'auth.console.sessions': ok({ sessions: [session] }), 'auth.console.revoke': ok({ ended: true }) } });
    expect(page.text()).toContain('Edge 140 · Windows');
    await page.tap('.session-cell');
    await page.flush();
    expect(page.backend?.calls.find((c) => c.action === 'console.revoke')?.payload).toEqual({ sessionId: session.sessionId });
  });
});
