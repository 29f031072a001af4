/**
 * A fake backend behind wx.request (local mode) and wx.cloud.callFunction (cloud mode), so page
 * and seam tests run the real services/cloud.ts. Replies are shaped like the real functions'.
 */
import { jest } from '@jest/globals';

/** How a stubbed call ends when it does not return an envelope. */
export type Fault = { fault: 'network' } | { fault: 'timeout' } | { fault: 'crash' } | { fault: 'http'; status: number; body?: unknown };
/** An envelope as a cloud function returns it, or a fault, or (for GET routes) any JSON. */
export type Reply = object | string | number | boolean | null | undefined;
export type RouteFn = (payload: Record<string, unknown>, ctx: { openid?: string }) => Reply;
export type Route = Reply | RouteFn;
/** Keyed '<fn>.<action>' (e.g. 'auth.me') or 'GET <path>' (e.g. 'GET /dev/identities'). */
export type Routes = Record<string, Route>;

export type BackendCall = {
  via: 'cloud' | 'local';
  fn: string;
  action: string;
  payload: Record<string, unknown>;
  openid?: string;
  /** The raw wx.request / wx.cloud.callFunction options, for shape assertions. */
  raw: Record<string, unknown>;
};

export type FakeBackend = { calls: BackendCall[]; routes: Routes };

type Callbacks = { success?: (r: unknown) => void; fail?: (e: { errMsg: string }) => void; complete?: () => void };

const isFault = (r: unknown): r is Fault => !!r && typeof r === 'object' && 'fault' in r;

function mocked(fn: unknown): jest.Mock<(...args: never[]) => unknown> {
  return fn as jest.Mock<(...args: never[]) => unknown>;
}

/**
 * Installs a fake backend answering both modes: local (wx.request to the gateway) and cloud
 * (wx.cloud.callFunction). Replies arrive asynchronously, like the real ones. A call with no
 * route answers as the gateway does for an unknown function (HTTP 404), and is logged.
 */
export function stubBackend(routes: Routes): FakeBackend {
  const backend: FakeBackend = { calls: [], routes };
  const answer = (key: string, payload: Record<string, unknown>, openid?: string): Reply => {
    if (!(key in routes)) {
      console.error(`fake backend: no route for ${key}`);
      return { fault: 'http', status: 404, body: { ok: false, code: 'UNKNOWN_FUNCTION', message: `no stub for ${key}` } };
    }
    const route = routes[key];
    return typeof route === 'function' ? (route as RouteFn)(payload, { openid }) : route;
  };
  const later = (f: () => void) => void Promise.resolve().then(f);

  mocked(wx.request).mockImplementation(((opts: Callbacks & { url: string; method?: string; data?: unknown; header?: Record<string, string> }) => {
    const url = new URL(opts.url);
    const fnMatch = /^\/fn\/([^/]+)$/.exec(url.pathname);
    const body = (opts.data ?? {}) as Record<string, unknown>;
    const openid = opts.header?.['x-openid'];
    let reply: Reply;
    if (opts.method === 'POST' && fnMatch) {
      const { action, ...payload } = body;
      backend.calls.push({ via: 'local', fn: fnMatch[1], action: String(action), payload, openid, raw: opts });
      reply = answer(`${fnMatch[1]}.${String(action)}`, payload, openid);
    } else {
      reply = answer(`${opts.method ?? 'GET'} ${url.pathname}`, body, openid);
    }
    const r = reply;
    later(() => {
      if (!isFault(r)) opts.success?.({ statusCode: 200, data: r, header: { 'X-Request-Id': 'req-local-1' } });
      else if (r.fault === 'http') opts.success?.({ statusCode: r.status, data: r.body ?? '', header: {} });
      // The local gateway answers a function that threw with HTTP 500.
      else if (r.fault === 'crash') opts.success?.({ statusCode: 500, data: { ok: false, code: 'INTERNAL', message: '系统开小差了，请稍后重试' }, header: {} });
      else opts.fail?.({ errMsg: r.fault === 'timeout' ? 'request:fail timeout' : 'request:fail net::ERR_CONNECTION_REFUSED' });
      opts.complete?.();
    });
  }) as never);

  mocked(wx.cloud.callFunction).mockImplementation(((opts: Callbacks & { name: string; data?: Record<string, unknown> }) => {
    const { action, ...payload } = opts.data ?? {};
    backend.calls.push({ via: 'cloud', fn: opts.name, action: String(action), payload, raw: opts });
    const reply = answer(`${opts.name}.${String(action)}`, payload);
    later(() => {
      // errMsg texts as CloudBase reports them.
      if (isFault(reply) && reply.fault === 'timeout') opts.fail?.({ errMsg: 'cloud.callFunction:fail Error: errCode: -504003  | errMsg: Invoking task timed out after 3 seconds' });
      else if (isFault(reply) && reply.fault === 'crash') opts.fail?.({ errMsg: 'cloud.callFunction:fail requestID 3e7e, cloud function service error code -504002, error message x is not defined' });
      else if (isFault(reply)) opts.fail?.({ errMsg: 'cloud.callFunction:fail request:fail' });
      else opts.success?.({ result: reply, errMsg: 'cloud.callFunction:ok', requestID: 'req-cloud-1' });
      opts.complete?.();
    });
  }) as never);
  return backend;
}

/** Clears storage and every wx mock's calls between tests (stubs are reinstalled by tests). */
export function resetWx(): void {
  wx.clearStorageSync();
  for (const v of [...Object.values(wx), ...Object.values(wx.cloud)]) {
    if (typeof v === 'function' && 'mockClear' in v) (v as jest.Mock).mockClear();
  }
}
