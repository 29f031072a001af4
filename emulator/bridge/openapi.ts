import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as QRCode from 'qrcode';

/**
 * The open-API wire format wx-server-sdk 4.0.2 uses for `cloud.openapi.*` (its webpack module
 * src/protobuf/openapi.js): the request is a protobuf CommApiData (1 apiType, 2 openapiData =
 * OpenApiData { 1 repeated KeyValuePair { 1 key, 2 value bytes: the JSON of one parameter,
 * snake_case } }, 6 appid), sent through CloudBase.prototype.callCompatibleWxOpenApi; the reply is
 * a protobuf CommOpenApiResp (1 respData bytes, 2 contentType, 3 errorCode). A non-zero errorCode
 * is a platform refusal: the SDK throws it as errCode (e.g. -604101) with errMsg
 * "system error: error code: <n>".
 */
type Reader = {
  pos: number;
  len: number;
  uint32(): number;
  int32(): number;
  string(): string;
  bytes(): Uint8Array;
  skipType(wireType: number): void;
};
type Writer = {
  uint32(v: number): Writer;
  int32(v: number): Writer;
  string(v: string): Writer;
  bytes(v: Uint8Array): Writer;
  finish(): Uint8Array;
};
type Protobuf = { Reader: { create(b: Uint8Array): Reader }; Writer: { create(): Writer } };

// the copy the SDK itself loads
const pb = require(require.resolve('protobufjs/minimal', { paths: [path.dirname(require.resolve('wx-server-sdk'))] })) as Protobuf;

/** The parameters of one open-API call, decoded back from their JSON (snake_case keys). */
export function decodeOpenApiRequest(data: Uint8Array): { appid?: string; params: Record<string, unknown> } {
  const r = pb.Reader.create(data);
  const params: Record<string, unknown> = {};
  let appid: string | undefined;
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 2) {
      const end = r.uint32() + r.pos;
      while (r.pos < end) {
        const t = r.uint32();
        if (t >>> 3 !== 1) {
          r.skipType(t & 7);
          continue;
        }
        const pairEnd = r.uint32() + r.pos;
        let key = '';
        let value: Uint8Array = new Uint8Array();
        while (r.pos < pairEnd) {
          const pt = r.uint32();
          if (pt >>> 3 === 1) key = r.string();
          else if (pt >>> 3 === 2) value = r.bytes();
          else r.skipType(pt & 7);
        }
        params[key] = JSON.parse(Buffer.from(value).toString('utf8'));
      }
    } else if (tag >>> 3 === 6) appid = r.string();
    else r.skipType(tag & 7);
  }
  return { appid, params };
}

/**
 * A CommOpenApiResp: a JSON body, bytes with their content type (an image: the SDK answers
 * `{contentType, buffer}` for anything not JSON or text), or a platform refusal code.
 */
export function encodeOpenApiResponse(reply: { json: unknown } | { body: Buffer; contentType: string } | { errorCode: number }): Buffer {
  const w = pb.Writer.create();
  if ('json' in reply) {
    w.uint32(10).bytes(Buffer.from(JSON.stringify(reply.json)));
    w.uint32(18).string('application/json; charset=utf-8');
  } else if ('body' in reply) {
    w.uint32(10).bytes(reply.body);
    w.uint32(18).string(reply.contentType);
  } else {
    w.uint32(24).int32(reply.errorCode);
  }
  return Buffer.from(w.finish());
}

/** What the local cloud answers an open-API call with: a JSON body (errcode…) or bytes (an image). */
export type OpenApiAnswer = { json: { errcode: number; errmsg: string } & Record<string, unknown> } | { body: Buffer; contentType: string };

/** The pages of miniprogram/app.json (main package and subpackages), for getUnlimited's check_path. */
function appPages(): Set<string> {
  const appJson = path.resolve(__dirname, '..', '..', 'miniprogram', 'app.json');
  const app = JSON.parse(fs.readFileSync(appJson, 'utf8')) as { pages: string[]; subPackages?: { root: string; pages: string[] }[] };
  return new Set([...app.pages, ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))]);
}

const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;

/**
 * wxacode.getUnlimited, answered offline (WeChat server API getUnlimitedQRCode / 云调用
 * wxacode.getUnlimited): checks what WeChat checks — `scene` of 1–32 visible characters of
 * `0-9A-Za-z!#$&'()*+,/:;=?@-._~` (else errcode 40169 "invalid length for scene"), `page`
 * without a leading '/' or parameters that, with `check_path` (default true), must be a page of
 * the app (miniprogram/app.json here; the published version on WeChat), else 41030 "invalid page",
 * `width` 280–1280 (default 430) — and answers an image like WeChat's buffer reply: a PNG of an
 * ordinary QR code holding the scene itself, so `wx.scanCode` (or jsQR in tests) reads the same
 * scene WeChat would pass as `onLoad({scene})`. A real 小程序码 is a round code only WeChat reads.
 */
export async function answerGetUnlimited(params: Record<string, unknown>): Promise<OpenApiAnswer> {
  const scene = typeof params.scene === 'string' ? params.scene : '';
  if (!scene || scene.length > 32 || !SCENE_CHARS.test(scene)) return { json: { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' } };
  const page = typeof params.page === 'string' ? params.page : '';
  const checkPath = params.check_path !== false;
  if (page && (page.startsWith('/') || page.includes('?') || (checkPath && !appPages().has(page)))) return { json: { errcode: 41030, errmsg: 'invalid page' } };
  const width = typeof params.width === 'number' ? params.width : 430;
  if (width < 280 || width > 1280) return { json: { errcode: 40097, errmsg: 'invalid args' } };
  return { body: qrPng(scene, width), contentType: 'image/png' };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer): number => {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer): Buffer => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/**
 * A `width`-pixel square 8-bit greyscale PNG of a QR code (qrcode's matrix, level M, a quiet
 * zone of 4 modules), written directly: pngjs, which qrcode's own PNG writer uses, takes seconds
 * per image inside jest's sandbox.
 */
function qrPng(text: string, width: number): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const scale = Math.max(1, Math.floor(width / (n + 8)));
  const offset = Math.floor((width - n * scale) / 2);
  const raw = Buffer.alloc((width + 1) * width, 255);
  for (let y = 0; y < width; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    const r = Math.floor((y - offset) / scale);
    if (y < offset || r >= n) continue;
    for (let x = offset; x < offset + n * scale; x++) {
      if (qr.modules.get(r, Math.floor((x - offset) / scale))) raw[y * (width + 1) + 1 + x] = 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(width, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, no filter method, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The open APIs the local cloud answers with more than a plain `{errcode: 0}`. */
export const BUILTIN_OPENAPI: Record<string, (params: Record<string, unknown>) => Promise<OpenApiAnswer>> = {
  'wxacode.getUnlimited': answerGetUnlimited,
};
