/**
 * Cold `require` time of each built cloud function bundle (cloudfunctions/<fn>/index.js): every
 * run is a fresh Node process that requires wx-server-sdk, then the bundle, timing each with
 * process.hrtime; the figure per function is the median over the runs, after one warm-up run per
 * bundle that fills the OS file cache. "total" is sdk + bundle, what a cold instance pays before
 * the first event; "own" is the bundle alone with the SDK already loaded. Node's own start-up
 * (the same for every bundle) is not counted. Run `npm run build` first.
 *
 *   tsx scripts/bench/coldstart.ts [root ...]    default root: this repo; RUNS=15
 *
 * Several roots (for example a build of an older commit in a git worktree) are measured
 * interleaved, run by run, so load on the machine hits them alike. Last line: per root, each
 * function's median own time and, in brackets, its median total, in ms.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const RUNS = Number(process.env.RUNS ?? 15);

type Sample = { sdk: number; own: number };

// Runs in the child: no TypeScript, nothing loaded before the two requires.
const CHILD = `
const t0 = process.hrtime.bigint();
require(process.argv[1]);
const t1 = process.hrtime.bigint();
require(process.argv[2]);
const t2 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({ sdk: Number(t1 - t0) / 1e6, own: Number(t2 - t1) / 1e6 }));
`;

function bundlesOf(root: string): { fn: string; file: string; bytes: number }[] {
  const dir = path.join(root, 'cloudfunctions');
  return fs
    .readdirSync(dir)
    .map((fn) => ({ fn, file: path.join(dir, fn, 'index.js') }))
    .filter((b) => fs.existsSync(b.file))
    .map((b) => ({ ...b, bytes: fs.statSync(b.file).size }))
    .sort((a, b) => a.fn.localeCompare(b.fn));
}

function once(file: string): Sample {
  const sdk = require.resolve('wx-server-sdk', { paths: [path.dirname(file)] });
  const r = spawnSync(process.execPath, ['-e', CHILD, sdk, file], { cwd: path.dirname(file), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${file}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Sample;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main(): void {
  const roots = (process.argv.length > 2 ? process.argv.slice(2) : [path.join(__dirname, '..', '..')]).map((r) => path.resolve(r));
  const targets = roots.flatMap((root) => bundlesOf(root).map((b) => ({ root, ...b })));
  for (const root of roots) if (!targets.some((t) => t.root === root)) throw new Error(`${root}: no built bundles (npm run build)`);
  const samples = new Map<string, Sample[]>(targets.map((t) => [t.file, []]));
  for (const t of targets) once(t.file);
  for (let i = 0; i < RUNS; i++) for (const t of targets) samples.get(t.file)!.push(once(t.file));

  const last: string[] = [];
  for (const root of roots) {
    console.log(`${root} (median of ${RUNS} fresh processes, ms)`);
    console.log('  function     size KB     sdk     own   total');
    const figures: string[] = [];
    for (const t of targets.filter((x) => x.root === root)) {
      const s = samples.get(t.file)!;
      const sdk = median(s.map((x) => x.sdk));
      const own = median(s.map((x) => x.own));
      const total = median(s.map((x) => x.sdk + x.own));
      console.log(`  ${t.fn.padEnd(10)} ${(t.bytes / 1024).toFixed(0).padStart(9)} ${sdk.toFixed(1).padStart(7)} ${own.toFixed(1).padStart(7)} ${total.toFixed(1).padStart(7)}`);
      figures.push(`${t.fn} ${own.toFixed(0)} (${total.toFixed(0)})`);
    }
    last.push(`${roots.length > 1 ? `${path.basename(root)}: ` : ''}${figures.join(' · ')}`);
  }
  console.log(`cold require ms, median of ${RUNS}: bundle (with wx-server-sdk) ${last.join(' | ')}`);
}

main();
