/**
 * `npm run deploy`: makes a CloudBase env match the repo (collections, indexes, security rules,
 * functions with their runtime, timeout, memory, timer triggers and open-API permissions).
 *
 *   npm run deploy                 # the plan: what would be created or changed
 *   npm run deploy -- --apply      # do it, then read everything back and show what still differs
 *
 * Credentials and the env id come only from the environment (the names manager-node itself reads):
 * TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY, optional TENCENTCLOUD_SESSIONTOKEN (temporary
 * keys), TENCENTCLOUD_TCB_ENVID (or `--env <id>`), optional TENCENTCLOUD_REGION (ap-shanghai).
 * Without credentials it prints the full plan for an empty env and exits 0. The runbook is
 * docs/operations.md.
 */
import * as path from 'node:path';
import { applyChange, connect, readActual, type Credentials, type Manager } from './cloud';
import { DesiredStateError, ROOT, readDesiredState } from './desired';
import { describeChange, formatDesired, formatPlan, formatReadBack, planChanges, type Change } from './plan';
import type { CloudState } from './state';

export type DeployIo = { log: (line: string) => void; error: (line: string) => void };

export type DeployArgs = { apply: boolean; envId?: string; help: boolean };

export class UsageError extends Error {}

export function parseDeployArgs(argv: string[]): DeployArgs {
  const out: DeployArgs = { apply: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--apply') out.apply = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--env') {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new UsageError('--env 需要一个环境 ID / --env needs an env id');
      out.envId = v;
    } else if (a.startsWith('--env=')) out.envId = a.slice('--env='.length);
    else throw new UsageError(`未知参数 / unknown argument: ${a}`);
  }
  return out;
}

/** Credentials from the environment: all of them, none of them (plan only), or a clear refusal. */
export function credentialsFrom(env: Record<string, string | undefined>, envIdArg?: string): Credentials | null {
  const secretId = env.TENCENTCLOUD_SECRETID?.trim();
  const secretKey = env.TENCENTCLOUD_SECRETKEY?.trim();
  const envId = (envIdArg ?? env.TENCENTCLOUD_TCB_ENVID)?.trim();
  if (!secretId && !secretKey) return null;
  if (!secretId || !secretKey) throw new UsageError('TENCENTCLOUD_SECRETID 与 TENCENTCLOUD_SECRETKEY 须同时设置 / set both TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY');
  if (!envId) throw new UsageError('缺少环境 ID：设置 TENCENTCLOUD_TCB_ENVID 或传 --env <id> / no env id: set TENCENTCLOUD_TCB_ENVID or pass --env <id>');
  return { secretId, secretKey, token: env.TENCENTCLOUD_SESSIONTOKEN?.trim() || undefined, envId, region: env.TENCENTCLOUD_REGION?.trim() || undefined };
}

const EMPTY: CloudState = { collections: [], functions: [] };

