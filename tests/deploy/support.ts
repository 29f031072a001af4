import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import JSZip from 'jszip';
import type { Result } from '../../core/contracts/envelope';
import { FUNCTIONS_ROOT, loadBuiltFunctions, type Handler } from '../../emulator/functions';
import type { LocalCloud } from '../../emulator/local-cloud';
import { LOCAL_SECRET } from '../../emulator/management/hooks';
import { runDeploy } from '../../scripts/deploy/main';

/** The env a deploy against the local cloud runs with (its local secret pair and env id). */
export function localEnv(cloud: LocalCloud, over: Record<string, string> = {}): Record<string, string> {
  return { TENCENTCLOUD_SECRETID: LOCAL_SECRET.secretId, TENCENTCLOUD_SECRETKEY: LOCAL_SECRET.secretKey, TENCENTCLOUD_TCB_ENVID: cloud.env, ...over };
}

export type DeployRun = { code: number; out: string; err: string };

/** Runs `npm run deploy` in process (its SDK requests reach the local cloud through emulator/management). */
export async function deploy(argv: string[], env: Record<string, string | undefined>): Promise<DeployRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDeploy(argv, env, { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Management calls that change something (everything but Describe/List/Get). */
export function writeCalls(cloud: LocalCloud, from = 0): string[] {
  return cloud.management.calls
    .slice(from)
    .filter((c) => !/^(Describe|List|Get)/.test(c.action))
    .map((c) => `${c.service}:${c.action}${c.error ? ` ${c.error}` : ''}`);
}

/** sha256 of each file of a deployed function's uploaded zip. */
export async function deployedFiles(cloud: LocalCloud, fn: string): Promise<Record<string, string>> {
  const zipBytes = cloud.management.state.code.get(fn);
  if (!zipBytes) throw new Error(`function ${fn} was not deployed`);
  const zip = await JSZip.loadAsync(zipBytes);
  const out: Record<string, string> = {};
  for (const [p, e] of Object.entries(zip.files))
    if (!e.dir)
      out[p] = createHash('sha256')
        .update(await e.async('nodebuffer'))
        .digest('hex');
  return out;
}

export function builtSha(fn: string, file = 'index.js'): string {
  return createHash('sha256')
    .update(fs.readFileSync(path.join(FUNCTIONS_ROOT, fn, file)))
    .digest('hex');
}

const built = (() => {
  let mains: Record<string, Handler> | undefined;
  return () => (mains ??= loadBuiltFunctions(FUNCTIONS_ROOT));
})();

/**
 * Calls a function as deployed: the built bundle (byte-identical to the uploaded index.js, which
 * the tests check) run with the configuration the deploy set (timeout, open-API permissions).
 */
export function deployedCaller(cloud: LocalCloud, fn: string) {
  const config = cloud.management.state.deployedConfig(fn);
  if (!config) throw new Error(`function ${fn} was not deployed`);
  const main = built()[fn];
  if (!main) throw new Error(`cloudfunctions/${fn}/index.js is not built`);
  return async <T>(openid: string | undefined, event: Record<string, unknown>): Promise<Result<T>> => (await cloud.invoke<Result<T>>(main, event, { openid }, { fn: { name: fn, config } })).result;
}
