import * as path from 'node:path';

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

/** A CommOpenApiResp: a JSON body, or a platform refusal code. */
export function encodeOpenApiResponse(reply: { json: unknown } | { errorCode: number }): Buffer {
  const w = pb.Writer.create();
  if ('json' in reply) {
    w.uint32(10).bytes(Buffer.from(JSON.stringify(reply.json)));
    w.uint32(18).string('application/json; charset=utf-8');
  } else {
    w.uint32(24).int32(reply.errorCode);
  }
  return Buffer.from(w.finish());
}
