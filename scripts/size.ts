/**
 * Cloud function bundles: cloudfunctions/<fn>/index.js as `npm run build` leaves it (what is
 * uploaded), each against its budget: FUNCTION_BUDGET_KB, or its own line in FUNCTION_BUDGETS_KB
 * (only `files` carries exceljs). A function that is not built is reported, not measured.
 *
 * Package sizes as WeChat DevTools uploads them with "过滤无依赖文件" (ignoreUploadUnusedFiles):
 * only files reachable from app.json count. Starts at the app files, the main package pages, the
 * custom tab bar and the global usingComponents, and follows usingComponents, JS imports, WXML
 * import/include/wxs, WXS require and WXSS @import. TDesign files count where they live, in the
 * main package (miniprogram_npm), even when only a subpackage uses them.
 * TypeScript is measured as the JavaScript esbuild makes of it (DevTools compiles it on upload).
 *
 *   tsx scripts/size.ts [root]     last line: main and each subpackage in KB; exit 1 when a
 *                                  function bundle or the main package is over its budget
 *   npm run size                   builds first, then the same
 */
import { transformSync } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

export const MAIN_LIMIT_KB = 600;
/** Every function bundle but those listed below. */
export const FUNCTION_BUDGET_KB = 400;
/** `files` reads and writes spreadsheets: exceljs with jszip, unzipper and their helpers. */
export const FUNCTION_BUDGETS_KB: Record<string, number> = { files: 1500 };

/** The web console's first load: the entry chunk and what it imports statically, gzipped (pages and ECharts load later). */
export const CONSOLE_FIRST_LOAD_LIMIT_KB = 400;

type ViteManifest = Record<string, { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] }>;

/** JavaScript the browser must fetch before the console shows anything (console/dist/.vite/manifest.json); null when not built. */
export function consoleFirstLoad(dist: string): { files: string[]; gzipBytes: number } | null {
  const manifestFile = path.join(dist, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestFile)) return null;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ViteManifest;
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const k of manifest[key].imports ?? []) visit(k);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  const files = [...seen].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
  const gzipBytes = files.reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length, 0);
  return { files, gzipBytes };
}

export type BundleSize = { fn: string; bytes: number | null; budgetKB: number; over: boolean };

/** Each cloudfunctions/<fn> with a main.ts: its built index.js size (null when not built) and budget. */
export function functionBundles(fnRoot: string): BundleSize[] {
  return fs
    .readdirSync(fnRoot)
    .filter((fn) => fs.existsSync(path.join(fnRoot, fn, 'main.ts')))
    .sort()
    .map((fn) => {
      const file = path.join(fnRoot, fn, 'index.js');
      const bytes = fs.existsSync(file) ? fs.statSync(file).size : null;
      const budgetKB = FUNCTION_BUDGETS_KB[fn] ?? FUNCTION_BUDGET_KB;
      return { fn, bytes, budgetKB, over: bytes !== null && bytes > budgetKB * 1024 };
    });
}

type AppJson = {
  pages: string[];
  subPackages?: { root: string; name?: string; pages: string[] }[];
  subpackages?: { root: string; name?: string; pages: string[] }[];
  tabBar?: { custom?: boolean; list?: { iconPath?: string; selectedIconPath?: string }[] };
  usingComponents?: Record<string, string>;
  sitemapLocation?: string;
};

export type SizeReport = {
  mainBytes: number;
  subpackages: { name: string; root: string; bytes: number }[];
  files: Map<string, number>;
};

const posix = path.posix;

