/**
 * Bundles every cloud function (cloudfunctions/<fn>/main.ts) with esbuild into
 * cloudfunctions/<fn>/index.js, with a package.json whose only dependency is wx-server-sdk,
 * so each folder uploads as is from WeChat DevTools.
 */
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const fnRoot = path.join(root, 'cloudfunctions');
const sdkVersion = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies['wx-server-sdk'];

export function functionNames(): string[] {
  return fs
    .readdirSync(fnRoot)
    .filter((d) => fs.existsSync(path.join(fnRoot, d, 'main.ts')))
    .sort();
}

async function buildOne(fn: string): Promise<number> {
  const dir = path.join(fnRoot, fn);
  const out = path.join(dir, 'index.js');
  await build({
    entryPoints: [path.join(dir, 'main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    // CloudBase's Node 16 runtime is the oldest one we support
    target: 'node16',
    format: 'cjs',
    external: ['wx-server-sdk'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  const pkg = { name: fn, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': sdkVersion } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  return fs.statSync(out).size;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const names = functionNames();
  const sizes = await Promise.all(names.map(buildOne));
  const summary = names.map((n, i) => `${n} ${(sizes[i] / 1024).toFixed(0)}KB`).join(', ');
  console.log(`build: ${names.length} functions in ${Date.now() - t0}ms (${summary})`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
