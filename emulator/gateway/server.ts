import { timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { FUNCTIONS_ROOT, readFunctionConfigs, validateConfig, type FunctionConfig } from '../functions';
import { FunctionTimeout, type Handler, type InvokeResult, type LocalCloud } from '../local-cloud';
import { installLocalCustomLoginKey, webContextEnvironment, WebSessions, type WebIdentity } from './console-auth';

export type GatewayOptions = {
  cloud: LocalCloud;
  functions: Record<string, Handler>;
  /** Each function's config.json (timeout, open-API permissions); by default the repo's cloudfunctions/. */
  configs?: Map<string, FunctionConfig>;
  identities: () => unknown;
  /** Where to listen: loopback by default; a LAN address lets a real phone reach it, and then needs `accessToken`. */
  host?: string;
  /**
   * When set, every call but /health, the signed /storage/ URLs and the web console (static files,
   * its sign-in, its Bearer-token calls) must carry it in `x-access-token` (401 ACCESS_TOKEN_REQUIRED otherwise): on a LAN address
   * anyone on the network could otherwise act as any dev identity. scripts/start.ts makes one per
   * start and prints it.
   */
  accessToken?: string;
  port?: number;
  /** Request bodies above this are refused with 413 (WeChat caps callFunction payloads too). */
  maxBodyBytes?: number;
  /** The built web console (console/dist), served at /console/ when given. */
  consoleDir?: string;
  /** The gateway's clock for web access tokens (tests move it); Date.now by default. */
  now?: () => number;
};

export type Gateway = { url: string; port: number; close(): Promise<void> };

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });
const refuse = (status: number, code: string, message: string): Reply => json(status, { ok: false, code, message });

