import { createHash, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import JSZip from 'jszip';
import { CronError, parseCron } from '../cron';
import { FunctionConfigError, FUNCTIONS_ROOT, validateConfig, type FunctionConfig, type Handler } from '../functions';
import type { Store } from '../store/store';
import { DbError } from '../store/types';
import { verifyTc3, type SecretPair, type SignedRequest } from './signature';
import { ManagementState, type FunctionRecord } from './state';

/**
 * The Tencent Cloud management APIs the deploy (scripts/deploy) calls through
 * @cloudbase/manager-node, answered by the local cloud: tcb 2018-06-08 (env, collections and
 * indexes, security rules, function list) and scf 2018-04-16 (functions, triggers). Every request
 * is signature-checked (signature.ts) against the local secret pair first. Collections and
 * indexes are created in the local cloud's real store, so a strict local cloud then uses exactly
 * what was created. What cannot be answered faithfully is refused with UnsupportedOperation and
 * listed in docs/operations.md.
 */
type Params = Record<string, unknown>;
type Reply = Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** SCF's Node.js runtimes (cloud.tencent.com/document/product/583/11060); CloudBase offers 16.13 and up for new functions. */
const NODE_RUNTIMES = ['Nodejs10.15', 'Nodejs12.16', 'Nodejs14.18', 'Nodejs16.13', 'Nodejs18.15', 'Nodejs20.19'];
const MEMORY_SIZES = [64, 128, 256, 512, 1024, 2048, 3072];
/** An event function's longest timeout on SCF (seconds). */
const MAX_TIMEOUT_SEC = 900;
/** The ZipFile upload limit (manager-node getCodeParams: "ZipFile 上传不能大于 1.5MB"). */
const MAX_ZIP_BYTES = 1.5 * 1024 * 1024;
const APPID = '1250000000';

/** Runs a deployed function once (LocalCloud.invoke with the function's deployed config), as SCF Invoke does. */
export type InvokeDeployed = (main: Handler, event: Record<string, unknown>, fn: { name: string; config: FunctionConfig }) => Promise<{ result: unknown; requestId: string }>;

export type ManagementOptions = { store: Store; env: string; secret: SecretPair; state: ManagementState; now: () => number; invoke: InvokeDeployed };

export class ManagementApi {
  /** Every management call answered (action, whether it was refused), in order, for tests and `npm start`. */
  readonly calls: { service: string; action: string; error?: string }[] = [];

  constructor(private readonly o: ManagementOptions) {}

  get state(): ManagementState {
    return this.o.state;
  }

  /** One signed HTTP request of the SDK -> the cloud API's JSON body (`{Response: …}`). */
  async handle(req: SignedRequest): Promise<{ Response: Reply }> {
    const RequestId = randomUUID();
    const host = new URL(req.url).hostname;
    const service = host.split('.')[0];
    const action = String(Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'x-tc-action')?.[1] ?? '');
    const fail = (Code: string, Message: string) => {
      this.calls.push({ service, action, error: Code });
      return { Response: { Error: { Code, Message }, RequestId } };
    };
    // the gateway authenticates before it looks at the action
    const auth = verifyTc3(req, this.o.secret, Date.now());
    if (auth) return fail(auth.Code, auth.Message);
    const handler = HANDLERS[`${service}:${action}`];
    if (!handler) return fail('UnsupportedOperation', `the local cloud does not answer ${service} ${action} (docs/operations.md)`);
    let params: Params;
    try {
      params = (req.body ? JSON.parse(req.body) : {}) as Params;
    } catch {
      return fail('InvalidParameter', 'the request body is not JSON');
    }
    try {
      this.checkEnv(params);
      const data = await handler(this, params);
      this.calls.push({ service, action });
      return { Response: { ...data, RequestId } };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.code, e.message);
      if (e instanceof DbError) return fail('FailedOperation', e.message);
      return fail('InternalError', e instanceof Error ? e.message : String(e));
    }
  }

  /** Requests name the env (EnvId) or its function namespace (Namespace): one env per local cloud. */
  private checkEnv(p: Params): void {
    for (const k of ['EnvId', 'Namespace']) {
      const v = p[k];
      if (v !== undefined && v !== this.o.env) throw new ApiError('ResourceNotFound', `环境 ${String(v)} 不存在 / env ${String(v)} does not exist`);
    }
  }

  // ---------- env ----------

  describeEnvInfo(): Reply {
    const env = this.o.env;
    return {
      EnvInfo: {
        EnvBaseInfo: {
          EnvId: env,
          Alias: env,
          Status: 'NORMAL',
          Region: 'ap-shanghai',
          Databases: [{ InstanceId: `${env}-db`, Region: 'ap-shanghai', Status: 'RUNNING' }],
          Storages: [{ Region: 'ap-shanghai', Bucket: `${env}-${APPID}`, AppId: APPID }],
          Functions: [{ Namespace: env, Region: 'ap-shanghai' }],
          LogServices: [],
          CustomLogServices: [],
          EnvType: 'baas',
        },
        UserInfo: { AppId: APPID },
      },
    };
  }

  // ---------- database ----------

  private table(p: Params): string {
    const name = p.TableName;
    if (typeof name !== 'string' || !name) throw new ApiError('InvalidParameter', 'TableName is required');
    return name;
  }

  private mustExist(name: string): void {
    if (!this.o.store.collectionNames().includes(name)) throw new ApiError('ResourceNotFound', `collection ${name} does not exist`);
  }

  listTables(p: Params): Reply {
    const names = this.o.store.collectionNames().sort();
    const offset = Number(p.MgoOffset ?? 0);
    const limit = Number(p.MgoLimit ?? 100);
    const page = names.slice(offset, offset + limit);
    return {
      Tables: page.map((n) => ({ TableName: n, Count: this.o.store.count(n, {}), Size: 0, IndexCount: this.o.store.indexesOf(n).length + 1, IndexSize: 0 })),
      Pager: { Offset: offset, Limit: limit, Total: names.length },
    };
  }

  describeTable(p: Params): Reply {
    const name = this.table(p);
    this.mustExist(name);
    const indexes = [
      { Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: false, Size: 0, Accesses: { Ops: 0, Since: '' } },
      ...this.o.store
        .indexesOf(name)
        .map((i) => ({ Name: this.o.state.indexName(name, i.field), Keys: [{ Name: i.field, Direction: '1' }], Unique: !!i.unique, Size: 0, Accesses: { Ops: 0, Since: '' } })),
    ];
    return { Indexes: indexes, IndexNum: indexes.length };
  }

  async createTable(p: Params): Promise<Reply> {
    const name = this.table(p);
    if (this.o.store.collectionNames().includes(name)) throw new ApiError('ResourceInUse', `collection ${name} already exists`);
    await this.o.store.createCollection(name);
    return {};
  }

  /**
   * Creates (and would drop) indexes. Only single-field ascending/descending indexes exist in the
   * local store, and it cannot drop one: those requests are refused whole, before any change.
   */
  async updateTable(p: Params): Promise<Reply> {
    const name = this.table(p);
    this.mustExist(name);
    const drops = (p.DropIndexes ?? []) as { IndexName?: string }[];
    if (drops.length) throw new ApiError('UnsupportedOperation', 'the local cloud cannot drop an index (docs/operations.md)');
    const creates = (p.CreateIndexes ?? []) as { IndexName?: string; MgoKeySchema?: { MgoIndexKeys?: { Name?: string; Direction?: string }[]; MgoIsUnique?: boolean } }[];
    const specs = creates.map((c) => {
      const keys = c.MgoKeySchema?.MgoIndexKeys ?? [];
      if (!c.IndexName) throw new ApiError('InvalidParameter', 'IndexName is required');
      if (keys.length !== 1 || !keys[0].Name) throw new ApiError('UnsupportedOperation', `index ${c.IndexName}: the local cloud has single-field indexes only`);
      if (keys[0].Direction !== '1' && keys[0].Direction !== '-1')
        throw new ApiError('UnsupportedOperation', `index ${c.IndexName}: direction ${String(keys[0].Direction)} (geo, text) is not supported locally`);
      return { name: c.IndexName, field: keys[0].Name, unique: !!c.MgoKeySchema?.MgoIsUnique };
    });
    for (const s of specs) {
      // a unique index over repeated values fails to build (the store throws E11000)
      await this.o.store.createIndex(name, { field: s.field, ...(s.unique ? { unique: true } : {}) });
      this.o.state.setIndexName(name, s.field, s.name);
    }
    return {};
  }

  // ---------- security rules ----------

  describeResourcePermission(p: Params): Reply {
    if (p.ResourceType !== 'collection') throw new ApiError('UnsupportedOperation', `the local cloud keeps collection rules only, not ${String(p.ResourceType)}`);
    const have = this.o.store.collectionNames();
    const wanted = Array.isArray(p.Resources) ? (p.Resources as string[]) : have;
    const list = wanted
      .filter((c) => have.includes(c))
      .map((c) => {
        // a new collection is readable and writable by its creator only (CloudBase's default)
        const r = this.o.state.collectionRule(c) ?? { permission: 'PRIVATE' };
        return { ResourceType: 'collection', Resource: c, Permission: r.permission, ...(r.securityRule ? { SecurityRule: r.securityRule } : {}) };
      });
    return { Data: { TotalCount: list.length, PermissionList: list } };
  }

  modifyResourcePermission(p: Params): Reply {
    if (p.ResourceType !== 'collection') throw new ApiError('UnsupportedOperation', `the local cloud keeps collection rules only, not ${String(p.ResourceType)}`);
    const c = String(p.Resource ?? '');
    this.mustExist(c);
    const permission = String(p.Permission ?? '');
    if (!['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY', 'CUSTOM'].includes(permission)) throw new ApiError('InvalidParameter', `Permission ${permission}`);
    let securityRule: string | undefined;
    if (permission === 'CUSTOM') securityRule = checkRule(p.SecurityRule);
    this.o.state.setCollectionRule(c, { permission, ...(securityRule ? { securityRule } : {}) });
    return { Data: { Success: true } };
  }

  describeStorageSafeRule(): Reply {
    const r = this.o.state.storageRule() ?? { acl: 'PRIVATE' };
    return { AclTag: r.acl, ...(r.rule ? { Rule: r.rule } : {}) };
  }

  modifyStorageSafeRule(p: Params): Reply {
    const acl = String(p.AclTag ?? '');
    if (!['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY', 'CUSTOM'].includes(acl)) throw new ApiError('InvalidParameter', `AclTag ${acl}`);
    this.o.state.setStorageRule({ acl, ...(acl === 'CUSTOM' ? { rule: checkRule(p.Rule) } : {}) });
    return {};
  }

  // ---------- functions ----------

  private fnOf(p: Params): FunctionRecord {
    const f = this.o.state.fn(String(p.FunctionName ?? ''));
    if (!f) throw new ApiError('ResourceNotFound.Function', `未找到指定的Function，请创建后再试。 / function ${String(p.FunctionName)} not found`);
    return f;
  }

  listFunctions(p: Params): Reply {
    const all = this.o.state.functions();
    const offset = Number(p.Offset ?? 0);
    const limit = Number(p.Limit ?? 20);
    return {
      Functions: all.slice(offset, offset + limit).map((f) => ({ FunctionId: `lam-${f.name}`, FunctionName: f.name, Runtime: f.runtime, AddTime: f.addTime, ModTime: f.modTime, Status: 'Active' })),
      TotalCount: all.length,
    };
  }

  getFunction(p: Params): Reply {
    const f = this.fnOf(p);
    return {
      FunctionName: f.name,
      Namespace: this.o.env,
      Runtime: f.runtime,
      Handler: f.handler,
      Timeout: f.timeout,
      MemorySize: f.memorySize,
      Description: f.description,
      CodeSize: f.codeSize,
      InstallDependency: f.installDependency,
      Environment: { Variables: f.environment },
      // a timer's TriggerDesc reads back as JSON holding the cron (manager-node's getFunctionDetail example)
      Triggers: f.triggers.map((t) => ({ TriggerName: t.name, Type: t.type, TriggerDesc: JSON.stringify({ cron: t.cron }), AddTime: t.addTime, ModTime: t.addTime, Enable: 1 })),
      Status: 'Active',
      StatusDesc: '',
      AddTime: f.addTime,
      ModTime: f.modTime,
    };
  }

  async createFunction(p: Params): Promise<Reply> {
    const name = String(p.FunctionName ?? '');
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,59}$/.test(name)) throw new ApiError('InvalidParameterValue.FunctionName', `function name ${name}`);
    if (this.o.state.fn(name)) throw new ApiError('ResourceInUse.Function', `函数已存在 / function ${name} already exists`);
    const runtime = String(p.Runtime ?? '');
    if (!NODE_RUNTIMES.includes(runtime)) throw new ApiError('InvalidParameterValue.Runtime', `runtime ${runtime} is not one the local cloud runs (${NODE_RUNTIMES.join(', ')})`);
    const code = await this.readCode(p, name);
    const at = this.stamp();
    const rec: FunctionRecord = {
      name,
      runtime,
      handler: String(p.Handler ?? 'index.main'),
      timeout: 3,
      memorySize: 128,
      description: '',
      environment: [],
      triggers: [],
      installDependency: String(p.InstallDependency ?? 'FALSE'),
      addTime: at,
      modTime: at,
      ...code,
    };
    applyConfig(rec, p);
    this.o.state.putFunction(rec);
    return {};
  }

  async updateFunctionCode(p: Params): Promise<Reply> {
    const f = this.fnOf(p);
    const code = await this.readCode(p, f.name);
    this.o.state.putFunction({ ...f, ...code, handler: String(p.Handler ?? f.handler), installDependency: String(p.InstallDependency ?? f.installDependency), modTime: this.stamp() });
    return {};
  }

  updateFunctionConfiguration(p: Params): Reply {
    const f = { ...this.fnOf(p) };
    applyConfig(f, p);
    f.modTime = this.stamp();
    this.o.state.putFunction(f);
    return {};
  }

  batchCreateTrigger(p: Params): Reply {
    const f = { ...this.fnOf(p) };
    let list: { TriggerName?: string; Type?: string; TriggerDesc?: string }[];
    try {
      list = JSON.parse(String(p.Triggers ?? '[]')) as typeof list;
    } catch {
      throw new ApiError('InvalidParameterValue.Triggers', 'Triggers is not JSON');
    }
    const triggers = [...f.triggers];
    for (const t of list) {
      const name = String(t.TriggerName ?? '');
      if (t.Type !== 'timer') throw new ApiError('UnsupportedOperation', `trigger type ${String(t.Type)}: the local cloud runs timer triggers only`);
      if (!/^[A-Za-z][A-Za-z0-9_-]{0,59}$/.test(name)) throw new ApiError('InvalidParameterValue.TriggerName', `trigger name ${name}`);
      if (triggers.some((x) => x.name === name)) throw new ApiError('ResourceInUse.Trigger', `trigger ${name} already exists`);
      const cron = String(t.TriggerDesc ?? '');
      try {
        parseCron(cron);
      } catch (e) {
        throw new ApiError('InvalidParameterValue.TriggerDesc', e instanceof CronError ? e.message : String(e));
      }
      triggers.push({ name, type: 'timer', cron, addTime: this.stamp() });
    }
    this.o.state.putFunction({ ...f, triggers });
    return { Result: list.map((t) => ({ TriggerName: t.TriggerName, Type: t.Type, TriggerDesc: JSON.stringify({ cron: t.TriggerDesc }) })) };
  }

  deleteTrigger(p: Params): Reply {
    const f = this.fnOf(p);
    const name = String(p.TriggerName ?? '');
    if (!f.triggers.some((t) => t.name === name)) throw new ApiError('ResourceNotFound.Trigger', `trigger ${name} not found`);
    this.o.state.putFunction({ ...f, triggers: f.triggers.filter((t) => t.name !== name) });
    return {};
  }

  /**
   * SCF Invoke (synchronous, `RequestResponse`): runs the UPLOADED code (index.js out of the
   * function's last zip, evaluated in memory with the local cloud's wx-server-sdk) with the
   * function's deployed timeout, open-API permissions and environment variables. Environment
   * variables are process-wide in the local cloud, so they are set for the call and restored:
   * Invokes are meant one at a time (scripts, tests), not concurrently.
   */
  async invoke(p: Params): Promise<Reply> {
    const f = this.fnOf(p);
    if (p.InvocationType !== undefined && p.InvocationType !== 'RequestResponse') throw new ApiError('UnsupportedOperation', 'the local cloud runs RequestResponse invocations only');
    const main = await this.loadDeployed(f);
    let event: Record<string, unknown> = {};
    if (p.ClientContext !== undefined) {
      try {
        event = JSON.parse(String(p.ClientContext)) as Record<string, unknown>;
      } catch {
        throw new ApiError('InvalidParameterValue.ClientContext', 'ClientContext is not JSON');
      }
    }
    const saved = f.environment.map((v) => [v.Key, process.env[v.Key]] as const);
    for (const v of f.environment) process.env[v.Key] = v.Value;
    const t0 = Date.now();
    try {
      const { result, requestId } = await this.o.invoke(main, event, { name: f.name, config: this.o.state.deployedConfig(f.name)! });
      const ms = Date.now() - t0;
      return { Result: { FunctionRequestId: requestId, RetMsg: JSON.stringify(result ?? null), ErrMsg: '', InvokeResult: 0, Duration: ms, BillDuration: ms, MemUsage: 0, Log: '' } };
    } catch (e) {
      const ms = Date.now() - t0;
      const errorMessage = e instanceof Error ? e.message : String(e);
      return { Result: { FunctionRequestId: '', RetMsg: '', ErrMsg: JSON.stringify({ errorCode: -1, errorMessage }), InvokeResult: -1, Duration: ms, BillDuration: ms, MemUsage: 0, Log: '' } };
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  private readonly loaded = new Map<string, Handler>();

  private async loadDeployed(f: FunctionRecord): Promise<Handler> {
    const zipBytes = this.o.state.code.get(f.name);
    if (!zipBytes) throw new ApiError('FailedOperation', `the code of ${f.name} was uploaded before this local cloud started: deploy it again to run it`);
    const key = createHash('sha256').update(zipBytes).digest('hex');
    const cached = this.loaded.get(key);
    if (cached) return cached;
    const [file, exported] = f.handler.split('.');
    const source = await (await JSZip.loadAsync(zipBytes)).file(`${file}.js`)?.async('string');
    if (source === undefined) throw new ApiError('FailedOperation', `${file}.js is not in the uploaded code of ${f.name}`);
    // evaluated in this realm with this module's `require`, so `require('wx-server-sdk')` is the
    // very SDK instance the local cloud hooked (also under jest, whose module registry is its own)
    const filename = path.join(FUNCTIONS_ROOT, f.name, `.deployed-${key.slice(0, 12)}.js`);
    const m = { exports: {} as Record<string, unknown> };
    const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', source) as (...args: unknown[]) => void;
    wrapper(m.exports, require, m, filename, path.dirname(filename));
    const main = (m.exports as Record<string, unknown>)[exported];
    if (typeof main !== 'function') throw new ApiError('FailedOperation', `${f.handler} is not a function in the uploaded code of ${f.name}`);
    this.loaded.set(key, main as Handler);
    return main as Handler;
  }

  /**
   * The uploaded zip: kept, each file hashed, and its config.json read for the open APIs the
   * function may call. Code sent through COS (TempCosObjectName) is not answered locally.
   */
  private async readCode(p: Params, name: string): Promise<Pick<FunctionRecord, 'files' | 'codeSize' | 'openapi'>> {
    const code = (p.Code ?? {}) as { ZipFile?: string; TempCosObjectName?: string };
    if (!code.ZipFile) throw new ApiError('UnsupportedOperation', 'the local cloud takes code as Code.ZipFile only (no COS upload)');
    const zipBytes = Buffer.from(code.ZipFile, 'base64');
    if (zipBytes.length > MAX_ZIP_BYTES) throw new ApiError('InvalidParameterValue.ZipFile', 'ZipFile 上传不能大于 1.5MB');
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(zipBytes);
    } catch {
      throw new ApiError('InvalidParameterValue.ZipFile', 'Code.ZipFile is not a zip');
    }
    const files: Record<string, string> = {};
    const contents = new Map<string, Buffer>();
    for (const [path, entry] of Object.entries(zip.files)) {
      if (entry.dir) continue;
      const buf = await entry.async('nodebuffer');
      contents.set(path, buf);
      files[path] = createHash('sha256').update(buf).digest('hex');
    }
    let openapi: string[] = [];
    const cfg = contents.get('config.json');
    if (cfg) {
      try {
        openapi = validateConfig(JSON.parse(cfg.toString('utf8')), name).permissions.openapi;
      } catch (e) {
        throw new ApiError('InvalidParameterValue.Code', e instanceof FunctionConfigError ? e.message : `config.json: ${String(e)}`);
      }
    }
    this.o.state.code.set(name, zipBytes);
    return { files, codeSize: zipBytes.length, openapi };
  }

  private stamp(): string {
    return new Date(this.o.now()).toISOString().replace('T', ' ').slice(0, 19);
  }
}