/** Follows every static reference from the entry points; returns file -> uploaded bytes. */
export function reachableFiles(root: string): Map<string, number> {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as AppJson;
  const files = new Map<string, number>();
  const exists = (rel: string) => fs.existsSync(path.join(root, rel)) && fs.statSync(path.join(root, rel)).isFile();
  const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

  const addFile = (rel: string): boolean => {
    rel = posix.normalize(rel);
    if (rel.startsWith('..')) throw new Error(`引用了 miniprogram/ 之外的文件：${rel}（DevTools 无法加载）`);
    if (files.has(rel) || !exists(rel)) return exists(rel);
    if (rel.endsWith('.ts')) {
      const js = transformSync(read(rel), { loader: 'ts', format: 'cjs', target: 'es2018' }).code;
      files.set(rel, Buffer.byteLength(js));
      scanJs(rel, js);
    } else {
      files.set(rel, fs.statSync(path.join(root, rel)).size);
      if (rel.endsWith('.js')) scanJs(rel, read(rel));
      else if (rel.endsWith('.json')) scanJson(rel);
      else if (rel.endsWith('.wxml')) scanWxml(rel);
      else if (rel.endsWith('.wxss')) scanWxss(rel);
      else if (rel.endsWith('.wxs')) scanWxs(rel);
    }
    return true;
  };

  // A page or component: its four files, whichever exist (.ts stands for the .js DevTools makes).
  const addComponent = (base: string) => {
    for (const ext of ['.json', '.wxml', '.wxss']) addFile(base + ext);
    if (!addFile(`${base}.ts`)) addFile(`${base}.js`);
  };

  const resolveComponent = (fromFile: string, target: string): string => {
    if (target.startsWith('/')) return target.slice(1);
    if (target.startsWith('.')) return posix.join(posix.dirname(fromFile), target);
    return npmPath(fromFile, target);
  };

  // A bare module id resolves to the nearest miniprogram_npm/<id> up the tree (as on the phone).
  const npmPath = (fromFile: string, id: string): string => {
    for (let dir = posix.dirname(fromFile); ; dir = posix.dirname(dir)) {
      const candidate = posix.join(dir === '.' ? '' : dir, 'miniprogram_npm', id);
      if (['', '.js', '/index.js', '.json', '.wxml'].some((ext) => exists(candidate + ext))) return candidate;
      if (dir === '.' || dir === '') return `miniprogram_npm/${id}`;
    }
  };

  const addModule = (fromFile: string, spec: string) => {
    const base = spec.startsWith('.') ? posix.join(posix.dirname(fromFile), spec) : spec.startsWith('/') ? spec.slice(1) : npmPath(fromFile, spec);
    const found = ['', '.ts', '.js', '/index.ts', '/index.js', '.json'].some((ext) => exists(base + ext) && addFile(base + ext));
    if (!found) throw new Error(`${fromFile}: 无法解析模块 ${spec}`);
  };

  const scanJs = (rel: string, code: string) => {
    // not `.import'` (a property named import) nor `import(` (dynamic): a statement keyword
    const re = /(?<![.\w$])(?:require\s*\(\s*|(?:import|export)(?:\s*[{*][\w*${}\s,]*?\s*from|\s+[\w$][\w*${}\s,]*?\s*from|\s)\s*)["']([^"'\n]+)["']/g;
    for (let m = re.exec(code); m; m = re.exec(code)) addModule(rel, m[1]);
  };
  const scanJson = (rel: string) => {
    const json = JSON.parse(read(rel)) as { usingComponents?: Record<string, string>; componentGenerics?: Record<string, { default?: string }> };
    for (const target of Object.values(json.usingComponents ?? {})) addComponent(resolveComponent(rel, target));
    for (const g of Object.values(json.componentGenerics ?? {})) if (g.default) addComponent(resolveComponent(rel, g.default));
  };
  const srcRef = (rel: string, src: string) => (src.startsWith('/') ? src.slice(1) : posix.join(posix.dirname(rel), src));
  const scanWxml = (rel: string) => {
    const re = /<(?:import|include|wxs)\b[^>]*?\bsrc\s*=\s*["']([^"'{}]+)["']/g;
    for (let m = re.exec(read(rel)); m; m = re.exec(read(rel))) addFile(srcRef(rel, m[1]));
  };
  const scanWxss = (rel: string) => {
    const re = /@import\s+["']([^"']+)["']/g;
    for (let m = re.exec(read(rel)); m; m = re.exec(read(rel))) addFile(srcRef(rel, m[1]));
  };
  const scanWxs = (rel: string) => {
    const re = /require\s*\(\s*["']([^"']+)["']\s*\)/g;
    for (let m = re.exec(read(rel)); m; m = re.exec(read(rel))) addFile(srcRef(rel, m[1]));
  };

  for (const f of ['app.json', 'app.wxss', app.sitemapLocation ?? 'sitemap.json']) addFile(f);
  if (!addFile('app.ts')) addFile('app.js');
  if (app.tabBar?.custom) addComponent('custom-tab-bar/index');
  for (const item of app.tabBar?.list ?? []) for (const icon of [item.iconPath, item.selectedIconPath]) if (icon) addFile(icon);
  for (const target of Object.values(app.usingComponents ?? {})) addComponent(resolveComponent('app.json', target));
  for (const page of app.pages) addComponent(page);
  for (const sub of [...(app.subPackages ?? []), ...(app.subpackages ?? [])]) for (const page of sub.pages) addComponent(posix.join(sub.root, page));
  return files;
}

export function measure(root: string): SizeReport {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as AppJson;
  const files = reachableFiles(root);
  const subs = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((s) => ({ name: s.name ?? s.root, root: posix.normalize(s.root).replace(/\/?$/, '/'), bytes: 0 }));
  let mainBytes = 0;
  for (const [file, bytes] of files) {
    const sub = subs.find((s) => file.startsWith(s.root));
    if (sub) sub.bytes += bytes;
    else mainBytes += bytes;
  }
  return { mainBytes, subpackages: subs.map(({ name, root: r, bytes }) => ({ name, root: r, bytes })), files };
}

export const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function main(): void {
  const bundles = functionBundles(path.join(__dirname, '..', 'cloudfunctions'));
  for (const b of bundles) {
    const size = b.bytes === null ? 'not built (npm run build)' : `${kb(b.bytes).padStart(8)} KB`;
    console.log(`${size}  cloudfunctions/${b.fn}/index.js (budget ${b.budgetKB} KB)${b.over ? '  OVER BUDGET' : ''}`);
  }
  if (bundles.some((b) => b.over)) process.exitCode = 1;

  const first = consoleFirstLoad(path.join(__dirname, '..', 'console', 'dist'));
  if (!first) console.log('console not built (npm run build:console)');
  else {
    const over = first.gzipBytes > CONSOLE_FIRST_LOAD_LIMIT_KB * 1024;
    console.log(`${kb(first.gzipBytes).padStart(8)} KB  console first-load JS, gzipped (${first.files.length} files; limit ${CONSOLE_FIRST_LOAD_LIMIT_KB} KB)${over ? '  OVER BUDGET' : ''}`);
    if (over) process.exitCode = 1;
  }

  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'miniprogram'));
  const r = measure(root);
  const byTop = new Map<string, number>();
  for (const [file, bytes] of r.files) {
    const top = file.startsWith('miniprogram_npm/') ? file.split('/').slice(0, 3).join('/') : file.split('/')[0];
    byTop.set(top, (byTop.get(top) ?? 0) + bytes);
  }
  for (const [top, bytes] of [...byTop].sort((a, b) => b[1] - a[1])) console.log(`${kb(bytes).padStart(8)} KB  ${top}`);
  const subs = r.subpackages.map((s) => `${s.name} ${kb(s.bytes)} KB`).join(' · ');
  const over = r.mainBytes > MAIN_LIMIT_KB * 1024;
  console.log(`main ${kb(r.mainBytes)} KB (limit ${MAIN_LIMIT_KB} KB)${subs ? ` · ${subs}` : ''}`);
  if (over) process.exitCode = 1;
}

// Run when executed (tsx scripts/…), not when a test imports the functions.
if (process.argv[1] && path.resolve(process.argv[1]) === __filename) main();
