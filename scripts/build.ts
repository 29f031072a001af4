/**
 * Bundles every cloud function (cloudfunctions/<fn>/main.ts) with esbuild into
 * cloudfunctions/<fn>/index.js, with a package.json whose only dependency is wx-server-sdk,
 * so each folder uploads as is from WeChat DevTools.
 *
 * Minified, with keepNames: function and class names survive, so the stack a failed call logs
 * (one JSON line, see core/runtime/logger.ts) still reads `at importMembers (index.js:1:…)`
 * without a source map that would have to be kept beside each deployed version. Budgets per
 * bundle: scripts/size.ts (`npm run size`, tests/build/bundle-size.test.ts).
 */
import { build, type Metafile } from 'esbuild';
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
  const result = await build({
    entryPoints: [path.join(dir, 'main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    // CloudBase's Node 16 runtime is the oldest one we support
    target: 'node16',
    format: 'cjs',
    external: ['wx-server-sdk'],
    legalComments: 'none',
    minify: true,
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
  });
  assertOnlyEnglishZodLocale(fn, result.metafile);
  const pkg = { name: fn, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': sdkVersion } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  return fs.statSync(out).size;
}

/**
 * zod registers its English messages by itself and our messages are zh-CN (core/runtime/
 * validation.ts), so no other zod locale belongs in a bundle. `import { z } from 'zod'` makes
 * esbuild keep the whole `z` namespace object, `z.locales` (every language) included;
 * `import * as z from 'zod'` lets it keep only what is used (openai/openai-node#1703).
 */
function assertOnlyEnglishZodLocale(fn: string, meta: Metafile): void {
  const inOutput = Object.values(meta.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([f]) => f),
  );
  const locales = inOutput.filter((f) => /node_modules\/zod\/.*locales\/(?!en\.js$)[^/]+\.js$/.test(f));
  if (locales.length) {
    throw new Error(`${fn}: bundles ${locales.length} zod locales (${locales[0]} …): import zod as \`import * as z from 'zod'\`, not \`import { z } from 'zod'\``);
  }
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
