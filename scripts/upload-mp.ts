/**
 * `npm run upload:mp`: uploads the mini-program as a development version with `miniprogram-ci`
 * (WeChat's own CI tool; README "上传"), so it can be set as the trial version and submitted for
 * review in the 公众平台.
 *
 *   MP_MODE=cloud MP_ENV_ID=hgj-prod-1a2b3c npm run build:mp -- --release
 *   MP_APPID=wx0123456789abcdef MP_PRIVATE_KEY_PATH=~/keys/private.wx0123456789abcdef.key \
 *     npm run upload:mp -- --version 1.0.0 --desc "首个县域上线版本"
 *
 * Inputs, each from an argument or the environment: --appid / MP_APPID, --key / MP_PRIVATE_KEY_PATH
 * (the upload key downloaded from 公众平台 开发管理 > 开发设置 > 小程序代码上传, with this machine's IP
 * whitelisted), --version / MP_VERSION (x.y.z), --desc / MP_DESC, optional --robot / MP_ROBOT (1-30).
 * It refuses, saying what is missing, before anything is read from the network; and it refuses a
 * package whose miniprogram/generated/env.ts is not a release build of cloud mode (build:mp).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type UploadOptions = { appid: string; privateKeyPath: string; version: string; desc: string; robot: number; projectPath: string };

const ROOT = path.resolve(__dirname, '..');
const FLAGS: Record<string, keyof Omit<UploadOptions, 'projectPath'>> = { '--appid': 'appid', '--key': 'privateKeyPath', '--version': 'version', '--desc': 'desc', '--robot': 'robot' };
const ENV: Record<keyof Omit<UploadOptions, 'projectPath'>, string> = { appid: 'MP_APPID', privateKeyPath: 'MP_PRIVATE_KEY_PATH', version: 'MP_VERSION', desc: 'MP_DESC', robot: 'MP_ROBOT' };

/** The options, or every reason (zh/en, one per line) to refuse. Pure but for checking the key file exists. */
export function parseUploadArgs(argv: string[], env: Record<string, string | undefined>, projectPath: string = ROOT): { ok: true; value: UploadOptions } | { ok: false; errors: string[] } {
  const given: Partial<Record<keyof typeof ENV, string>> = {};
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const key = FLAGS[flag];
    if (!key) {
      errors.push(`未知参数 / unknown argument: ${argv[i]}`);
      continue;
    }
    const v = inline ?? argv[++i];
    if (v === undefined || (inline === undefined && v.startsWith('--'))) errors.push(`${flag} 需要一个值 / ${flag} needs a value`);
    else given[key] = v;
  }
  const pick = (k: keyof typeof ENV) => (given[k] ?? env[ENV[k]] ?? '').trim();
  const appid = pick('appid');
  const keyPath = pick('privateKeyPath').replace(/^~(?=$|\/)/, os.homedir());
  const version = pick('version');
  const desc = pick('desc');
  const robotRaw = pick('robot') || '1';

  if (!appid) errors.push('缺少小程序 AppID：--appid 或 MP_APPID / missing the AppID: --appid or MP_APPID');
  else if (!/^wx[0-9a-f]{16}$/.test(appid)) errors.push(`AppID "${appid}" 不是小程序 AppID（wx 加 16 位十六进制）/ not a mini-program AppID (wx + 16 hex digits)`);
  if (!keyPath) errors.push('缺少上传密钥路径：--key 或 MP_PRIVATE_KEY_PATH（公众平台 开发管理 > 开发设置 > 小程序代码上传）/ missing the upload key path: --key or MP_PRIVATE_KEY_PATH');
  else if (!fs.existsSync(keyPath)) errors.push(`上传密钥文件不存在 / the upload key file does not exist: ${keyPath}`);
  if (!version) errors.push('缺少版本号：--version 或 MP_VERSION，如 1.0.0 / missing the version: --version or MP_VERSION, e.g. 1.0.0');
  else if (!/^\d+\.\d+\.\d+$/.test(version)) errors.push(`版本号 "${version}" 须为 x.y.z / the version must be x.y.z`);
  if (!desc) errors.push('缺少版本描述：--desc 或 MP_DESC / missing the description: --desc or MP_DESC');
  const robot = Number(robotRaw);
  if (!Number.isInteger(robot) || robot < 1 || robot > 30) errors.push(`--robot / MP_ROBOT 须为 1-30 / must be 1-30 (got ${robotRaw})`);
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { appid, privateKeyPath: keyPath, version, desc, robot, projectPath } };
}

/**
 * Refuses a package built for the local cloud: miniprogram/generated/env.ts must come from
 * `MP_MODE=cloud MP_ENV_ID=… npm run build:mp -- --release` (scripts/build-mp.ts).
 */
export function checkReleaseBuild(envTs: string | null): string[] {
  if (envTs === null) return ['miniprogram/generated/env.ts 不存在：先运行 MP_MODE=cloud MP_ENV_ID=<环境ID> npm run build:mp -- --release / run build:mp --release first'];
  const mode = /mode:\s*"(\w+)"/.exec(envTs)?.[1];
  const release = /release:\s*(true|false)/.exec(envTs)?.[1];
  if (mode !== 'cloud' || release !== 'true') {
    return [
      `小程序配置不是发布版本（mode ${mode ?? '?'}，release ${release ?? '?'}）：先运行 MP_MODE=cloud MP_ENV_ID=<环境ID> npm run build:mp -- --release / not a cloud release build: run build:mp --release first`,
    ];
  }
  return [];
}

async function upload(o: UploadOptions): Promise<void> {
  // loaded only here: the argument checks never touch miniprogram-ci or the network
  const ci = (await import('miniprogram-ci')) as unknown as {
    Project: new (opts: Record<string, unknown>) => unknown;
    upload: (opts: Record<string, unknown>) => Promise<{ subPackageInfo?: { name: string; size: number }[] }>;
  };
  const project = new ci.Project({
    appid: o.appid,
    type: 'miniProgram',
    projectPath: o.projectPath,
    privateKeyPath: o.privateKeyPath,
    ignores: ['node_modules/**/*', 'cloudfunctions/**/*', 'tests/**/*', 'scripts/**/*', 'core/**/*', 'emulator/**/*'],
  });
  const r = await ci.upload({ project, version: o.version, desc: o.desc, robot: o.robot, setting: { useProjectConfig: true } });
  const full = r.subPackageInfo?.find((p) => p.name === '__FULL__');
  console.log(`upload:mp: ${o.appid} ${o.version} uploaded${full ? ` (${(full.size / 1024).toFixed(0)} KB)` : ''}; set it as the trial version in 公众平台 版本管理`);
}

if (require.main === module) {
  const parsed = parseUploadArgs(process.argv.slice(2), process.env);
  const envFile = path.join(ROOT, 'miniprogram', 'generated', 'env.ts');
  const errors = [...(parsed.ok ? [] : parsed.errors), ...checkReleaseBuild(fs.existsSync(envFile) ? fs.readFileSync(envFile, 'utf8') : null)];
  if (!parsed.ok || errors.length) {
    console.error(`upload:mp 拒绝上传 / refused:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    process.exitCode = 1;
  } else {
    upload(parsed.value).catch((e: unknown) => {
      console.error(`upload:mp 上传失败 / upload failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    });
  }
}
