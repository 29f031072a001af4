import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ERROR_CODES, ERROR_MESSAGES, type ErrorCode } from '../../../core/contracts/errors';
import { config } from '../../../miniprogram/config';
import { me } from '../../../miniprogram/services/auth';
import { call } from '../../../miniprogram/services/cloud';
import { identities } from '../../../miniprogram/services/dev';
import { CLIENT_ERROR_TEXT, SERVER_ERROR_TEXT } from '../../../miniprogram/services/errors';
import { actAs } from '../../../miniprogram/services/identity';
import { errorView } from '../../../miniprogram/utils/view-state';
import { demoIdentities, demoMember, fail, ok } from '../fixtures';
import { resetWx, stubBackend, type Reply } from '../harness';

const defaults = { ...config };
beforeEach(resetWx);
afterEach(() => {
  Object.assign(config, defaults);
});

const HAN = /[\u4e00-\u9fa5]/;

describe('the seam in local mode (wx.request to the gateway)', () => {
  it('POSTs {action, ...payload} as JSON to /fn/<function> with the acting openid in x-openid', async () => {
    const backend = stubBackend({ 'points.ledger.list': ok([]) });
    await call('points', 'ledger.list', { limit: 20 });
    expect(wx.request).toHaveBeenCalledTimes(1);
    const raw = backend.calls[0].raw;
    expect(raw).toMatchObject({
      url: 'http://127.0.0.1:3210/fn/points',
      method: 'POST',
      data: { action: 'ledger.list', limit: 20 },
      header: { 'content-type': 'application/json', 'x-openid': 'demo-member-b01' },
    });
    expect(wx.cloud.callFunction).not.toHaveBeenCalled();
  });

  it('sends the dev identity picked last, without a restart', async () => {
    const backend = stubBackend({ 'auth.me': ok(demoMember) });
    await me();
    actAs('demo-secretary-b01');
    await me();
    expect(backend.calls.map((c) => c.openid)).toEqual(['demo-member-b01', 'demo-secretary-b01']);
  });

  it('uses the gateway base URL from config', async () => {
    config.localBaseUrl = 'http://192.168.1.20:3210';
    const backend = stubBackend({ 'auth.me': ok(demoMember) });
    await me();
    expect(backend.calls[0].raw.url).toBe('http://192.168.1.20:3210/fn/auth');
  });

  it('returns the data of an ok envelope', async () => {
    stubBackend({ 'auth.me': ok(demoMember) });
    expect(await me()).toEqual({ ok: true, data: demoMember });
  });

  it('lists dev identities with GET /dev/identities', async () => {
    stubBackend({ 'GET /dev/identities': demoIdentities });
    expect(await identities()).toEqual({ ok: true, data: demoIdentities });
    expect(wx.request).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://127.0.0.1:3210/dev/identities', method: 'GET' }));
  });
});

describe('the seam in cloud mode (wx.cloud.callFunction)', () => {
  beforeEach(() => {
    config.mode = 'cloud';
    config.envId = 'hongguanjia-prod-1a2b';
  });

  it('calls the function by name with {action, ...payload} as data, and no x-openid anywhere', async () => {
    const backend = stubBackend({ 'store.redeem': ok({ orderId: 'o1' }) });
    const r = await call('store', 'redeem', { itemId: 'i1', quantity: 1 });
    expect(r).toEqual({ ok: true, data: { orderId: 'o1' } });
    expect(backend.calls[0].raw).toMatchObject({ name: 'store', data: { action: 'redeem', itemId: 'i1', quantity: 1 } });
    expect(JSON.stringify(backend.calls[0].raw)).not.toContain('openid');
    expect(wx.request).not.toHaveBeenCalled();
  });

  it('initialises wx.cloud once with the env id from config', async () => {
    config.envId = 'hongguanjia-test-9z';
    stubBackend({ 'auth.me': ok(demoMember) });
    await me();
    await me();
    expect(wx.cloud.init).toHaveBeenCalledTimes(1);
    expect(wx.cloud.init).toHaveBeenCalledWith(expect.objectContaining({ env: 'hongguanjia-test-9z' }));
  });
});

