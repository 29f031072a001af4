import { beforeEach, describe, expect, it } from '@jest/globals';
import { ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';

beforeEach(resetWx);

// WeChat opens the login 小程序码's page with onLoad({scene}) where scene is URI-encoded
// (WeChat guide 获取不限制的小程序码: "scene 字段的值会作为 query 参数传递给小程序/小游戏。用户扫描该码进入小程序后，
// 开发者需在对应页面获取的 query 字段值中获取到 scene，并且需要 decodeURIComponent 才能获取到生成二维码时传入的 scene");
// auth.console.request makes the scene the request id itself (tests/functions/auth/console-code.test.ts).
const REQ = 'cs0123456789abcdef01234567';

describe('管理后台登录 opened from the console login 小程序码', () => {
  it('sends the scene as the request to inspect, reaches the confirm step and confirms that request', async () => {
    const page = await loadPage('staff/pages/console/index', {
      stub: {
        'auth.console.scan': (p) =>
          p.requestId === REQ ? ok({ requestId: REQ, browser: 'Firefox 140 · macOS', requestedAt: '2026-11-23T02:00:00.000Z', expiresAt: '2026-11-23T02:02:00.000Z' }) : ok(null),
        'auth.console.confirm': (p) => ok({ requestId: p.requestId, browser: 'Firefox 140 · macOS', sessionExpiresAt: '2026-11-23T10:00:00.000Z' }),
        'auth.console.sessions': ok({ sessions: [] }),
      },
      query: { scene: encodeURIComponent(REQ) },
    });
    expect(page.backend?.calls.find((c) => c.action === 'console.scan')?.payload).toEqual({ requestId: REQ });
    expect(page.text()).toContain('确认登录电脑端管理后台？');
    expect(page.text()).toContain('Firefox 140 · macOS');
    await page.tap('.confirm-btn');
    await page.flush();
    expect(page.backend?.calls.find((c) => c.action === 'console.confirm')?.payload).toEqual({ requestId: REQ });
    expect(page.text()).toContain('已登录：Firefox 140 · macOS');
  });
});
