import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auth } from '../../core/functions/auth';
import { startGateway, type Gateway } from '../../emulator/gateway/server';
import type { LocalCloud } from '../../emulator/local-cloud';
import { devIdentities } from '../../scripts/seed/identities';
import { startTestCloud } from '../support/cloud';

// `HOST=<LAN address> npm start`: the gateway then refuses every call without this start's
// access token (anyone on the network could otherwise act as any dev identity); loopback needs none.
let cloud: LocalCloud;
let guarded: Gateway;
let open: Gateway;
const TOKEN = '0123456789abcdef0123456789abcdef';

beforeAll(async () => {
  cloud = await startTestCloud();
  const base = { cloud, functions: { auth: auth() as never }, identities: () => devIdentities(cloud.store) };
  guarded = await startGateway({ ...base, host: '127.0.0.1', accessToken: TOKEN });
  open = await startGateway({ ...base });
});
afterAll(async () => {
  await guarded.close();
  await open.close();
  await cloud.close();
});

const me = (gw: Gateway, headers: Record<string, string> = {}) =>
  fetch(`${gw.url}/fn/auth`, { method: 'POST', body: JSON.stringify({ action: 'me' }), headers: { 'content-type': 'application/json', 'x-openid': 'demo-member-b01', ...headers } });

describe('the gateway with an access token (a LAN address)', () => {
  it('refuses a function call without the token, or with a wrong one, and runs nothing', async () => {
    for (const headers of [{}, { 'x-access-token': 'wrong' }, { 'x-access-token': TOKEN.toUpperCase() }] as Record<string, string>[]) {
      const r = await me(guarded, headers);
      expect(r.status).toBe(401);
      expect(await r.json()).toMatchObject({ ok: false, code: 'ACCESS_TOKEN_REQUIRED' });
    }
    expect((await fetch(`${guarded.url}/dev/identities`)).status).toBe(401);
  });

  it('answers with the token', async () => {
    const r = await me(guarded, { 'x-access-token': TOKEN });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true, data: { name: expect.any(String) } });
    expect((await fetch(`${guarded.url}/dev/identities`, { headers: { 'x-access-token': TOKEN } })).status).toBe(200);
  });

  it('keeps /health open and serves signed temp URLs without the token (an image src cannot send one)', async () => {
    expect((await fetch(`${guarded.url}/health`)).status).toBe(200);
    cloud.storage.put('exports/token-test.txt', Buffer.from('hello'));
    // the storage answers under whichever gateway started last: ask the guarded one
    const url = cloud.storage.tempUrl('exports/token-test.txt', 60, Date.now()).replace(/^http:\/\/[^/]+/, guarded.url);
    expect(url.startsWith(guarded.url)).toBe(true);
    const r = await fetch(url);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('hello');
  });
});

describe('the gateway on loopback (the default)', () => {
  it('needs no token and listens on 127.0.0.1', async () => {
    expect(open.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await me(open)).status).toBe(200);
  });
});