describe('error mapping', () => {
  it('has zh-CN text for exactly the shared list of codes, and client codes outside it', () => {
    expect(Object.keys(SERVER_ERROR_TEXT).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) expect(SERVER_ERROR_TEXT[code]).toMatch(HAN);
    for (const code of Object.keys(CLIENT_ERROR_TEXT)) {
      expect(ERROR_CODES).not.toContain(code);
      expect(CLIENT_ERROR_TEXT[code as keyof typeof CLIENT_ERROR_TEXT]).toMatch(HAN);
    }
  });

  describe.each(['local', 'cloud'] as const)('in %s mode', (mode) => {
    beforeEach(() => {
      config.mode = mode;
    });

    it.each(ERROR_CODES.map((c) => [c]))('maps %s with no server message to its zh-CN text', async (code: ErrorCode) => {
      stubBackend({ 'auth.me': { ok: false, code } });
      const r = await me();
      expect(r).toMatchObject({ ok: false, code, message: SERVER_ERROR_TEXT[code] });
    });

    it.each(ERROR_CODES.filter((c) => c !== 'INTERNAL').map((c) => [c]))('keeps the server message of %s (it may be more specific)', async (code: ErrorCode) => {
      stubBackend({ 'auth.me': fail(code, { message: `具体说明：${ERROR_MESSAGES[code]}` }) });
      expect(await me()).toMatchObject({ ok: false, code, message: `具体说明：${ERROR_MESSAGES[code]}` });
    });
  });

  it('never shows what the server said for INTERNAL, but keeps its request id', async () => {
    stubBackend({ 'auth.me': { ok: false, code: 'INTERNAL', message: 'TypeError: cannot read x of undefined', requestId: 'req-77' } });
    expect(await me()).toEqual({ ok: false, code: 'INTERNAL', message: SERVER_ERROR_TEXT.INTERNAL, requestId: 'req-77' });
  });

  it('keeps the field named by INVALID_INPUT', async () => {
    stubBackend({ 'points.claims.submit': fail('INVALID_INPUT', { message: '备注不能超过 500 字', field: 'note' }) });
    expect(await call('points', 'claims.submit', { note: 'x' })).toMatchObject({ code: 'INVALID_INPUT', message: '备注不能超过 500 字', field: 'note' });
  });
});

describe('transport failures', () => {
  const local: [string, string, Reply][] = [
    ['no network', 'NETWORK', { fault: 'network' }],
    ['a request timeout', 'TIMEOUT', { fault: 'timeout' }],
    ['HTTP 404 unknown function', 'INTERNAL', { fault: 'http', status: 404, body: { ok: false, code: 'UNKNOWN_FUNCTION', message: '云函数不存在：auth' } }],
    ['HTTP 413 too large', 'INTERNAL', { fault: 'http', status: 413, body: { ok: false, code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' } }],
    ['HTTP 400 malformed JSON', 'INTERNAL', { fault: 'http', status: 400, body: { ok: false, code: 'INVALID_JSON', message: '请求不是合法的 JSON' } }],
    ['HTTP 500', 'INTERNAL', { fault: 'http', status: 500, body: '' }],
    [
      'HTTP 504 past the function timeout (as callFunction fails: -504003)',
      'TIMEOUT',
      { fault: 'http', status: 504, body: { errCode: -504003, errMsg: 'cloud.callFunction:fail Error: errCode: -504003  | errMsg: Invoking task timed out after 3 seconds' } },
    ],
    ['a function that threw', 'INTERNAL', { fault: 'crash' }],
    ['a 200 that is not an envelope', 'INTERNAL', '<html>proxy error</html>'],
    ['a code this client does not know', 'INTERNAL', { ok: false, code: 'BRAND_NEW_CODE', message: '新错误' }],
  ];

  it.each(local)('turns %s (local mode) into %s with a friendly message', async (_name, code, reply) => {
    stubBackend({ 'auth.me': reply });
    const r = await me();
    const text = { ...SERVER_ERROR_TEXT, ...CLIENT_ERROR_TEXT } as Record<string, string>;
    expect(r).toMatchObject({ ok: false, code, message: text[code] });
  });

  it.each([
    ['no network', 'NETWORK', { fault: 'network' }],
    ['a platform timeout (-504003)', 'TIMEOUT', { fault: 'timeout' }],
    ['a function that threw (-504002)', 'INTERNAL', { fault: 'crash' }],
    ['a function that returned nothing', 'INTERNAL', undefined],
  ] as [string, string, Reply][])('turns %s (cloud mode) into %s', async (_name, code, reply) => {
    config.mode = 'cloud';
    stubBackend({ 'auth.me': reply });
    expect(await me()).toMatchObject({ ok: false, code });
  });

  it('reports TIMEOUT when no answer comes within config.timeoutMs', async () => {
    config.timeoutMs = 30;
    (wx.request as unknown as { mockImplementation(f: () => void): void }).mockImplementation(() => undefined);
    const started = Date.now();
    expect(await me()).toMatchObject({ ok: false, code: 'TIMEOUT', message: CLIENT_ERROR_TEXT.TIMEOUT });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it.each(['NETWORK', 'TIMEOUT', 'INTERNAL'] as const)('shows %s as the one error state with 重试', (code) => {
    const view = errorView({ ok: false, code, message: '…' });
    expect(view).toMatchObject({ status: 'error', action: 'retry', actionText: '重试' });
  });
});
