import CloudBase from '@cloudbase/manager-node';
import JSZip from 'jszip';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UPLOADED_FILES } from './desired';
import type { Change } from './plan';
import { canonicalJson, codeHashOf, functionDescription, type CloudState, type CollectionState, type FunctionState, type IndexState, type TriggerState } from './state';

/**
 * The env side of the deploy, through Tencent's own management SDK (@cloudbase/manager-node):
 * read the actual state, apply one change. Each call names the SDK method it uses; their
 * requests (tcb 2018-06-08, scf 2018-04-16 cloud API actions) are listed in docs/operations.md.
 */
export type Credentials = { secretId: string; secretKey: string; token?: string; envId: string; region?: string };

export type Manager = CloudBase;

/** A fresh manager per run (CloudBase.init keeps a process-wide singleton, which a test would reuse). */
export function connect(c: Credentials): Manager {
  return new CloudBase({ secretId: c.secretId, secretKey: c.secretKey, token: c.token, envId: c.envId, region: c.region });
}

type IndexInfo = { Name: string; Unique?: boolean; Keys?: { Name?: string; Direction?: string }[] };

/**
 * Reads every collection (indexes, rule), the storage rule and every function of the env. The
 * first request (DescribeEnvInfo) is the one a wrong credential or env id fails, before anything
 * is read or changed.
 */
export async function readActual(app: Manager): Promise<CloudState> {
  await app.env.getEnvInfo();
  const names: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await app.database.listCollections({ MgoOffset: offset, MgoLimit: 100 });
    const got = (page.Collections ?? []).map((c) => c.CollectionName);
    names.push(...got);
    if (got.length < 100) break;
  }
  const rules = await readCollectionRules(app, names);
  const collections: CollectionState[] = [];
  for (const name of names.sort()) {
    const info = (await app.database.describeCollection(name)) as { Indexes?: IndexInfo[] };
    collections.push({ name, indexes: (info.Indexes ?? []).filter((i) => i.Name !== '_id_').map(indexState), rule: rules.get(name) });
  }
  const acl = (await app.storage.getStorageAcl({ withRule: true })) as { acl: string; rule?: unknown };
  const storageRule = acl.acl === 'CUSTOM' && acl.rule !== undefined ? canonicalJson(acl.rule) : `(${acl.acl})`;
  const envId = app.currentEnvironment().getEnvId();
  const fnNames = (await app.functions.listAllFunctions({ envId })).map((f) => f.FunctionName).sort();
  const functions: FunctionState[] = [];
  for (const name of fnNames) functions.push(functionState(name, (await app.functions.getFunctionDetail(name)) as unknown as FunctionDetail));
  return { collections, storageRule, functions };
}

function indexState(i: IndexInfo): IndexState {
  return { name: i.Name, field: i.Keys?.[0]?.Name ?? '', unique: !!i.Unique };
}

async function readCollectionRules(app: Manager, names: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // DescribeResourcePermission takes at most 100 resources a call
  for (let i = 0; i < names.length; i += 100) {
    const res = await app.permission.describeResourcePermission({ resourceType: 'collection', resources: names.slice(i, i + 100) });
    for (const p of res.Data?.PermissionList ?? []) {
      if (!p.Resource) continue;
      out.set(p.Resource, p.Permission === 'CUSTOM' && p.SecurityRule ? canonicalJson(JSON.parse(p.SecurityRule)) : `(${p.Permission ?? 'unknown'})`);
    }
  }
  return out;
}

type FunctionDetail = {
  Runtime?: string;
  Handler?: string;
  Timeout?: number;
  MemorySize?: number;
  Description?: string;
  Triggers?: { TriggerName: string; Type: string; TriggerDesc?: string }[];
  Environment?: { Variables?: { Key: string; Value: string }[] };
};

function functionState(name: string, d: FunctionDetail): FunctionState {
  return {
    name,
    runtime: d.Runtime ?? '',
    handler: d.Handler ?? '',
    timeout: d.Timeout ?? 0,
    memorySize: d.MemorySize ?? 0,
    codeHash: codeHashOf(d.Description),
    triggers: (d.Triggers ?? []).filter((t) => t.Type === 'timer').map((t) => ({ name: t.TriggerName, type: 'timer' as const, config: cronOf(t.TriggerDesc) })),
    envVariables: Object.fromEntries((d.Environment?.Variables ?? []).map((v) => [v.Key, v.Value])),
  };
}

