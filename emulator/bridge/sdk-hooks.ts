import * as path from 'node:path';
import { currentInvocation } from './invocation';

/**
 * The seams where the real wx-server-sdk meets the network, replaced so the local cloud
 * answers in process. Prototype patches: they cover every SDK instance, including those
 * created after this runs. See shared/notes/wx-server-sdk-internals.md.
 */
export type CloudBackend = {
  dbSend(api: string, data: unknown): Promise<Record<string, unknown>>;
  uploadFile(args: { cloudPath: string; fileContent: Buffer | NodeJS.ReadableStream }): Promise<Record<string, unknown>>;
  getTempFileURL(args: { fileList: (string | { fileID: string; maxAge?: number })[] }): Promise<Record<string, unknown>>;
  deleteFile(args: { fileList: string[] }): Promise<Record<string, unknown>>;
  downloadFile(args: { fileID: string }): Promise<Record<string, unknown>>;
  /** `cloud.openapi.*`: a protobuf request in, a protobuf reply out (bridge/openapi.ts). */
  callOpenApi(args: { apiName: string; requestData: Buffer }): Promise<Buffer>;
  env: string;
};

let backend: CloudBackend | undefined;
let installed = false;

function active(): CloudBackend {
  if (!backend) throw Object.assign(new Error('local cloud is not running'), { code: 'SYS_ERR' });
  return backend;
}

export function setBackend(b: CloudBackend | undefined): void {
  backend = b;
}

export function installSdkHooks(): void {
  if (installed) return;
  installed = true;
  // The SDK refuses to sign requests without credentials and keeps a warning timer alive.
  process.env.TENCENTCLOUD_SECRETID ??= 'local-cloud';
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local-cloud';
  process.env.SILENCE = 'true';

  const sdkDir = path.dirname(require.resolve('wx-server-sdk'));
  const nodeSdkDir = path.dirname(require.resolve('@cloudbase/node-sdk/package.json', { paths: [sdkDir] }));
  const requester = require(path.join(nodeSdkDir, 'dist/utils/tcbdbapirequester')) as {
    TcbDBApiHttpRequester: { prototype: { send: (api: string, data: unknown) => Promise<unknown> } };
  };
  requester.TcbDBApiHttpRequester.prototype.send = (api: string, data: unknown) => active().dbSend(api, data);

  const cloudbase = require(path.join(nodeSdkDir, 'dist/cloudbase')) as { CloudBase: { prototype: Record<string, unknown> } };
  const proto = cloudbase.CloudBase.prototype;
  proto.uploadFile = async (args: Parameters<CloudBackend['uploadFile']>[0], opts?: { onResponseReceived?: (r: { statusCode: number }) => void }) => {
    const r = await active().uploadFile(args);
    opts?.onResponseReceived?.({ statusCode: r.code ? 500 : 200 });
    return r;
  };
  proto.getTempFileURL = (args: Parameters<CloudBackend['getTempFileURL']>[0]) => active().getTempFileURL(args);
  proto.deleteFile = (args: Parameters<CloudBackend['deleteFile']>[0]) => active().deleteFile(args);
  proto.downloadFile = (args: Parameters<CloudBackend['downloadFile']>[0]) => active().downloadFile(args);
  // wx-server-sdk sends every cloud.openapi.* call here (provider/tcb/api/callWXOpenAPI.ts)
  proto.callCompatibleWxOpenApi = (args: Parameters<CloudBackend['callOpenApi']>[0]) => active().callOpenApi(args);

  // getWXContext reads process-wide env vars: concurrent calls would see each other's OPENID.
  // SOURCE says who invoked (wx_client, wx_trigger...): the platform sets it, a caller cannot.
  const sdk = require('wx-server-sdk') as { getWXContext: () => Record<string, string | undefined> };
  const original = sdk.getWXContext;
  sdk.getWXContext = () => {
    const inv = currentInvocation();
    if (!inv) return original();
    return { OPENID: inv.openid, APPID: inv.appid, UNIONID: inv.unionid, ENV: inv.env, SOURCE: inv.source };
  };
}
