import { describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkReleaseBuild, parseUploadArgs } from '../../scripts/upload-mp';

/** npm run upload:mp: its argument handling only (the upload itself needs WeChat's servers). */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-mp-'));
const key = path.join(dir, 'private.wx0123456789abcdef.key');
fs.writeFileSync(key, '-----BEGIN RSA PRIVATE KEY-----\n');
const APPID = 'wx0123456789abcdef';

describe('npm run upload:mp arguments', () => {
  it('takes appid, key, version and description from arguments, or else the environment', () => {
    const r = parseUploadArgs(['--version', '1.2.3', '--desc=首个县域版本'], { MP_APPID: APPID, MP_PRIVATE_KEY_PATH: key, MP_VERSION: '9.9.9' }, '/proj');
    expect(r).toEqual({ ok: true, value: { appid: APPID, privateKeyPath: key, version: '1.2.3', desc: '首个县域版本', robot: 1, projectPath: '/proj' } });
    const fromEnv = parseUploadArgs([], { MP_APPID: APPID, MP_PRIVATE_KEY_PATH: key, MP_VERSION: '1.0.0', MP_DESC: 'd', MP_ROBOT: '3' });
    expect(fromEnv.ok && fromEnv.value.robot).toBe(3);
  });

  it('refuses, naming every missing input in zh and en', () => {
    const r = parseUploadArgs([], {});
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors).toHaveLength(4);
    expect(errors.join('\n')).toContain('缺少小程序 AppID：--appid 或 MP_APPID');
    expect(errors.join('\n')).toContain('missing the upload key path');
    expect(errors.join('\n')).toContain('缺少版本号');
    expect(errors.join('\n')).toContain('缺少版本描述');
  });

  it('refuses a malformed appid, a key file that is not there, a bad version, robot or flag', () => {
    const r = parseUploadArgs(['--appid', 'touristappid', '--key', path.join(dir, 'nope.key'), '--version', 'v1', '--desc', 'x', '--robot', '31', '--force'], {});
    const text = r.ok ? '' : r.errors.join('\n');
    expect(text).toContain('AppID "touristappid" 不是小程序 AppID');
    expect(text).toContain('上传密钥文件不存在');
    expect(text).toContain('版本号 "v1" 须为 x.y.z');
    expect(text).toContain('须为 1-30');
    expect(text).toContain('未知参数 / unknown argument: --force');
    expect(parseUploadArgs(['--desc'], { MP_APPID: APPID, MP_PRIVATE_KEY_PATH: key, MP_VERSION: '1.0.0' })).toEqual({
      ok: false,
      errors: ['--desc 需要一个值 / --desc needs a value', expect.stringContaining('缺少版本描述')],
    });
  });

  it('refuses a package not built as a cloud release (build:mp --release)', () => {
    expect(checkReleaseBuild(null)[0]).toContain('env.ts 不存在');
    expect(checkReleaseBuild("export const MP_ENV = {\n  mode: \"local\" as 'local' | 'cloud',\n  release: false,\n};")[0]).toContain('不是发布版本（mode local，release false）');
    expect(checkReleaseBuild('export const MP_ENV = {\n  mode: "cloud" as \'local\' | \'cloud\',\n  envId: "hgj-prod-1a2b",\n  release: true,\n};')).toEqual([]);
  });
});
