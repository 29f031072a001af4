import type { Ok } from '../../core/contracts/envelope';
import { config } from '../config';
import { errorText, isKnownCode, type CallErrorCode } from './errors';
import { request } from './http';
import { actingOpenid } from './identity';

/** A call's failure: a server code from core/contracts/errors, or NETWORK / TIMEOUT. */
export type Failure = { ok: false; code: CallErrorCode; message: string; field?: string; requestId?: string };
export type Result<T> = Ok<T> | Failure;

/** Cloud functions the mini-program calls (cloudfunctions/<name>). */
export type FunctionName = 'auth' | 'org' | 'points' | 'events' | 'store' | 'files' | 'grid' | 'reports' | 'assess';

/** Anything but `action`, which the seam sets. */
export type Payload = { [key: string]: unknown; action?: never };

/**
 * The one seam to the backend: every page and service reaches the cloud functions through here.
 * Never rejects; whatever goes wrong comes back as a Failure with a zh-CN message.
 */
export function call<T>(fn: FunctionName, action: string, payload: Payload = {}): Promise<Result<T>> {
  const event = { action, ...payload };
  const sent = config.mode === 'cloud' ? viaCloud(fn, event) : viaLocal(fn, event);
  // The data's shape is the function's contract (core/contracts); the seam checks the envelope only.
  return withTimeout(sent) as Promise<Result<T>>;
}

export function failure(code: CallErrorCode, extra: { message?: string; field?: string; requestId?: string } = {}): Failure {
  // INTERNAL always reads the same, whatever the server said: no internals on a member's screen.
  const message = code !== 'INTERNAL' && extra.message ? extra.message : errorText(code);
  return {
    ok: false,
    code,
    message,
    ...(extra.field ? { field: extra.field } : {}),
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
  };
}

// wx.cloud.init once per env (the env only changes in tests).
let initialisedEnv = '';

function viaCloud(fn: FunctionName, event: object): Promise<Result<unknown>> {
  if (initialisedEnv !== config.envId) {
    wx.cloud.init({ env: config.envId, traceUser: false });
    initialisedEnv = config.envId;
  }
  return new Promise((resolve) => {
    wx.cloud.callFunction({
      name: fn,
      data: event,
      success: (res) => resolve(fromEnvelope(res.result)),
      fail: (err: { errMsg?: string; errCode?: number }) => resolve(failure(platformFailure(err))),
    });
  });
}

/**
 * The platform's own failures carry an errMsg like `cloud.callFunction:fail Error: errCode:
 * -504003 | errMsg: Invoking task timed out after 3 seconds`. A timeout is TIMEOUT; a CloudBase
 * error code (function threw -504002, env or function missing -501000, -404011…) means the
 * service answered, so INTERNAL; anything else never reached it: NETWORK.
 */
export function platformFailure(err: { errMsg?: string; errCode?: number } | undefined): 'TIMEOUT' | 'INTERNAL' | 'NETWORK' {
  const text = `${err?.errCode ?? ''} ${err?.errMsg ?? ''}`;
  if (/-504003|time(d)? ?out/i.test(text)) return 'TIMEOUT';
  if (/-50[0-9]{4}|-404011/.test(text)) return 'INTERNAL';
  return 'NETWORK';
}

async function viaLocal(fn: FunctionName, event: object): Promise<Result<unknown>> {
  const reply = await request('POST', `/fn/${fn}`, event, { 'x-openid': actingOpenid() });
  if (!reply.ok) return failure(reply.code);
  const requestId = reply.header['x-request-id'];
  // A function past its timeout: the gateway answers what wx.cloud.callFunction fails with.
  const platform = reply.data as { errCode?: unknown; errMsg?: unknown } | null;
  if (platform && typeof platform === 'object' && typeof platform.errCode === 'number' && typeof platform.errMsg === 'string') {
    return failure(platformFailure({ errCode: platform.errCode, errMsg: platform.errMsg }), { requestId });
  }
  // The gateway answers envelopes with 200; anything else (404 unknown function, 413, 5xx) is
  // not something a member can act on.
  if (reply.status < 200 || reply.status >= 300) return failure('INTERNAL', { requestId });
  return fromEnvelope(reply.data, requestId);
}

/** Checks the shape of what a function returned; anything unexpected is INTERNAL. */
export function fromEnvelope(raw: unknown, requestId?: string): Result<unknown> {
  if (!raw || typeof raw !== 'object') return failure('INTERNAL', { requestId });
  const r = raw as Record<string, unknown>;
  if (r.ok === true && 'data' in r) return { ok: true, data: r.data };
  if (r.ok !== false) return failure('INTERNAL', { requestId });
  if (!isKnownCode(r.code)) return failure('INTERNAL', { requestId: str(r.requestId) ?? requestId });
  return failure(r.code, { message: str(r.message), field: str(r.field), requestId: str(r.requestId) ?? requestId });
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

// wx.cloud.callFunction has no timeout of its own; wx.request's is backed up by this one too.
function withTimeout<T>(p: Promise<Result<T>>): Promise<Result<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(failure('TIMEOUT')), config.timeoutMs);
    void p.then((r) => {
      clearTimeout(timer);
      resolve(r);
    });
  });
}
