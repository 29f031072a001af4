import * as fs from 'node:fs';
import * as path from 'node:path';
import { CronError, parseCron } from './cron';

/**
 * A cloud function's `config.json` as WeChat DevTools uploads it: its timeout, its timer trigger
 * and the open APIs it may call. Sources: WeChat cloud guide "定时触发器" (guide/functions/
 * triggers.md: `triggers`, at most one, type `timer`, a 7-field cron) and "云调用"
 * (guide/openapi/openapi.html: `permissions.openapi`); docs.cloudbase.net function configuration
 * (timeout: default 3 s).
 */
export type TriggerConfig = { name: string; type: 'timer'; config: string };
/** A cloud function's entry, as the platform calls it: the event and the invocation context. */
export type Handler = (event: Record<string, unknown>, context: Record<string, unknown>) => Promise<unknown>;

export type FunctionConfig = { timeout: number; triggers: TriggerConfig[]; permissions: { openapi: string[] } };

/** CloudBase's default when config.json says nothing. */
export const DEFAULT_TIMEOUT_SEC = 3;
/** The longest the WeChat cloud console accepts (docs.cloudbase.net now allows 900 on CloudBase itself). */
export const MAX_TIMEOUT_SEC = 60;
const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

export class FunctionConfigError extends Error {}

/** Checks a parsed config.json the way the upload would, filling CloudBase's defaults. */
export function validateConfig(raw: unknown, fn: string): FunctionConfig {
  const bad = (why: string) => new FunctionConfigError(`cloudfunctions/${fn}/config.json: ${why}`);
  if (raw === undefined) return { timeout: DEFAULT_TIMEOUT_SEC, triggers: [], permissions: { openapi: [] } };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('not a JSON object');
  const r = raw as Record<string, unknown>;
  const timeout = r.timeout ?? DEFAULT_TIMEOUT_SEC;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT_SEC) throw bad(`timeout must be a whole number of seconds in 1-${MAX_TIMEOUT_SEC}`);
  const triggers = r.triggers ?? [];
  if (!Array.isArray(triggers)) throw bad('triggers must be an array');
  // "目前仅支持一个触发器，即数组只能填写一个"
  if (triggers.length > 1) throw bad('a function has at most one trigger');
  const out: TriggerConfig[] = [];
  for (const t of triggers as Record<string, unknown>[]) {
    if (typeof t?.name !== 'string' || !TRIGGER_NAME.test(t.name)) throw bad(`trigger name ${JSON.stringify(t?.name)} must start with a letter and use a-z A-Z 0-9 - _ (max 60)`);
    if (t.type !== 'timer') throw bad(`trigger ${t.name}: only type "timer" exists`);
    if (typeof t.config !== 'string') throw bad(`trigger ${t.name}: config must be a cron string`);
    try {
      parseCron(t.config);
    } catch (e) {
      throw bad(`trigger ${t.name}: ${e instanceof CronError ? e.message : String(e)}`);
    }
    out.push({ name: t.name, type: 'timer', config: t.config });
  }
  const perms = (r.permissions ?? {}) as Record<string, unknown>;
  const openapi = perms.openapi ?? [];
  if (!Array.isArray(openapi) || !openapi.every((a) => typeof a === 'string' && /^[A-Za-z]+\.[A-Za-z]+$/.test(a))) throw bad('permissions.openapi must list APIs like "subscribeMessage.send"');
  return { timeout, triggers: out, permissions: { openapi: openapi as string[] } };
}

/** Reads and checks `<dir>/config.json` (CloudBase's defaults when there is none). */
export function readFunctionConfig(dir: string): FunctionConfig {
  const file = path.join(dir, 'config.json');
  const raw = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown) : undefined;
  return validateConfig(raw, path.basename(dir));
}

/** Every function folder's config, by name (folders with a config.json or a built bundle). */
export function readFunctionConfigs(root: string): Map<string, FunctionConfig> {
  const out = new Map<string, FunctionConfig>();
  if (!fs.existsSync(root)) return out;
  for (const fn of fs.readdirSync(root).sort()) {
    const dir = path.join(root, fn);
    if (!fs.statSync(dir).isDirectory()) continue;
    if (!fs.existsSync(path.join(dir, 'config.json')) && !fs.existsSync(path.join(dir, 'index.js'))) continue;
    out.set(fn, readFunctionConfig(dir));
  }
  return out;
}

/** The repo's cloudfunctions/ folder (configs are kept in the repo, beside each entry). */
export const FUNCTIONS_ROOT = path.resolve(__dirname, '..', 'cloudfunctions');

/** Loads the BUILT bundles (cloudfunctions/<fn>/index.js), exactly what gets uploaded. */
export function loadBuiltFunctions(root: string): Record<string, Handler> {
  const out: Record<string, Handler> = {};
  for (const fn of fs.readdirSync(root)) {
    const file = path.join(root, fn, 'index.js');
    if (!fs.existsSync(file)) continue;
    const mod = require(path.resolve(file)) as { main?: Handler };
    if (typeof mod.main === 'function') out[fn] = mod.main;
  }
  return out;
}

/** A function as deployed: its entry and its config.json. */
export type DeployedFunction = { name: string; main: Handler; config: FunctionConfig };

/** The built bundles with their configs, as `npm start` deploys them. */
export function loadDeployedFunctions(root: string): DeployedFunction[] {
  const mains = loadBuiltFunctions(root);
  const configs = readFunctionConfigs(root);
  return Object.entries(mains)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, main]) => ({ name, main, config: configs.get(name) ?? validateConfig(undefined, name) }));
}
