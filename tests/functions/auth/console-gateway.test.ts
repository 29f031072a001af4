import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSign, generateKeyPairSync } from 'node:crypto';
import type { ConsolePollResult, ConsoleRequestResult, MeResult } from '../../../core/contracts/auth';
import { auth } from '../../../core/functions/auth';
import { startGateway, type Gateway } from '../../../emulator/gateway/server';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { startTestCloud } from '../../support/cloud';

// The local gateway's emulation of CloudBase's web identity (docs/console.md): custom sign-in
// with a ticket the auth function signed, a Bearer token for /v1/functions, the caller in the
// function's context. What CloudBase would refuse is refused here too.
let cloud: LocalCloud;
let gw: Gateway;

beforeAll(async () => {
  cloud = await startTestCloud();
  const quiet = { log: { error: () => undefined, info: () => undefined } };
  gw = await startGateway({ cloud, functions: { auth: auth(quiet) as never }, identities: () => [] });
});
afterAll(async () => {
  await gw.close();
  await cloud.close();
});

const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const r = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const bearer = (t: unknown) => ({ authorization: `Bearer ${String(t)}` });

/** The whole flow to a ticket: anonymous token, request, the phone confirms, poll. */
async function ticketFor(openid: string): Promise<{ ticket: string; requestId: string }> {
  const anon = await post('/auth/v1/signin/anonymously', {});
  const req = (await post('/v1/functions/auth', { action: 'console.request', browser: 'Chrome 147 · Linux' }, bearer(anon.body.access_token))).body.data as ConsoleRequestResult;
  expect((await post('/fn/auth', { action: 'console.confirm', requestId: req.requestId }, { 'x-openid': openid })).body.ok).toBe(true);
  const polled = (await post('/v1/functions/auth', { action: 'console.poll', requestId: req.requestId, pollSecret: req.pollSecret }, bearer(anon.body.access_token))).body.data as ConsolePollResult;
  if (polled.status !== 'confirmed') throw new Error(`poll: ${polled.status}`);
  return { ticket: polled.ticket, requestId: req.requestId };
}

describe('web sign-in at the local gateway', () => {
  it('needs an access token for /v1/functions', async () => {
    expect(await post('/v1/functions/auth', { action: 'me' })).toMatchObject({ status: 401 });
    expect(await post('/v1/functions/auth', { action: 'me' }, bearer('made-up'))).toMatchObject({ status: 401 });
  });

  it('an anonymous web user is nobody to the functions', async () => {
    const anon = await post('/auth/v1/signin/anonymously', {});
    expect(anon.body).toMatchObject({ token_type: 'Bearer' });
    expect((await post('/v1/functions/auth', { action: 'me' }, bearer(anon.body.access_token))).body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it('signs in with the ticket the phone confirmed and calls as that member', async () => {
    const { ticket } = await ticketFor('demo-secretary-b01');
    const signed = await post('/auth/v1/signin/custom', { provider_id: 'custom', ticket });
    expect(signed.status).toBe(200);
    expect(signed.body.expires_in as number).toBeGreaterThan(7 * 60 * 60);
    const me = (await post('/v1/functions/auth', { action: 'me' }, bearer(signed.body.access_token))).body.data as MeResult;
    expect(me.roles.map((r) => r.role)).toEqual(['secretary']);
    // an x-openid header means nothing on the web path
    const withHeader = (await post('/v1/functions/auth', { action: 'me' }, { ...bearer(signed.body.access_token), 'x-openid': 'demo-admin-t1' })).body.data as MeResult;
    expect(withHeader.memberId).toBe(me.memberId);
  });

  it('refuses a tampered ticket and one signed with another key', async () => {
    const { ticket } = await ticketFor('demo-secretary-b01');
    const [kid, jwt] = ticket.split('/@@/');
    const [h, p, s] = jwt.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${kid}/@@/${h}.${Buffer.from(JSON.stringify({ ...payload, uid: `cs${'f'.repeat(24)}` })).toString('base64url')}.${s}`;
    expect(await post('/auth/v1/signin/custom', { provider_id: 'custom', ticket: forged })).toMatchObject({ status: 400 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const sig = createSign('RSA-SHA256').update(`${h}.${p}`).sign(other).toString('base64url');
    expect(await post('/auth/v1/signin/custom', { provider_id: 'custom', ticket: `${kid}/@@/${h}.${p}.${sig}` })).toMatchObject({ status: 400 });
  });

  it('refuses a ticket past its ten minutes', async () => {
    const { ticket } = await ticketFor('demo-secretary-b01');
    const late = await startGateway({ cloud, functions: { auth: auth() as never }, identities: () => [], now: () => Date.now() + 10 * 60 * 1000 + 1 });
    try {
      const r = await fetch(`${late.url}/auth/v1/signin/custom`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider_id: 'custom', ticket }) });
      expect(r.status).toBe(400);
    } finally {
      await late.close();
    }
  });
});
