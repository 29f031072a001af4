import { describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The real start path in a fresh Node process: scripts/start.ts loads the BUILT bundles
 * (cloudfunctions/<fn>/index.js, as uploaded) and serves them. `npm test` builds first.
 */
const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

type Started = { proc: ChildProcess; url: string; output: () => string; exited: Promise<number | null> };

function start(dataDir: string): Promise<Started> {
  const proc = spawn(tsx, ['scripts/start.ts'], { cwd: root, env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_SILENT: '1' } });
  let out = '';
  const exited = new Promise<number | null>((res) => proc.on('exit', (code) => res(code)));
  return new Promise((resolve, reject) => {
    // a liveness guard, not a performance target (start-up takes about 6 s here; benchmarks measure speed)
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /local cloud: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], output: () => out, exited });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (b: Buffer) => (out += b.toString()));
    proc.on('exit', () => reject(new Error(`exited early:\n${out}`)));
  });
}

describe('npm start (built bundles in a fresh process)', () => {
  it('bundles each function with wx-server-sdk as its only dependency', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'cloudfunctions/auth/package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).toEqual(['wx-server-sdk']);
    const bundle = fs.readFileSync(path.join(root, 'cloudfunctions/auth/index.js'), 'utf8');
    expect(bundle).toContain('require("wx-server-sdk")');
    expect(bundle).not.toMatch(/require\("(zod|dayjs|\.\.?\/)/);
  });

  it('answers /health, serves auth.me from the bundle, stops cleanly on SIGINT and keeps data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hgj-start-'));
    const a = await start(dir);
    try {
      expect(await (await fetch(a.url + '/health')).json()).toEqual({ ok: true });
      expect(a.output()).toContain('seeded the demo county');
      const me = await fetch(a.url + '/fn/auth', { method: 'POST', headers: { 'x-openid': 'demo-admin-county' }, body: JSON.stringify({ action: 'me' }) });
      expect(await me.json()).toMatchObject({ ok: true, data: { roles: [{ role: 'countyAdmin', orgId: 'county' }] } });
    } finally {
      a.proc.kill('SIGINT');
    }
    expect(await a.exited).toBe(0);
    expect(a.output()).toContain('stopped cleanly');

    const b = await start(dir);
    try {
      expect(b.output()).not.toContain('seeded the demo county');
      const ids = (await (await fetch(b.url + '/dev/identities')).json()) as unknown[];
      expect(ids.length).toBeGreaterThanOrEqual(5);
    } finally {
      b.proc.kill('SIGINT');
      await b.exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