/**
 * A timer's TriggerDesc reads back as `{"cron": "0 0 2 1 * * *"}` (GetFunction; manager-node's
 * docs, getFunctionDetail's output example); a plain cron is accepted too.
 */
export function cronOf(desc: string | undefined): string {
  if (!desc) return '';
  try {
    const parsed = JSON.parse(desc) as { cron?: unknown };
    if (typeof parsed.cron === 'string') return parsed.cron;
  } catch {
    // a plain cron expression
  }
  return desc;
}

/** The function's folder zipped as uploaded (the bundle, its package.json, its config.json), base64. */
export async function zipFunction(dir: string): Promise<string> {
  const zip = new JSZip();
  // a fixed date: the same files give the same zip
  const date = new Date(Date.UTC(2020, 0, 1));
  for (const f of UPLOADED_FILES) {
    const file = path.join(dir, f);
    if (fs.existsSync(file)) zip.file(f, fs.readFileSync(file), { date });
  }
  return zip.generateAsync({ type: 'base64', compression: 'DEFLATE' });
}

/** The configuration UpdateFunctionConfiguration sets; `vars` replaces the function's whole variable set. */
function funcConfig(fn: FunctionState, vars: Record<string, string> = fn.envVariables) {
  return {
    name: fn.name,
    description: functionDescription(fn.codeHash),
    timeout: fn.timeout,
    memorySize: fn.memorySize,
    envVariables: vars,
  };
}

function triggerConfig(t: TriggerState) {
  return { name: t.name, type: t.type, config: t.config };
}

/** Applies one change through the SDK. */
export async function applyChange(app: Manager, change: Change, functionsRoot: string): Promise<void> {
  const createIndex = (collection: string, idx: IndexState) =>
    app.database.updateCollection(collection, { CreateIndexes: [{ IndexName: idx.name, MgoKeySchema: { MgoIndexKeys: [{ Name: idx.field, Direction: '1' }], MgoIsUnique: idx.unique } }] });
  switch (change.kind) {
    case 'createCollection':
      await app.database.createCollection(change.collection);
      return;
    case 'createIndex':
      await createIndex(change.collection, change.index);
      return;
    case 'replaceIndex':
      await app.database.updateCollection(change.collection, { DropIndexes: [{ IndexName: change.was.name }] });
      await createIndex(change.collection, change.index);
      return;
    case 'setCollectionRule':
      // tcb ModifyResourcePermission: ResourceType collection, Permission CUSTOM, SecurityRule as
      // a JSON string (cloud.tencent.com/document/api/876/132255; what `tcb permission set` uses)
      await app.permission.modifyResourcePermission({ resourceType: 'collection', resource: change.collection, permission: 'CUSTOM', securityRule: change.rule });
      return;
    case 'setStorageRule':
      await app.storage.setStorageAcl('CUSTOM', JSON.parse(change.rule) as never);
      return;
    case 'createFunction': {
      const fn = change.fn;
      // createFunction waits for the function to be Active and creates its triggers (retrying)
      await app.functions.createFunction({
        func: { ...funcConfig(fn), runtime: fn.runtime, handler: fn.handler, installDependency: true, triggers: fn.triggers.map(triggerConfig) },
        base64Code: await zipFunction(path.join(functionsRoot, fn.name)),
      });
      return;
    }
    case 'updateFunctionCode': {
      const fn = change.fn;
      await app.functions.updateFunctionCode({
        func: { name: fn.name, runtime: fn.runtime, handler: fn.handler, installDependency: true, isWaitInstall: true },
        base64Code: await zipFunction(path.join(functionsRoot, fn.name)),
      });
      // the Description carries the code hash: the read-back compares it
      await app.functions.updateFunctionConfig(funcConfig(fn, change.vars));
      await app.functions.waitFunctionActive(fn.name);
      return;
    }
    case 'updateFunctionConfig':
      await app.functions.updateFunctionConfig(funcConfig(change.fn, change.vars));
      await app.functions.waitFunctionActive(change.fn.name);
      return;
    case 'createTrigger':
      await app.functions.createFunctionTriggers(change.fn, [triggerConfig(change.trigger)]);
      return;
    case 'deleteTrigger':
      await app.functions.deleteFunctionTrigger(change.fn, change.trigger.name);
      return;
  }
}
