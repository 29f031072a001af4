import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { handleDbRequest, type DbRequest } from './bridge/db-api';
import { Faults, UncodedFault } from './bridge/faults';
import { invocations, type Invocation, type InvocationSource } from './bridge/invocation';
import { BUILTIN_OPENAPI, decodeOpenApiRequest, encodeOpenApiResponse } from './bridge/openapi';
import { installSdkHooks, setBackend, type CloudBackend } from './bridge/sdk-hooks';
import { FileStorage } from './bridge/storage';
import { ManagementApi } from './management/api';
import { installManagementHooks, LOCAL_SECRET, setManagementBackend } from './management/hooks';
import type { SecretPair } from './management/signature';
import { ManagementState } from './management/state';
import type { FunctionConfig, Handler } from './functions';
import { Store } from './store/store';
import { DbError, type CollectionSpec } from './store/types';

export type { Handler };

export type LocalCloudOptions = {
  /** Data directory (journal, snapshot, storage). Without it everything lives in memory. */
  dir?: string;
  /**
   * Strict (as CloudBase): no collection or index exists until a setup step creates it
   * (`applySchema`, emulator/schema-setup.ts); a missing collection is -502005. Otherwise
   * `collections` are created, with their indexes, at start.
   */
  strict?: boolean;
  collections?: CollectionSpec[];
  env?: string;
  appid?: string;
  /** Clock for serverDate and temp URL expiry. */
  now?: () => number;
  log?: (msg: string) => void;
  compactBytes?: number;
  /** A transaction's lifetime (CloudBase: 30 s); tests shorten it. */
  txnLifetimeMs?: number;
  /** The secret pair management calls (`npm run deploy`) must be signed with (default LOCAL_SECRET). */
  managementSecret?: SecretPair;
};

export type Identity = { openid?: string; unionid?: string };

/**
 * A deployed function ran past its config.json timeout. SCF ends it with "Invoking task timed out
 * after N seconds" (errorCode -1, statusCode 433 in the function's log: TencentCloud issue reports,
 * e.g. trojblue/TSDM-coin-farmer#7); a mini-program caller's wx.cloud.callFunction fails with
 * errCode -504003 and `cloud.callFunction:fail Error: errCode: -504003  | errMsg: Invoking task
 * timed out after 3 seconds` (reported in Mint-green/UnlearnableWord#10).
 */
export class FunctionTimeout extends Error {
  readonly errCode = -504003;
  readonly errMsg: string;
  constructor(
    readonly timeoutSec: number,
    readonly requestId: string,
  ) {
    super(`Invoking task timed out after ${timeoutSec} seconds`);
    this.errMsg = this.message;
  }

  /** What the mini-program's wx.cloud.callFunction fails with (the SDK's CloudSDKError text). */
  callFunctionFailure(): { errCode: number; errMsg: string } {
    return { errCode: this.errCode, errMsg: `cloud.callFunction:fail Error: errCode: ${this.errCode}  | errMsg: ${this.errMsg}` };
  }
}

export type InvokeResult<T> = { result: T; requestId: string; dbRequests: number };

/** One `cloud.openapi.*` call as the local cloud answered it (errCode 0: done; -604101: refused). */
export type OpenApiCall = { api: string; params: Record<string, unknown>; fn?: string; source?: string; requestId?: string; at: number; errCode: number };
/** A scripted WeChat answer to an open API (default `{errcode: 0, errmsg: 'ok'}`). */
export type OpenApiReply = (params: Record<string, unknown>) => { errcode: number; errmsg: string; [k: string]: unknown };

/**
 * Files per getTempFileURL / deleteFile call: "一次最多取 50 个" (Cloud.getTempFileURL reference).
 * More is refused whole: getTempFileURL answers INVALID_PARAM "Invalid request param"
 * (TencentCloud/tcb-sdk-php#1), deleteFile "Cannot operate more than 50 files one time"
 * (TencentCloudBase/cloudbase-manager-node#28).
 */
export const MAX_FILES_PER_CALL = 50;

/** How many open-API calls `openApiCalls` keeps (the oldest tenth goes when it is full). */
const OPENAPI_LOG_MAX = 10_000;

/** "function has no permission to call this API" (wx-server-sdk ERR_CODE; WeChat guide 云调用). */
export const OPENAPI_NO_PERMISSION = -604101;

/** How an invocation was started and which deployed function it runs. */
export type InvokeOptions = {
  /** getWXContext().SOURCE; a mini-program call (`wx_client`) unless said otherwise. */
  source?: InvocationSource;
  fn?: { name: string; config: FunctionConfig };
};