/** The configuration fields CreateFunction and UpdateFunctionConfiguration share. */
function applyConfig(rec: FunctionRecord, p: Params): void {
  if (p.Timeout !== undefined) {
    const t = Number(p.Timeout);
    if (!Number.isInteger(t) || t < 1 || t > MAX_TIMEOUT_SEC) throw new ApiError('InvalidParameterValue.Timeout', `Timeout ${String(p.Timeout)} must be 1-${MAX_TIMEOUT_SEC}`);
    rec.timeout = t;
  }
  if (p.MemorySize !== undefined) {
    const m = Number(p.MemorySize);
    if (!MEMORY_SIZES.includes(m)) throw new ApiError('InvalidParameterValue.MemorySize', `MemorySize ${String(p.MemorySize)}`);
    rec.memorySize = m;
  }
  if (p.Description !== undefined) rec.description = String(p.Description);
  if (p.Environment !== undefined) {
    const vars = ((p.Environment as { Variables?: { Key?: string; Value?: string }[] }).Variables ?? []).map((v) => ({ Key: String(v.Key), Value: String(v.Value ?? '') }));
    rec.environment = vars;
  }
}

function checkRule(rule: unknown): string {
  if (typeof rule !== 'string') throw new ApiError('InvalidParameter', 'a CUSTOM rule needs SecurityRule / Rule');
  let parsed: unknown;
  try {
    parsed = JSON.parse(rule);
  } catch {
    throw new ApiError('InvalidParameter', 'the security rule is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || !('read' in parsed) || !('write' in parsed)) throw new ApiError('InvalidParameter', 'a security rule has read and write');
  return rule;
}

type ActionHandler = (api: ManagementApi, p: Params) => Reply | Promise<Reply>;

const HANDLERS: Record<string, ActionHandler> = {
  'tcb:DescribeEnvInfo': (a) => a.describeEnvInfo(),
  'tcb:ListTables': (a, p) => a.listTables(p),
  'tcb:DescribeTable': (a, p) => a.describeTable(p),
  'tcb:CreateTable': (a, p) => a.createTable(p),
  'tcb:UpdateTable': (a, p) => a.updateTable(p),
  'tcb:DescribeResourcePermission': (a, p) => a.describeResourcePermission(p),
  'tcb:ModifyResourcePermission': (a, p) => a.modifyResourcePermission(p),
  'tcb:DescribeStorageSafeRule': (a) => a.describeStorageSafeRule(),
  'tcb:ModifyStorageSafeRule': (a, p) => a.modifyStorageSafeRule(p),
  'tcb:ListFunctions': (a, p) => a.listFunctions(p),
  'scf:GetFunction': (a, p) => a.getFunction(p),
  'scf:CreateFunction': (a, p) => a.createFunction(p),
  'scf:UpdateFunctionCode': (a, p) => a.updateFunctionCode(p),
  'scf:UpdateFunctionConfiguration': (a, p) => a.updateFunctionConfiguration(p),
  'scf:BatchCreateTrigger': (a, p) => a.batchCreateTrigger(p),
  'scf:DeleteTrigger': (a, p) => a.deleteTrigger(p),
  'scf:Invoke': (a, p) => a.invoke(p),
};
