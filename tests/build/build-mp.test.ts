import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isPlaceholderEnvId, resolveMpEnv } from '../../scripts/build-mp';
import { SUBSCRIBE_TEMPLATES } from '../../core/domain/subscribe-templates';

/**
 * scripts/build-mp.ts writes miniprogram/generated/env.ts, the mini-program's per-environment
 * settings. A release build must refuse what cannot work on a phone: local mode (the gateway is on
 * the developer's computer), a placeholder env id, placeholder subscribe-template ids.
 */
const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function runBuild(env: Record<string, string>, args: string[] = []): { status: number | null; out: string; file: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'build-mp-')), 'env.ts');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MP_')));
  const r = spawnSync(tsx, ['scripts/build-mp.ts', ...args], { cwd: root, env: { ...clean, ...env, MP_ENV_OUT: file }, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, file };
}

describe('npm run build:mp', () => {
  it('writes the local default without settings: local mode, the loopback gateway, the configured template ids', () => {
    const r = runBuild({});
    expect(r.status).toBe(0);
    const text = fs.readFileSync(r.file, 'utf8');
    expect(text).toContain(`mode: "local"`);
    expect(text).toContain(`localBaseUrl: "http://127.0.0.1:3210"`);
    expect(text).toContain(`claimApproved: ${JSON.stringify(SUBSCRIBE_TEMPLATES.claimApproved.id)}`);
  });

  it('writes a cloud build with the env id given', () => {
    const r = runBuild({ MP_MODE: 'cloud', MP_ENV_ID: 'hgj-prod-7gq2x1' });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(r.file, 'utf8')).toContain(`envId: "hgj-prod-7gq2x1"`);
  });

  it('refuses a release build in local mode with a clear message and writes nothing', () => {
    const r = runBuild({ MP_RELEASE: '1' });
    expect(r.status).toBe(1);
    expect(r.out).toContain('发布版本不能使用 local 模式');
    expect(fs.existsSync(r.file)).toBe(false);
  });

  it('refuses a release build (--release) whose env id is a placeholder', () => {
    const r = runBuild({ MP_MODE: 'cloud', MP_ENV_ID: 'your-env-id' }, ['--release']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('MP_ENV_ID "your-env-id" 是占位值');
    expect(fs.existsSync(r.file)).toBe(false);
  });
});

describe('resolveMpEnv', () => {
  // ids as an operator fills them in: real ones, one purpose switched off
  const realIds = Object.fromEntries(Object.keys(SUBSCRIBE_TEMPLATES).map((k, i) => [k, i === 0 ? '' : `Wq3x${k}Tmpl`]));
  it.each([
    ['dev local', {}, [], true],
    ['dev cloud', { MP_MODE: 'cloud', MP_ENV_ID: 'hgj-dev-1a2b' }, [], true],
    ['dev cloud without an env id', { MP_MODE: 'cloud' }, [], false],
    ['unknown mode', { MP_MODE: 'prod' }, [], false],
    ['release cloud, real env id, shipped placeholder template ids', { MP_MODE: 'cloud', MP_ENV_ID: 'hgj-prod-7gq2x1' }, ['--release'], false],
    ['release local', { MP_RELEASE: 'true' }, [], false],
  ] as const)('%s: accepted = %s', (_name, env, argv, ok) => {
    expect(resolveMpEnv(env, [...argv]).ok).toBe(ok);
  });

  it('names the placeholder template purposes a release refuses', () => {
    const r = resolveMpEnv({ MP_MODE: 'cloud', MP_ENV_ID: 'hgj-prod-7gq2x1', MP_RELEASE: '1' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toContain('cloudbase/subscribe-templates.json');
    // once every id is real or switched off (''), the same release passes
    const fixed = resolveMpEnv({ MP_MODE: 'cloud', MP_ENV_ID: 'hgj-prod-7gq2x1', MP_RELEASE: '1' }, [], realIds);
    expect(fixed).toMatchObject({ ok: true, value: { mode: 'cloud', envId: 'hgj-prod-7gq2x1', release: true, templateIds: realIds } });
  });

  it.each([
    ['your-env-id', true],
    ['local', true],
    ['', true],
    ['<env>', true],
    ['example-env', true],
    ['hgj-prod-7gq2x1', false],
    ['county-a-2b9f', false],
  ])('isPlaceholderEnvId(%j) = %s', (id, expected) => {
    expect(isPlaceholderEnvId(id)).toBe(expected);
  });
});
