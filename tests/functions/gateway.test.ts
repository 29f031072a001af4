import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auth } from '../../core/functions/auth';
import { events } from '../../core/functions/events';
import { files } from '../../core/functions/files';
import { org } from '../../core/functions/org';
import { points } from '../../core/functions/points';
import { store } from '../../core/functions/store';
import { FUNCTIONS_ROOT, readFunctionConfigs, validateConfig } from '../../emulator/functions';
import { startGateway, type Gateway } from '../../emulator/gateway/server';
import type { LocalCloud } from '../../emulator/local-cloud';
import { devIdentities } from '../../scripts/seed/identities';
import { startTestCloud } from '../support/cloud';

let cloud: LocalCloud;
let gw: Gateway;

beforeAll(async () => {
  cloud = await startTestCloud();
  const quiet = { log: { error: () => undefined, info: () => undefined } };
  // `slow` sleeps past its 1 s timeout (a function deployed with config.json {"timeout": 1})
  const slow = async () => {
    await new Promise((r) => setTimeout(r, 2500));
    return { ok: true, data: 'too late' };
  };
  gw = await startGateway({
    cloud,
    functions: { auth: auth() as never, org: org(quiet) as never, files: files(quiet) as never, points: points(quiet) as never, store: store(quiet) as never, events: events(quiet) as never, slow },
    configs: new Map([...readFunctionConfigs(FUNCTIONS_ROOT), ['slow', validateConfig({ timeout: 1 }, 'slow')]]),
    identities: () => devIdentities(cloud.store),
  });
});
afterAll(async () => {
  await gw.close();
  await cloud.close();
});

const post = (path: string, body: string | Buffer, openid?: string) =>
  fetch(gw.url + path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(openid ? { 'x-openid': openid } : {}) } });