/** Runs the deploy; answers the process exit code (0 done or planned, 1 refused or failed). */
export async function runDeploy(argv: string[], env: Record<string, string | undefined>, io: DeployIo, root: string = ROOT): Promise<number> {
  let args: DeployArgs;
  let creds: Credentials | null;
  let desired: CloudState;
  try {
    args = parseDeployArgs(argv);
    if (args.help) {
      io.log('usage: npm run deploy [-- --apply] [--env <envId>]   (docs/operations.md)');
      return 0;
    }
    creds = credentialsFrom(env, args.envId);
    desired = readDesiredState({ root, miniprogramState: env.MINIPROGRAM_STATE });
  } catch (e) {
    if (e instanceof UsageError || e instanceof DesiredStateError) {
      io.error(e.message);
      return 1;
    }
    throw e;
  }
  const unbuilt = desired.functions.filter((f) => !f.codeHash).map((f) => f.name);

  if (!creds) {
    io.log('没有凭据：以下为空环境的完整计划 / no credentials: the full plan for an empty env');
    io.log('(set TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY and TENCENTCLOUD_TCB_ENVID to compare with a real env)');
    io.log(formatDesired(desired));
    io.log(formatPlan(planChanges(desired, EMPTY)));
    if (unbuilt.length) io.log(`not built yet (code unknown): ${unbuilt.join(', ')}; run npm run build`);
    if (args.apply) {
      io.error('--apply 需要凭据 / --apply needs credentials: nothing was changed');
      return 1;
    }
    return 0;
  }
  if (args.apply && unbuilt.length) {
    io.error(`云函数未构建 / functions not built: ${unbuilt.join(', ')}. 先运行 npm run build / run npm run build first. Nothing was changed.`);
    return 1;
  }

  const app = connect(creds);
  io.log(`env ${creds.envId}: reading its state…`);
  let actual: CloudState;
  try {
    actual = await readActual(app);
  } catch (e) {
    io.error(explain(e, creds.envId));
    io.error('未做任何变更 / nothing was changed');
    return 1;
  }
  const plan = planChanges(desired, actual);
  io.log(formatPlan(plan));
  if (!args.apply) {
    if (plan.changes.length) io.log('(plan only: run `npm run deploy -- --apply` to make these changes)');
    return plan.blockers.length ? 1 : 0;
  }
  if (plan.blockers.length) {
    io.error('有无法直接部署的差异，未做任何变更 / blocked: nothing was changed');
    return 1;
  }
  if (!plan.changes.length) return 0;

  try {
    await applyAll(app, plan.changes, path.join(root, 'cloudfunctions'), io);
  } catch (e) {
    io.error(explain(e, creds.envId));
    io.error('部分变更可能已应用，修正后重新运行即可（部署是幂等的）/ some changes may have been applied; fix the cause and run again (the deploy is idempotent)');
    return 1;
  }

  io.log('read-back (回读核对):');
  const readBack = await readActual(app);
  io.log(`  ${formatReadBack(actual, readBack)}`);
  const after = planChanges(desired, readBack);
  if (after.changes.length || after.blockers.length) {
    io.error(`the env still differs from the repo after apply:\n${formatPlan(after)}`);
    return 1;
  }
  io.log(
    `  the env matches the repo (${desired.collections.length} collections, ${desired.collections.reduce((n, c) => n + c.indexes.length, 0)} indexes, ${desired.functions.length} functions): no changes`,
  );
  return 0;
}

/** Database and rule changes one by one; each function's changes in order, functions side by side. */
async function applyAll(app: Manager, changes: Change[], functionsRoot: string, io: DeployIo): Promise<void> {
  const fnOf = (c: Change): string | undefined =>
    c.kind === 'createFunction' || c.kind === 'updateFunctionCode' || c.kind === 'updateFunctionConfig' ? c.fn.name : c.kind === 'createTrigger' || c.kind === 'deleteTrigger' ? c.fn : undefined;
  const byFn = new Map<string, Change[]>();
  for (const c of changes) {
    const fn = fnOf(c);
    if (fn === undefined) {
      await applyChange(app, c, functionsRoot);
      io.log(`  done ${describeChange(c)}`);
    } else byFn.set(fn, [...(byFn.get(fn) ?? []), c]);
  }
  await Promise.all(
    [...byFn.values()].map(async (list) => {
      for (const c of list) {
        await applyChange(app, c, functionsRoot);
        io.log(`  done ${describeChange(c)}`);
      }
    }),
  );
}

/** A failed management call as a zh/en message naming the cause (Tencent Cloud's error code). */
export function explain(e: unknown, envId: string): string {
  const err = e as { code?: string; message?: string; requestId?: string };
  const code = err.code ?? '';
  const req = err.requestId ? ` (RequestId ${err.requestId})` : '';
  if (code.startsWith('AuthFailure')) {
    return `腾讯云拒绝了凭据 / Tencent Cloud rejected the credential: ${code}: ${err.message ?? ''}${req}\n检查 TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY（及临时密钥的 TENCENTCLOUD_SESSIONTOKEN）/ check TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary keys)`;
  }
  if (code.startsWith('ResourceNotFound') || /not found/i.test(err.message ?? '')) {
    return `环境 ${envId} 不存在或不属于该账号 / env ${envId} was not found for this account: ${code} ${err.message ?? ''}${req}`;
  }
  return `部署失败 / deploy failed: ${code ? `${code}: ` : ''}${err.message ?? String(e)}${req}`;
}

if (require.main === module) {
  runDeploy(process.argv.slice(2), process.env, { log: (l) => console.log(l), error: (l) => console.error(l) }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
