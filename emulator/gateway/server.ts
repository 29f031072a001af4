import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FUNCTIONS_ROOT, readFunctionConfigs, validateConfig, type FunctionConfig } from '../functions';
import { FunctionTimeout, type Handler, type InvokeResult, type LocalCloud } from '../local-cloud';

export type GatewayOptions = {
  cloud: LocalCloud;
  functions: Record<string, Handler>;
  /** Each function's config.json (timeout, open-API permissions); by default the repo's cloudfunctions/. */
  configs?: Map<string, FunctionConfig>;
  identities: () => unknown;
  host?: string;
  port?: number;
  /** Request bodies above this are refused with 413 (WeChat caps callFunction payloads too). */
  maxBodyBytes?: number;
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

/**
 * The local gateway (loopback only): /health, /dev/identities, POST /fn/<function> with the
 * dev identity in `x-openid`, and signed temp URLs for stored files.
 */
export function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const max = opts.maxBodyBytes ?? 1024 * 1024;
  // own entries only: a name like `__proto__` or `constructor` must not reach Object.prototype
  const functions = new Map<string, Handler>(Object.entries(opts.functions));
  const configs = opts.configs ?? readFunctionConfigs(FUNCTIONS_ROOT);
  const handle = async (req: http.IncomingMessage): Promise<Reply> => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'GET' && url.pathname === '/health') return json(200, { ok: true });
    if (req.method === 'GET' && url.pathname === '/dev/identities') return json(200, opts.identities());
    if (req.method === 'GET' && url.pathname.startsWith('/storage/')) {
      const cloudPath = decodePath(url.pathname.slice('/storage/'.length));
      if (cloudPath === undefined) return refuse(400, 'INVALID_PATH', '文件路径无效');
      const r = opts.cloud.storage.serve(cloudPath, Number(url.searchParams.get('t')), url.searchParams.get('sign') ?? '', Date.now());
      return r.ok ? { status: 200, body: r.body, headers: { 'content-type': 'application/octet-stream' } } : refuse(r.status, 'STORAGE_DENIED', '文件不存在或链接已过期');
    }
    const m = /^\/fn\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (!m) return refuse(404, 'NOT_FOUND', '接口不存在');
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
    const who = { openid: typeof openid === 'string' && openid ? openid : undefined };
    let r: InvokeResult<unknown>;
    try {
      r = await opts.cloud.invoke(fn, event as Record<string, unknown>, who, { source: 'wx_client', fn: { name, config } });
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
