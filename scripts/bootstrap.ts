/**
 * `npm run bootstrap`: a county's first day (docs/flows/bootstrap.md). It calls the org
 * function's `bootstrap` action, so the function writes the database as on any other day (on
 * CloudBase only functions write it: every collection's security rule denies clients).
 *
 *   npm run bootstrap -- --county 中共某某县委 --admin-name 张三 --admin-phone 13800000000 [--branch 县委组织部机关党支部]
 *
 * On a CloudBase env (the deploy's credentials: TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY,
 * optional TENCENTCLOUD_SESSIONTOKEN, TENCENTCLOUD_TCB_ENVID or `--env <id>`), through
 * @cloudbase/manager-node: it draws a one-time bootstrap code, sets it as the org function's
 * environment variable HGJ_BOOTSTRAP_CODE (updateFunctionConfig, keeping the other variables),
 * invokes `org` with `{action: 'bootstrap', code, ...}` (invokeFunction), and takes the code away
 * again, so the action is closed as soon as the county exists. Whoever holds the env's
 * management credentials may bootstrap it; a caller of the mini-program cannot (no code).
 *
 * Without credentials (or with `--local`) it bootstraps the local cloud's data directory
 * (DATA_DIR or `--data-dir`, default .localcloud/): strict mode with schema.ts's collections and
 * indexes, the org function in-process with its code set for this run. Stop `npm start` first
 * (one process owns a data directory); `npm start` then finds the county and seeds no demo.
 *
 * Running it again answers the same state (created: false) and writes nothing; the invite code
 * is shown until the first admin has bound.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import CloudBase from '@cloudbase/manager-node';
import type { Result } from '../core/contracts/envelope';
import type { BootstrapResult } from '../core/contracts/org';
import { BOOTSTRAP_CODE_ENV } from '../core/domain/org/bootstrap';
import { org } from '../core/functions/org';
import { systemClock } from '../core/runtime/clock';
import { applyLocalFunctionEnv } from '../emulator/function-env';
import { LocalCloud } from '../emulator/local-cloud';
import { applySchema } from '../emulator/schema-setup';

export type BootstrapIo = { log: (line: string) => void; error: (line: string) => void };

export type BootstrapArgs = {
  countyName?: string;
  branchName?: string;
  adminName?: string;
  adminPhone?: string;
  local: boolean;
  dataDir?: string;
  envId?: string;
  help: boolean;
};

export class UsageError extends Error {}

const USAGE = 'usage: npm run bootstrap -- --county <县委名称> --admin-name <姓名> --admin-phone <手机号> [--branch <支部名称>] [--local] [--data-dir <dir>] [--env <envId>]';

export function parseBootstrapArgs(argv: string[]): BootstrapArgs {
  const out: BootstrapArgs = { local: false, help: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} 需要一个值 / ${flag} needs a value`);
    return v;
  };
  const flags: Record<string, (v: string) => void> = {
    '--county': (v) => (out.countyName = v),
    '--branch': (v) => (out.branchName = v),
    '--admin-name': (v) => (out.adminName = v),
    '--admin-phone': (v) => (out.adminPhone = v),
    '--data-dir': (v) => (out.dataDir = v),
    '--env': (v) => (out.envId = v),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--local') out.local = true;
    else if (flag === '--help' || flag === '-h') out.help = true;
    else if (flags[flag]) flags[flag](inline ?? value(++i, flag));
    else throw new UsageError(`未知参数 / unknown argument: ${a}`);
  }
  return out;
}

/** The management credentials, as the deploy reads them; null when none are set. */
function credentials(env: Record<string, string | undefined>, envIdArg?: string) {
  const secretId = env.TENCENTCLOUD_SECRETID?.trim();
  const secretKey = env.TENCENTCLOUD_SECRETKEY?.trim();
  const envId = (envIdArg ?? env.TENCENTCLOUD_TCB_ENVID)?.trim();
  if (!secretId && !secretKey) return null;
  if (!secretId || !secretKey) throw new UsageError('TENCENTCLOUD_SECRETID 与 TENCENTCLOUD_SECRETKEY 须同时设置 / set both TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY');
  if (!envId) throw new UsageError('缺少环境 ID：设置 TENCENTCLOUD_TCB_ENVID 或传 --env <id> / no env id');
  return { secretId, secretKey, token: env.TENCENTCLOUD_SESSIONTOKEN?.trim() || undefined, envId, region: env.TENCENTCLOUD_REGION?.trim() || undefined };
}

/** A fresh one-time code: 32 characters, far past guessing within the seconds it is set. */
export const newBootstrapCode = (): string => randomBytes(24).toString('base64url');