/**
 * The event a timer trigger sends (Tencent SCF "触发器事件消息结构汇总", Timer:
 * `{"Type":"Timer","TriggerName":"EveryDay","Time":"2019-02-21T11:49:00Z","Message":"..."}`).
 * WeChat's config.json has no message, so Message is empty.
 */
export function timerEvent(triggerName: string, at: number | Date): Record<string, unknown> {
  const ms = at instanceof Date ? at.getTime() : at;
  return { Type: 'Timer', TriggerName: triggerName, Time: new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' };
}

/**
 * The local cloud: the real wx-server-sdk with its database and storage requests answered
 * by an embedded, durable store. One is active per process (the SDK hooks are process-wide).
 */
export class LocalCloud {
  readonly faults = new Faults();
  readonly metrics = { dbRequests: 0, invocations: 0 };
  /**
   * Every open-API call (subscribe messages...), answered here instead of by WeChat, in order.
   * A function may call only the APIs its config.json lists in `permissions.openapi`.
   */
  readonly openApiCalls: OpenApiCall[] = [];
  /** Scripted answers by API name, e.g. a member who did not subscribe (43101). */
  readonly openApiReplies = new Map<string, OpenApiReply>();
  readonly storage: FileStorage;
  readonly env: string;
  /** Tencent Cloud's management APIs (the deploy's), answered from this cloud (emulator/management). */
  readonly management: ManagementApi;
  private readonly now: () => number;

  private constructor(
    readonly store: Store,
    private readonly opts: LocalCloudOptions,
  ) {
    this.env = opts.env ?? 'local';
    this.now = opts.now ?? Date.now;
    this.storage = new FileStorage(this.env, opts.dir ? path.join(opts.dir, 'storage') : undefined);
    this.management = new ManagementApi({
      store,
      env: this.env,
      secret: opts.managementSecret ?? LOCAL_SECRET,
      state: new ManagementState(opts.dir),
      now: this.now,
      // an SCF Invoke through the management API: no WeChat user, the platform's `scf` source
      invoke: (main, event, fn) => this.invoke(main, event, {}, { source: 'scf', fn }),
    });
  }

  static start(opts: LocalCloudOptions = {}): LocalCloud {
    if (opts.strict && opts.collections) throw new Error('a strict local cloud creates no collections at start: run applySchema (emulator/schema-setup.ts) instead');
    installSdkHooks();
    const store = Store.open({ dir: opts.dir, collections: opts.collections, log: opts.log, compactBytes: opts.compactBytes, txnLifetimeMs: opts.txnLifetimeMs });
    const cloud = new LocalCloud(store, opts);
    setBackend(cloud.backend());
    installManagementHooks();
    setManagementBackend(cloud.management);
    return cloud;
  }

  /** Runs a cloud function's handler as one invocation with its own WX context. */
  async invoke<T = unknown>(handler: Handler, event: Record<string, unknown>, who: Identity = {}, opts: InvokeOptions = {}): Promise<InvokeResult<T>> {
    const inv: Invocation = {
      openid: who.openid,
      unionid: who.unionid,
      appid: this.opts.appid ?? 'wx-local-appid',
      env: this.env,
      source: opts.source ?? 'wx_client',
      fn: opts.fn?.name,
      openapi: opts.fn?.config.permissions.openapi,
      requestId: randomUUID(),
      dbRequests: 0,
    };
    this.metrics.invocations++;
    const context = { request_id: inv.requestId, function_version: '$LATEST', environ: '' };
    const running = invocations.run(inv, () => handler(event, context)) as Promise<T>;
    // a deployed function runs at most its config.json timeout, then CloudBase stops it
    const timeoutSec = opts.fn?.config.timeout;
    if (timeoutSec === undefined) return { result: await running, requestId: inv.requestId, dbRequests: inv.dbRequests };
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        inv.timedOut = true;
        reject(new FunctionTimeout(timeoutSec, inv.requestId));
      }, timeoutSec * 1000);
    });
    try {
      const result = await Promise.race([running, expired]);
      return { result, requestId: inv.requestId, dbRequests: inv.dbRequests };
    } finally {
      clearTimeout(timer);
      // the handler keeps running in Node, but its later requests fail (the instance is gone)
      running.catch(() => undefined);
    }
  }

  /**
   * Fires a timer trigger as CloudBase does: no user, SOURCE `wx_trigger`, the Timer event. The
   * scheduler calls this on the cron; tests call it to fire a named trigger at a chosen time.
   */
  fireTimer<T = unknown>(handler: Handler, triggerName: string, at: number | Date, fn?: InvokeOptions['fn']): Promise<InvokeResult<T>> {
    return this.invoke<T>(handler, timerEvent(triggerName, at), {}, { source: 'wx_trigger', fn });
  }

  async close(): Promise<void> {
    await this.store.close();
    setBackend(undefined);
    setManagementBackend(undefined);
  }

  private backend(): CloudBackend {
    const wrap = (e: unknown, requestId: string): Error => {
      // an injected network failure reaches the SDK as it would: no code at all
      if (e instanceof UncodedFault) return e;
      const code = e instanceof DbError ? e.code : 'SYS_ERR';
      const message = e instanceof Error ? e.message : String(e);
      return Object.assign(new Error(message), { code, message, requestId });
    };
    return {
      env: this.env,
      dbSend: async (api, data) => {
        const requestId = randomUUID();
        const inv = invocations.getStore();
        if (inv?.timedOut) throw new UncodedFault(`the invocation ${inv.requestId} timed out: its instance no longer runs`);
        if (inv) inv.dbRequests++;
        this.metrics.dbRequests++;
        const req = (data ?? {}) as DbRequest;
        try {
          await this.faults.before(api, req.collectionName);
          const reply = await handleDbRequest(this.store, api, req, this.now());
          return { ...reply, requestId };
        } catch (e) {
          throw wrap(e, requestId);
        }
      },
      uploadFile: async ({ cloudPath, fileContent }) => {
        const requestId = randomUUID();
        await this.faults.before('storage.uploadFile', undefined);
        const buf = Buffer.isBuffer(fileContent) ? fileContent : await readAll(fileContent);
        return { fileID: this.storage.put(cloudPath, buf), requestId };
      },
      getTempFileURL: async ({ fileList }) => {
        const requestId = randomUUID();
        await this.faults.before('storage.getTempFileURL', undefined);
        if (fileList.length > MAX_FILES_PER_CALL) return { code: 'INVALID_PARAM', message: 'Invalid request param', requestId };
        const list = fileList.map((f) => {
          const fileID = typeof f === 'string' ? f : f.fileID;
          const maxAge = typeof f === 'string' ? 86400 : (f.maxAge ?? 86400);
          const p = this.storage.pathOf(fileID);
          if (!p || !this.storage.get(p)) return { fileID, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '', maxAge };
          return { fileID, code: 'SUCCESS', tempFileURL: this.storage.tempUrl(p, maxAge, this.now()), maxAge };
        });
        return { fileList: list, requestId };
      },
      deleteFile: async ({ fileList }) => {
        const requestId = randomUUID();
        await this.faults.before('storage.deleteFile', undefined);
        if (fileList.length > MAX_FILES_PER_CALL) return { code: 'INVALID_PARAM', message: 'Cannot operate more than 50 files one time', requestId };
        const list = fileList.map((fileID) => {
          const p = this.storage.pathOf(fileID);
          return { fileID, code: p && this.storage.delete(p) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
        });
        return { fileList: list, requestId };
      },
      callOpenApi: async ({ apiName, requestData }) => {
        const inv = invocations.getStore();
        if (inv?.timedOut) throw new UncodedFault(`the invocation ${inv.requestId} timed out: its instance no longer runs`);
        await this.faults.before(`openapi.${apiName}`, undefined);
        const { params } = decodeOpenApiRequest(requestData);
        const call: OpenApiCall = { api: apiName, params, fn: inv?.fn, source: inv?.source, requestId: inv?.requestId, at: this.now(), errCode: 0 };
        // a long-running `npm start` keeps the latest calls only
        if (this.openApiCalls.length >= OPENAPI_LOG_MAX) this.openApiCalls.splice(0, OPENAPI_LOG_MAX / 10);
        this.openApiCalls.push(call);
        // the platform checks the calling function's declared permissions first
        if (!(inv?.openapi ?? []).includes(apiName)) {
          call.errCode = OPENAPI_NO_PERMISSION;
          return encodeOpenApiResponse({ errorCode: OPENAPI_NO_PERMISSION });
        }
        const scripted = this.openApiReplies.get(apiName)?.(params);
        // an API answered with bytes (wxacode.getUnlimited's image) unless a test scripts a reply
        const builtin = !scripted && BUILTIN_OPENAPI[apiName] ? await BUILTIN_OPENAPI[apiName](params) : null;
        if (builtin && 'body' in builtin) return encodeOpenApiResponse(builtin);
        const reply = scripted ?? builtin?.json ?? { errcode: 0, errmsg: 'ok' };
        call.errCode = reply.errcode;
        return encodeOpenApiResponse({ json: reply });
      },
      downloadFile: async ({ fileID }) => {
        const requestId = randomUUID();
        await this.faults.before('storage.downloadFile', undefined);
        const p = this.storage.pathOf(fileID);
        const body = p ? this.storage.get(p) : undefined;
        if (!body) return { code: 'STORAGE_FILE_NONEXIST', message: `file ${fileID} does not exist`, requestId };
        return { fileContent: body, requestId };
      },
    };
  }
}

async function readAll(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks);
}