class TooLarge extends Error {}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      req.resume();
      return reject(new TooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      else chunks.push(c);
    });
    req.on('end', () => (over ? reject(new TooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** A percent-decoded path, or undefined for a malformed encoding (`%E0%A4%A`). */
function decodePath(p: string): string | undefined {
  try {
    return decodeURIComponent(p);
  } catch {
    return undefined;
  }
}

/** Constant-time comparison of the caller's access token with the one of this start. */
function tokenMatches(got: string | string[] | undefined, want: string): boolean {
  if (typeof got !== 'string') return false;
  const a = Buffer.from(got);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The local gateway (loopback by default; a LAN `host` only with an `accessToken`): /health, /dev/identities, POST /fn/<function> with the
 * dev identity in `x-openid`, and signed temp URLs for stored files.
 */
export function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const max = opts.maxBodyBytes ?? 1024 * 1024;
  // own entries only: a name like `__proto__` or `constructor` must not reach Object.prototype
  const functions = new Map<string, Handler>(Object.entries(opts.functions));
  const configs = opts.configs ?? readFunctionConfigs(FUNCTIONS_ROOT);
  const now = opts.now ?? Date.now;
  // the web console's identity, as CloudBase's custom login gives it (console-auth.ts)
  const loginKey = installLocalCustomLoginKey(opts.cloud.env);
  const web = new WebSessions();
  const handle = async (req: http.IncomingMessage): Promise<Reply> => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'GET' && url.pathname === '/health') return json(200, { ok: true });
    if (req.method === 'GET' && (url.pathname === '/console' || url.pathname.startsWith('/console/'))) return serveConsole(opts.consoleDir, url.pathname);
    // signed temp URLs carry their own signature (an <image src> cannot send a header); the web
    // console's sign-in and calls carry their own credential (a ticket, then a Bearer token)
    const ownCredential = url.pathname.startsWith('/storage/') || url.pathname.startsWith('/auth/v1/') || url.pathname.startsWith('/v1/');
    if (opts.accessToken && !ownCredential && !tokenMatches(req.headers['x-access-token'], opts.accessToken)) {
      return refuse(401, 'ACCESS_TOKEN_REQUIRED', '本地云需要访问令牌：请使用 npm start 启动时打印的令牌（x-access-token）');
    }
    if (req.method === 'POST' && url.pathname.startsWith('/auth/v1/signin/')) {
      let body: { ticket?: unknown } = {};
      try {
        body = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8') || '{}') as { ticket?: unknown };
      } catch {
        return json(400, { error: 'invalid_argument', error_description: '请求不是合法的 JSON' });
      }
      const signed =
        url.pathname === '/auth/v1/signin/anonymously'
          ? web.signInAnonymously(now())
          : url.pathname === '/auth/v1/signin/custom' && typeof body.ticket === 'string'
            ? web.signInCustom(body.ticket, loginKey, now())
            : null;
      if (!signed) return json(400, { error: 'invalid_grant', error_description: '登录凭证无效或已过期' });
      return json(200, { token_type: 'Bearer', access_token: signed.token, expires_in: Math.floor((signed.identity.expiresAt - now()) / 1000), sub: signed.identity.uuid });
    }
    if (req.method === 'GET' && url.pathname === '/dev/identities') return json(200, opts.identities());
    if (req.method === 'GET' && url.pathname.startsWith('/storage/')) {
      const cloudPath = decodePath(url.pathname.slice('/storage/'.length));
      if (cloudPath === undefined) return refuse(400, 'INVALID_PATH', '文件路径无效');
      const r = opts.cloud.storage.serve(cloudPath, Number(url.searchParams.get('t')), url.searchParams.get('sign') ?? '', Date.now());
      return r.ok ? { status: 200, body: r.body, headers: { 'content-type': 'application/octet-stream' } } : refuse(r.status, 'STORAGE_DENIED', '文件不存在或链接已过期');
    }
    // /fn/<fn>: the mini-program's calls (x-openid); /v1/functions/<fn>: a web caller's (CloudBase HTTP API, a Bearer token)
    const m = /^\/(?:fn|v1\/functions)\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (!m) return refuse(404, 'NOT_FOUND', '接口不存在');
    const viaWeb = url.pathname.startsWith('/v1/');
    let webId: WebIdentity | null = null;
    if (viaWeb) {
      webId = web.lookup(req.headers.authorization, now());
      if (!webId) return json(401, { code: 'INVALID_ACCESS_TOKEN', message: '登录已失效，请重新登录' });
    }
    if (req.method !== 'POST') return refuse(405, 'METHOD_NOT_ALLOWED', '请使用 POST');
    const fn = functions.get(m[1]);
    let raw: Buffer;
    try {
      raw = await readBody(req, max);
    } catch (e) {
      if (e instanceof TooLarge) return refuse(413, 'PAYLOAD_TOO_LARGE', `请求内容过大（上限 ${Math.round(max / 1024)}KB）`);
      throw e;
    }
    if (!fn) return refuse(404, 'UNKNOWN_FUNCTION', `云函数不存在：${m[1]}`);
    let event: unknown;
    try {
      event = raw.length ? JSON.parse(raw.toString('utf8')) : {};
    } catch {
      return refuse(400, 'INVALID_JSON', '请求不是合法的 JSON');
    }
    if (!event || typeof event !== 'object' || Array.isArray(event)) return refuse(400, 'INVALID_JSON', '请求必须是 JSON 对象');
    const openid = req.headers['x-openid'];
    const name = m[1];
    const config = configs.get(name) ?? validateConfig(undefined, name);
    // a mini-program call: SOURCE wx_client, whatever the body says (a body shaped like a Timer event stays a client call)
    const who = { openid: !viaWeb && typeof openid === 'string' && openid ? openid : undefined };
    // a web caller has no openid; the platform names it in the function's context (never in the event)
    const handler: Handler = webId ? withWebContext(fn, webContextEnvironment(webId)) : fn;
    let r: InvokeResult<unknown>;
    try {
      r = await opts.cloud.invoke(handler, event as Record<string, unknown>, who, { source: viaWeb ? 'wx_http' : 'wx_client', fn: { name, config } });
    } catch (e) {
      // past config.json's timeout: answer what wx.cloud.callFunction would fail with
      if (e instanceof FunctionTimeout) return json(504, e.callFunctionFailure(), { 'x-request-id': e.requestId });
      throw e;
    }
    return json(200, r.result, { 'x-request-id': r.requestId, 'x-db-requests': String(r.dbRequests) });
  };

  const server = http.createServer((req, res) => {
    handle(req)
      .catch((e: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'gateway error', error: e instanceof Error ? e.stack : String(e) }));
        return refuse(500, 'INTERNAL', '系统开小差了，请稍后重试');
      })
      .then((r) => {
        const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(JSON.stringify(r.body));
        res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', ...r.headers, 'content-length': body.length });
        res.end(body);
      });
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const url = `http://${opts.host ?? '127.0.0.1'}:${port}`;
      opts.cloud.storage.baseUrl = url;
      resolve({
        url,
        port,
        close: () =>
          new Promise<void>((res) => {
            server.close(() => res());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** The function's entry with the web caller's context fields added, as the platform passes them. */
function withWebContext(fn: Handler, environment: string): Handler {
  return (event, context) => fn(event, { ...context, environment });
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

/** The built console (console/dist), static files only; anything outside the directory is 404. */
function serveConsole(dir: string | undefined, pathname: string): Reply {
  if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) return refuse(404, 'CONSOLE_NOT_BUILT', '管理后台尚未构建（npm run build:console）');
  if (pathname === '/console') return { status: 302, body: Buffer.alloc(0), headers: { location: '/console/' } };
  const rel = decodePath(pathname.slice('/console/'.length)) ?? '';
  const file = path.resolve(dir, rel || 'index.html');
  if (!file.startsWith(path.resolve(dir) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return refuse(404, 'NOT_FOUND', '文件不存在');
  // hashed asset names never change; index.html always revalidates
  const cache = rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  return { status: 200, body: fs.readFileSync(file), headers: { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': cache } };
}