/** Runs the bootstrap; answers the process exit code (0 done or already done, 1 refused or failed). */
export async function runBootstrap(argv: string[], env: Record<string, string | undefined>, io: BootstrapIo): Promise<number> {
  let args: BootstrapArgs;
  let creds: ReturnType<typeof credentials>;
  try {
    args = parseBootstrapArgs(argv);
    if (args.help) {
      io.log(USAGE);
      return 0;
    }
    if (!args.countyName || !args.adminName || !args.adminPhone) throw new UsageError(`缺少 --county、--admin-name 或 --admin-phone\n${USAGE}`);
    creds = args.local ? null : credentials(env, args.envId);
  } catch (e) {
    if (e instanceof UsageError) {
      io.error(e.message);
      return 1;
    }
    throw e;
  }
  const payload = { countyName: args.countyName, adminName: args.adminName, adminPhone: args.adminPhone, ...(args.branchName ? { branchName: args.branchName } : {}) };
  const code = newBootstrapCode();
  let result: Result<BootstrapResult>;
  try {
    result = creds ? await onCloudBase(creds, code, payload, io) : await onLocalCloud(path.resolve(args.dataDir ?? env.DATA_DIR ?? path.join(__dirname, '..', '.localcloud')), code, payload, io);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    io.error(`初始化失败 / bootstrap failed: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`);
    return 1;
  }
  if (!result.ok) {
    io.error(`初始化被拒绝 / refused: ${result.code} ${result.message}`);
    return 1;
  }
  report(result.data, io);
  return 0;
}

function report(d: BootstrapResult, io: BootstrapIo): void {
  io.log(d.created ? `已初始化 / bootstrapped: ${d.countyName}` : `该环境已初始化，未做改动 / already bootstrapped, nothing changed: ${d.countyName}`);
  io.log(`  县级组织 county: ${d.countyId}`);
  io.log(`  组织部支部 branch: ${d.branchName} (${d.branchId})`);
  io.log(`  默认积分规则 rules: ${d.rules.length} (${d.rules.join(', ')})`);
  if (d.inviteCode) {
    io.log(`  首位组织部管理员 first admin (${d.adminMemberId}) 尚未绑定 / not bound yet:`);
    io.log(`    在小程序“绑定党员身份”页输入邀请码 ${d.inviteCode}（或扫描内容为 ${d.qrText} 的二维码），填写初始化时登记的姓名与手机号`);
  } else io.log(`  首位组织部管理员 first admin (${d.adminMemberId}) 已绑定 / has bound`);
}

type Payload = { countyName: string; adminName: string; adminPhone: string; branchName?: string };

/** The local cloud's data directory, with the org function in-process and the code in its environment. */
async function onLocalCloud(dir: string, code: string, payload: Payload, io: BootstrapIo): Promise<Result<BootstrapResult>> {
  applyLocalFunctionEnv();
  const cloud = LocalCloud.start({ dir, strict: true });
  const saved = process.env[BOOTSTRAP_CODE_ENV];
  try {
    await applySchema(cloud);
    process.env[BOOTSTRAP_CODE_ENV] = code;
    io.log(`本地云 local cloud: ${dir}`);
    const main = org({ clock: systemClock, log: { error: (m, f) => io.error(`${m} ${JSON.stringify(f ?? {})}`), info: () => undefined } });
    return (await cloud.invoke<Result<BootstrapResult>>(main as never, { action: 'bootstrap', code, ...payload }, {})).result;
  } finally {
    if (saved === undefined) delete process.env[BOOTSTRAP_CODE_ENV];
    else process.env[BOOTSTRAP_CODE_ENV] = saved;
    await cloud.close();
  }
}

type FunctionDetail = { Environment?: { Variables?: { Key: string; Value: string }[] } };

/** A CloudBase env through the management SDK: set the code, invoke, take the code away. */
async function onCloudBase(c: NonNullable<ReturnType<typeof credentials>>, code: string, payload: Payload, io: BootstrapIo): Promise<Result<BootstrapResult>> {
  const app = new CloudBase({ secretId: c.secretId, secretKey: c.secretKey, token: c.token, envId: c.envId, region: c.region });
  const detail = (await app.functions.getFunctionDetail('org')) as unknown as FunctionDetail;
  // the function's other variables (MINIPROGRAM_STATE...) are kept; a stale code is dropped
  const rest = Object.fromEntries((detail.Environment?.Variables ?? []).filter((v) => v.Key !== BOOTSTRAP_CODE_ENV).map((v) => [v.Key, v.Value]));
  io.log(`CloudBase env ${c.envId}: setting a one-time bootstrap code on the org function`);
  await app.functions.updateFunctionConfig({ name: 'org', envVariables: { ...rest, [BOOTSTRAP_CODE_ENV]: code } });
  try {
    await app.functions.waitFunctionActive('org');
    const res = await app.functions.invokeFunction('org', { action: 'bootstrap', code, ...payload });
    if (res.ErrMsg) throw new Error(`org 云函数运行出错 / the org function failed: ${res.ErrMsg}`);
    return JSON.parse(res.RetMsg) as Result<BootstrapResult>;
  } finally {
    // the code stays only as long as this run: the action is closed again whatever happened
    await app.functions.updateFunctionConfig({ name: 'org', envVariables: rest });
    io.log('bootstrap code removed from the org function');
  }
}

if (require.main === module) {
  runBootstrap(process.argv.slice(2), process.env, { log: (l) => console.log(l), error: (l) => console.error(l) }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
