import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { LocalCloud } from '../../../emulator/local-cloud';
import { runBootstrap } from '../../../scripts/bootstrap';

/**
 * `npm run bootstrap` on a local data directory: the org function's bootstrap action in-process
 * against a strict local cloud set up from schema.ts, durable, and a second run changes nothing.
 * (On CloudBase the same action is invoked through the management SDK: docs/flows/bootstrap.md.)
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hgj-bootstrap-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ARGS = ['--local', '--data-dir', dir, '--county', '中共清风县委', '--admin-name', '林秀英', '--admin-phone', '13912345678'];
async function run(argv: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runBootstrap(argv, env, { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run bootstrap (local data directory)', () => {
  it('bootstraps the county, prints the invite, and keeps it on disk; a second run changes nothing', async () => {
    const first = await run(ARGS);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toContain('已初始化 / bootstrapped: 中共清风县委');
    const invite = /输入邀请码 ([2-9A-Z]{6})/.exec(first.out)?.[1];
    expect(invite).toBeDefined();

    const second = await run(ARGS);
    expect(second.code).toBe(0);
    expect(second.out).toContain('该环境已初始化，未做改动');
    expect(second.out).toContain(`输入邀请码 ${invite}`);

    const cloud = LocalCloud.start({ dir, strict: true });
    try {
      expect(cloud.store.count('orgs', {})).toBe(2);
      expect(cloud.store.count('members', {})).toBe(1);
      expect(cloud.store.count('audit', { action: 'org.bootstrap' })).toBe(1);
      expect(cloud.store.count('orgs', { inviteCode: invite })).toBe(1);
    } finally {
      await cloud.close();
    }
  });

  it('refuses missing arguments, other names on a bootstrapped env, and half a credential, with exit code 1', async () => {
    expect(await run(['--local', '--data-dir', dir, '--county', '中共清风县委'])).toMatchObject({ code: 1, err: expect.stringContaining('--admin-phone') });
    expect(await run([...ARGS.slice(0, 4), '中共明月县委', ...ARGS.slice(5)])).toMatchObject({ code: 1, err: expect.stringContaining('CONFLICT') });
    expect(await run(ARGS.slice(3), { TENCENTCLOUD_SECRETID: 'AKIDonly' })).toMatchObject({ code: 1, err: expect.stringContaining('TENCENTCLOUD_SECRETKEY') });
    expect(await run(['--bogus'])).toMatchObject({ code: 1, err: expect.stringContaining('--bogus') });
  });
});
