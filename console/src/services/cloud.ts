import type { Ok } from '../../../core/contracts/envelope';
import type { ErrorCode } from '../../../core/contracts/errors';
import type { FunctionName } from '../../../core/contracts/permissions';
import { SERVER_ERROR_TEXT } from '../generated/contracts';

/**
 * The console's one seam to the backend, like miniprogram/services/cloud.ts: every page calls the
 * same cloud functions with the same contracts through `call`. It speaks CloudBase's HTTP API
 * (docs.cloudbase.net http-api): sign in (`/auth/v1/signin/anonymously`, `/auth/v1/signin/custom`
 * with the ticket the phone's confirmation produced), then `POST /v1/functions/<fn>` with the
 * access token. On CloudBase the base is `https://<env>.api.tcloudbasegateway.com`; locally the
 * gateway that serves the console answers the same paths (emulator/gateway/console-auth.ts).
 * Never rejects: a failure is a value with a zh-CN message.
 */
export type CallErrorCode = ErrorCode | 'NETWORK' | 'TIMEOUT' | 'SIGNED_OUT';
export type Failure = { ok: false; code: CallErrorCode; message: string; field?: string; requestId?: string };
export type Result<T> = Ok<T> | Failure;
export type Payload = { [key: string]: unknown; action?: never };

const CLIENT_TEXT: Record<'NETWORK' | 'TIMEOUT' | 'SIGNED_OUT', string> = {
  NETWORK: '网络连接失败，请检查网络后重试',
  TIMEOUT: '请求超时，请稍后重试',
  SIGNED_OUT: '登录已失效，请重新扫码登录',
};

const env = import.meta.env.VITE_CLOUDBASE_ENV;
export const BASE = env ? `https://${env}.api.tcloudbasegateway.com` : '';
const TIMEOUT_MS = 20000;
const TOKEN_KEY = 'hgj.console.token';

/** The access token of the signed-in console (custom login) or of the anonymous login page. */
let token: { value: string; custom: boolean } | null = readToken();

function readToken(): { value: string; custom: boolean } | null {
  try {
    const raw = sessionStorage.getItem(TOKEN_KEY);
    return raw ? (JSON.parse(raw) as { value: string; custom: boolean }) : null;
  } catch {
    return null;
  }
}

function keep(t: { value: string; custom: boolean } | null): void {
  token = t;
  if (t) sessionStorage.setItem(TOKEN_KEY, JSON.stringify(t));
  else sessionStorage.removeItem(TOKEN_KEY);
}

export const isSignedIn = (): boolean => token?.custom === true;

/** Forgets the console's login (after logout, or when the server says the session ended). */
export function forget(): void {
  keep(null);
}

export function failure(code: CallErrorCode, extra: { message?: string; field?: string; requestId?: string } = {}): Failure {
  const known = code in CLIENT_TEXT ? CLIENT_TEXT[code as keyof typeof CLIENT_TEXT] : SERVER_ERROR_TEXT[code as ErrorCode];
  const message = code !== 'INTERNAL' && extra.message ? extra.message : (known ?? SERVER_ERROR_TEXT.INTERNAL);
  return { ok: false, code, message, ...(extra.field ? { field: extra.field } : {}), ...(extra.requestId ? { requestId: extra.requestId } : {}) };
}

async function post(path: string, body: unknown, bearer?: string): Promise<{ status: number; data: unknown } | null> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(`${BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
      signal: ctl.signal,
    });
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    return { status: res.status, data };
  } catch (e) {
    return (e as Error).name === 'AbortError' ? { status: 0, data: 'timeout' } : null;
  } finally {
    clearTimeout(timer);
  }
}

async function signIn(path: string, body: unknown, custom: boolean): Promise<boolean> {
  const r = await post(path, body);
  const t = (r?.data as { access_token?: unknown } | null)?.access_token;
  if (!r || r.status !== 200 || typeof t !== 'string') return false;
  keep({ value: t, custom });
  return true;
}

/** Signs the browser in with the custom-login ticket the phone's confirmation produced. */
export const signInWithTicket = (ticket: string): Promise<boolean> => signIn('/auth/v1/signin/custom', { provider_id: 'custom', ticket }, true);

/** The login page's own identity before anyone confirmed (CloudBase needs a signed-in caller for any function). */
async function ensureToken(): Promise<string | null> {
  if (token) return token.value;
  return (await signIn('/auth/v1/signin/anonymously', {}, false)) ? ((token as { value: string } | null)?.value ?? null) : null;
}

/** Calls `<fn>.<action>` as the signed-in console. */
export async function call<T>(fn: FunctionName, action: string, payload: Payload = {}): Promise<Result<T>> {
  const bearer = await ensureToken();
  if (!bearer) return failure('NETWORK');
  const r = await post(`/v1/functions/${fn}`, { action, ...payload }, bearer);
  if (!r) return failure('NETWORK');
  if (r.data === 'timeout') return failure('TIMEOUT');
  if (r.status === 401) {
    forget();
    return failure('SIGNED_OUT');
  }
  const platform = r.data as { errCode?: unknown } | null;
  if (r.status === 504 || (platform && typeof platform === 'object' && platform.errCode === -504003)) return failure('TIMEOUT');
  if (r.status < 200 || r.status >= 300) return failure('INTERNAL');
  return fromEnvelope(r.data) as Result<T>;
}

/** Checks the envelope's shape; anything unexpected is INTERNAL. */
export function fromEnvelope(raw: unknown): Result<unknown> {
  if (!raw || typeof raw !== 'object') return failure('INTERNAL');
  const r = raw as Record<string, unknown>;
  if (r.ok === true && 'data' in r) return { ok: true, data: r.data };
  if (r.ok !== false || typeof r.code !== 'string' || !(r.code in SERVER_ERROR_TEXT)) return failure('INTERNAL');
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  if (r.code === 'CONSOLE_SESSION_ENDED') forget();
  return failure(r.code as ErrorCode, { message: str(r.message), field: str(r.field), requestId: str(r.requestId) });
}
