import { beforeEach, describe, expect, it } from '@jest/globals';
import { demoMember, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';

beforeEach(resetWx);

// Local mode on a real phone: the gateway on a LAN address wants its per-start token on every call.
describe('the local transport and the gateway access token', () => {
  it('sends x-access-token when the build has one', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoMember) }, config: { localBaseUrl: 'http://192.168.1.20:3210', localAccessToken: 'tok-1234' } });
    const raw = page.backend!.calls[0].raw as { url: string; header: Record<string, string> };
    expect(raw.url).toBe('http://192.168.1.20:3210/fn/auth');
    expect(raw.header).toMatchObject({ 'x-access-token': 'tok-1234', 'x-openid': 'demo-member-b01' });
  });

  it('sends none on loopback (the default build)', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoMember) } });
    const raw = page.backend!.calls[0].raw as { header: Record<string, string> };
    expect(raw.header).not.toHaveProperty('x-access-token');
  });
});