describe('the local gateway', () => {
  it('answers /health', async () => {
    const r = await fetch(gw.url + '/health');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true });
  });

  it('lists a member, grid leader, secretary, org admin and store keeper with roles and org', async () => {
    const ids = (await (await fetch(gw.url + '/dev/identities')).json()) as { openid: string; name: string; orgId: string; roles: { role: string; orgId: string }[] }[];
    for (const role of ['member', 'gridLeader', 'secretary', 'orgAdmin', 'storeKeeper']) {
      const who = ids.find((i) => i.roles.some((r) => r.role === role) && (role !== 'member' || i.roles.length === 1));
      expect(who).toBeDefined();
      expect(who!.orgId).toMatch(/^b\d\d$/);
      expect(who!.name.length).toBeGreaterThan(1);
    }
  });

  it('runs auth.me for the x-openid identity', async () => {
    const r = await post('/fn/auth', JSON.stringify({ action: 'me' }), 'demo-member-b01');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-db-requests')).toBe('2');
    expect(await r.json()).toMatchObject({ ok: true, data: { branch: { id: 'b01', name: '青年路社区党支部' } } });
  });

  it.each([
    ['an unbound openid', JSON.stringify({ action: 'me' }), 'nobody', 200, 'NOT_BOUND'],
    ['no x-openid header', JSON.stringify({ action: 'me' }), undefined, 200, 'UNAUTHENTICATED'],
    ['an unknown action', JSON.stringify({ action: 'nope' }), 'demo-member-b01', 200, 'UNKNOWN_ACTION'],
    ['broken JSON', '{"action":', 'demo-member-b01', 400, 'INVALID_JSON'],
    ['a JSON array', '[1,2]', 'demo-member-b01', 400, 'INVALID_JSON'],
  ])('refuses %s with its code', async (_name, body, openid, status, code) => {
    const r = await post('/fn/auth', body, openid);
    expect(r.status).toBe(status);
    expect(await r.json()).toMatchObject({ ok: false, code });
  });

  it('refuses an unknown function with 404 and a code', async () => {
    const r = await post('/fn/nothing', '{}', 'demo-member-b01');
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ ok: false, code: 'UNKNOWN_FUNCTION' });
  });

  // Only the function table's own entries are functions: nothing inherited from Object.prototype.
  it.each(['__proto__', 'hasOwnProperty', 'valueOf', 'constructor', 'toString', 'isPrototypeOf'])('answers /fn/%s with 404 UNKNOWN_FUNCTION', async (name) => {
    const r = await post(`/fn/${name}`, JSON.stringify({ action: 'me' }), 'demo-member-b01');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await r.json()).toEqual({ ok: false, code: 'UNKNOWN_FUNCTION', message: `云函数不存在：${name}` });
  });

  it.each(['/storage/%E0%A4%A', '/storage/a%zz.txt', '/storage/%'])('refuses a malformed storage path %s with 400 and the envelope', async (p) => {
    const r = await fetch(gw.url + p + '?t=1&sign=x');
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ ok: false, code: 'INVALID_PATH' });
  });

  // A timer job runs only when a timer trigger starts the run (getWXContext().SOURCE wx_trigger, set by
  // the platform). A client posting a Timer-shaped body, with or without an identity, runs nothing.
  it.each([
    ['points', 'tick'],
    ['points', 'annualExpiry'],
    ['points', 'sendOutbox'],
    ['store', 'expireOrders'],
    ['events', 'dedicationReminder'],
  ])('runs no timer job for a client: POST /fn/%s {Type: Timer, TriggerName: %s}', async (fn, trigger) => {
    const before = JSON.stringify([
      cloud.store.find('balances', {}, { limit: 1000 }),
      cloud.store.count('ledger', {}),
      cloud.store.count('outbox', {}),
      cloud.store.find('orders', {}, { limit: 1000 }),
    ]);
    for (const openid of [undefined, 'demo-admin-county']) {
      const r = await post(`/fn/${fn}`, JSON.stringify({ Type: 'Timer', TriggerName: trigger, Time: '2026-12-31T15:59:00Z' }), openid);
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    }
    const after = JSON.stringify([
      cloud.store.find('balances', {}, { limit: 1000 }),
      cloud.store.count('ledger', {}),
      cloud.store.count('outbox', {}),
      cloud.store.find('orders', {}, { limit: 1000 }),
    ]);
    expect(after).toBe(before);
  });

  // wx.cloud.callFunction fails with errCode -504003 "Invoking task timed out after N seconds" when the
  // function runs past its config.json timeout (reported in Mint-green/UnlearnableWord#10)
  it('answers a function past its config.json timeout as wx.cloud.callFunction fails: 504, errCode -504003', async () => {
    const started = Date.now();
    const r = await post('/fn/slow', '{}', 'demo-member-b01');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.status).toBe(504);
    expect(await r.json()).toEqual({ errCode: -504003, errMsg: 'cloud.callFunction:fail Error: errCode: -504003  | errMsg: Invoking task timed out after 1 seconds' });
    // and keeps serving
    expect(await (await post('/fn/auth', JSON.stringify({ action: 'me' }), 'demo-member-b01')).json()).toMatchObject({ ok: true });
  });

  it('refuses a NUL byte in a roster search with INVALID_INPUT naming the field (it used to be INTERNAL)', async () => {
    const r = await post('/fn/org', JSON.stringify({ action: 'members.list', q: '王\u0000' }), 'demo-admin-t1');
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'q' });
  });

  it.each(['balance', 'ledger.list'])('answers a plain member asking for %s of another member FORBIDDEN, whether the member exists or not, after one read', async (action) => {
    const other = cloud.store.find('members', { openid: 'demo-member-b02' }, { limit: 1 })[0] as { _id: string };
    for (const memberId of [other._id, 'm9999']) {
      const r = await post('/fn/points', JSON.stringify({ action, memberId }), 'demo-member-b01');
      expect(await r.json()).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(r.headers.get('x-db-requests')).toBe('1');
    }
  });

  it('imports only a roster the caller uploaded: another admin’s file is INVALID_INPUT and nothing is written', async () => {
    const up = await post(
      '/fn/files',
      JSON.stringify({ action: 'roster.upload', fileName: 'r.csv', contentBase64: Buffer.from('姓名,手机号\n张三,13900000002\n').toString('base64') }),
      'demo-admin-t1',
    );
    const { data } = (await up.json()) as { data: { fileID: string } };
    const before = cloud.store.count('members', {});
    const r = await post('/fn/files', JSON.stringify({ action: 'roster.import', fileID: data.fileID, orgId: 'b01', dryRun: false }), 'demo-admin-county');
    expect(await r.json()).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'fileID' });
    expect(cloud.store.count('members', {})).toBe(before);
  });

  it('refuses a 2 MB body with 413 and keeps serving', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 'a');
    const r = await post('/fn/auth', big, 'demo-member-b01');
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
    const after = await post('/fn/auth', JSON.stringify({ action: 'me' }), 'demo-member-b01');
    expect(await after.json()).toMatchObject({ ok: true });
  });

  it('serves an uploaded file through its signed temp URL and refuses a tampered one', async () => {
    const cloudSdk = require('wx-server-sdk') as { uploadFile(o: object): Promise<{ fileID: string }>; getTempFileURL(o: object): Promise<{ fileList: { tempFileURL: string }[] }> };
    const up = await cloudSdk.uploadFile({ cloudPath: 'evidence/x.txt', fileContent: Buffer.from('证据') });
    const t = await cloudSdk.getTempFileURL({ fileList: [up.fileID] });
    const url: string = t.fileList[0].tempFileURL;
    expect(url.startsWith(gw.url)).toBe(true);
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).toString()).toBe('证据');
    const bad = await fetch(url.replace(/sign=[0-9a-f]/, 'sign=z'));
    expect(bad.status).toBe(403);
  });
});
