import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectionSpecs } from '../../core/db/schema';
import { readFunctionConfig } from '../../emulator/functions';
import { canonicalJson, indexName, type CloudState, type FunctionState } from './state';

/**
 * The desired state, read from the repo: core/db/schema.ts (collections, indexes),
 * cloudbase/security-rules.json (rules), cloudfunctions/<fn>/ (config.json, and the bundle
 * `npm run build` wrote). config.json is checked as the upload would (emulator/functions.ts).
 */
export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * SCF runtime for every function. The bundles target Node 16 (scripts/build.ts), the oldest
 * runtime we support; 18.15 is the one CloudBase's console offers by default
 * (docs.cloudbase.net/cloud-function/quick-start).
 */
export const RUNTIME = 'Nodejs18.15';
export const HANDLER = 'index.main';
/** CloudBase's default memory (manager-node configToParams: MemorySize 256). */
export const DEFAULT_MEMORY_MB = 256;
const MEMORY_SIZES = [64, 128, 256, 512, 1024, 2048, 3072];
/** The files uploaded for a function: the bundle, its one dependency, its config (open-API permissions). */
export const UPLOADED_FILES = ['index.js', 'package.json', 'config.json'];

export type DesiredOptions = {
  root?: string;
  /** subscribeMessage.send's miniprogram_state on this env (core/db/openapi.ts); `formal` unless said. */
  miniprogramState?: string;
};

export class DesiredStateError extends Error {}

export function readDesiredState(opts: DesiredOptions = {}): CloudState {
  const root = opts.root ?? ROOT;
  const rules = JSON.parse(fs.readFileSync(path.join(root, 'cloudbase', 'security-rules.json'), 'utf8')) as { database?: Record<string, unknown>; storage?: unknown };
  const collections = collectionSpecs().map((spec) => {
    const rule = rules.database?.[spec.name];
    if (rule === undefined) throw new DesiredStateError(`cloudbase/security-rules.json 缺少集合 ${spec.name} 的安全规则 / has no rule for collection ${spec.name}`);
    return {
      name: spec.name,
      indexes: spec.indexes.map((i) => ({ name: indexName(i.field), field: i.field, unique: !!i.unique })),
      rule: canonicalJson(rule),
    };
  });
  const state = opts.miniprogramState ?? 'formal';
  if (!['developer', 'trial', 'formal'].includes(state)) throw new DesiredStateError(`MINIPROGRAM_STATE 只能是 developer、trial 或 formal / must be developer, trial or formal (got ${state})`);
  return {
    collections,
    storageRule: rules.storage === undefined ? undefined : canonicalJson(rules.storage),
    functions: functionNames(root).map((fn) => desiredFunction(root, fn, { MINIPROGRAM_STATE: state })),
  };
}

export function functionNames(root: string = ROOT): string[] {
  const dir = path.join(root, 'cloudfunctions');
  return fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, 'main.ts')))
    .sort();
}

function desiredFunction(root: string, name: string, envVariables: Record<string, string>): FunctionState {
  const dir = path.join(root, 'cloudfunctions', name);
  const config = readFunctionConfig(dir);
  const raw = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { memorySize?: unknown };
  const memorySize = raw.memorySize ?? DEFAULT_MEMORY_MB;
  if (typeof memorySize !== 'number' || !MEMORY_SIZES.includes(memorySize))
    throw new DesiredStateError(`cloudfunctions/${name}/config.json: memorySize 须为 ${MEMORY_SIZES.join('/')} MB / must be one of ${MEMORY_SIZES.join(', ')}`);
  return {
    name,
    runtime: RUNTIME,
    handler: HANDLER,
    timeout: config.timeout,
    memorySize,
    codeHash: codeHash(dir),
    triggers: config.triggers.map((t) => ({ name: t.name, type: t.type, config: t.config })),
    envVariables,
    openapi: config.permissions.openapi,
  };
}

/** sha256 over the uploaded files (name and content); '' when the bundle is not built. */
export function codeHash(dir: string): string {
  if (!fs.existsSync(path.join(dir, 'index.js'))) return '';
  const h = createHash('sha256');
  for (const f of UPLOADED_FILES) {
    const file = path.join(dir, f);
    if (!fs.existsSync(file)) continue;
    h.update(`${f}\0`);
    h.update(fs.readFileSync(file));
    h.update('\0');
  }
  return h.digest('hex');
}
