/**
 * Compile-checks a mini-program tree with the official compilers (wcc for WXML + WXS, wcsc for
 * WXSS, both bundled by miniprogram-compiler), and checks what they do not: every page in
 * app.json and every usingComponents target exists. Lists every bad file with its line and exits
 * 1, so one run shows all of them.
 *
 *   tsx scripts/check-wxml.ts [root]     (root defaults to miniprogram/)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Problem = { file: string; line: number; column: number; message: string };

type Wcc = { wxmlToJs(root: string, opts: { maxBuffer: number; wxmlList?: string[]; wxsList?: string[] }): string };
type Wcsc = (root: string, filesWithoutExt: string[], opts: { maxBuffer: number }) => Error | Record<string, string>;

// The compilers print megabytes for a tree with TDesign: the 1 MiB default fails with ENOBUFS.
const maxBuffer = 256 * 1024 * 1024;
const compiler = require('miniprogram-compiler') as Wcc;
const wcsc = require('miniprogram-compiler/src/wcsc') as Wcsc;

/** Every file under root ending in ext, relative, '/'-separated, sorted (node_modules skipped). */
export function listFiles(root: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(rel);
      } else if (e.name.endsWith(ext)) out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

/** `编译 .wxml 文件错误：pages/x/index.wxml:3:14: expect end-tag ...` */
function parseWccError(text: string): Problem | null {
  const m = /([^\s：:]+\.(?:wxml|wxs)):(\d+):(\d+):\s*(.*)/.exec(text);
  return m ? { file: m[1], line: Number(m[2]), column: Number(m[3]), message: m[4].trim() } : null;
}

/**
 * WXML and WXS. wcc stops at the first error, so when the whole tree fails, each top-level
 * folder is compiled alone and each file of a failing folder alone, to list every bad file (a
 * file importing a bad one reports the bad one: dedupe). Folders that pass (the TDesign copy)
 * cost one run.
 */
export function checkWxml(root: string): Problem[] {
  const wxs = listFiles(root, '.wxs');
  const compile = (wxmlList?: string[]): string | null => {
    try {
      compiler.wxmlToJs(root, { maxBuffer, ...(wxmlList ? { wxmlList, wxsList: wxs } : {}) });
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  const whole = compile();
  if (whole === null) return [];
  const groups = new Map<string, string[]>();
  for (const file of listFiles(root, '.wxml')) {
    const top = file.includes('/') ? file.slice(0, file.indexOf('/')) : '.';
    groups.set(top, [...(groups.get(top) ?? []), file]);
  }
  const found = new Map<string, Problem>();
  for (const files of groups.values()) {
    if (compile(files) === null) continue;
    for (const file of files) {
      const err = compile([file]);
      if (err === null) continue;
      const p = parseWccError(err) ?? { file, line: 0, column: 0, message: err.trim() };
      found.set(`${p.file}:${p.line}:${p.column}`, p);
    }
  }
  // Nothing failed on its own (e.g. a broken .wxs nobody imports): report the whole-tree error.
  if (found.size === 0) found.set('whole', parseWccError(whole) ?? { file: '(tree)', line: 0, column: 0, message: whole.trim() });
  return [...found.values()];
}

/** WXSS: wcsc reports every bad file at once as `<file>(line:col): message`. */
export function checkWxss(root: string): Problem[] {
  const files = listFiles(root, '.wxss').map((f) => f.slice(0, -'.wxss'.length));
  if (files.length === 0) return [];
  const r = wcsc(root, files, { maxBuffer });
  if (!(r instanceof Error)) return [];
  const problems: Problem[] = [];
  const re = /([^\s：:]+\.wxss)\((\d+):(\d+)\):\s*([^\n]*)/g;
  for (let m = re.exec(r.message); m; m = re.exec(r.message)) {
    problems.push({ file: m[1], line: Number(m[2]), column: Number(m[3]), message: m[4].trim() });
  }
  return problems.length ? problems : [{ file: '(wxss)', line: 0, column: 0, message: r.message.trim() }];
}

type Json = { usingComponents?: Record<string, string> };

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}

function readJson(root: string, rel: string): { text: string; json: Json } | null {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return null;
  const text = fs.readFileSync(full, 'utf8');
  return { text, json: JSON.parse(text) as Json };
}

function componentExists(root: string, base: string): boolean {
  return ['.json', '.wxml'].every((ext) => fs.existsSync(path.join(root, base + ext))) && ['.ts', '.js'].some((ext) => fs.existsSync(path.join(root, base + ext)));
}

/** Where a usingComponents value points, relative to root (DevTools' 构建 npm layout). */
export function resolveComponent(fromJson: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  if (target.startsWith('.')) return path.posix.normalize(path.posix.join(path.posix.dirname(fromJson), target));
  return `miniprogram_npm/${target}`;
}

/**
 * What the compilers let through: a page listed in app.json without its files, or a
 * usingComponents path to nothing (which renders as an unknown empty tag on the phone).
 */
export function checkReferences(root: string): Problem[] {
  const problems: Problem[] = [];
  const app = readJson(root, 'app.json');
  if (!app) return [{ file: 'app.json', line: 0, column: 0, message: 'app.json 不存在' }];
  const appJson = app.json as Json & { pages?: string[]; subPackages?: { root: string; pages: string[] }[]; subpackages?: { root: string; pages: string[] }[] };
  const pages = [...(appJson.pages ?? []), ...[...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])].flatMap((s) => s.pages.map((p) => path.posix.join(s.root, p)))];
  const jsons = new Set<string>(['app.json']);
  for (const page of pages) {
    if (!componentExists(root, page))
      problems.push({ file: 'app.json', line: lineOf(app.text, path.posix.basename(path.posix.dirname(page))), column: 1, message: `页面文件缺失：${page}（需要 .json、.wxml 和 .ts/.js）` });
    else jsons.add(`${page}.json`);
  }
  for (const rel of listFiles(root, '.json')) if (!rel.startsWith('miniprogram_npm/')) jsons.add(rel);
  for (const rel of jsons) {
    const j = readJson(root, rel);
    for (const [tag, target] of Object.entries(j?.json.usingComponents ?? {})) {
      const base = resolveComponent(rel, target);
      if (!componentExists(root, base)) problems.push({ file: rel, line: lineOf(j!.text, `"${tag}"`), column: 1, message: `组件 ${tag} 的路径不存在：${target}` });
    }
  }
  return problems;
}

export function checkTree(root: string): Problem[] {
  return [...checkWxml(root), ...checkWxss(root), ...checkReferences(root)];
}

function main(): void {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'miniprogram'));
  const shown = path.relative(process.cwd(), root).startsWith('..') ? root : path.relative(process.cwd(), root) || '.';
  const started = Date.now();
  const problems = checkTree(root);
  if (problems.length === 0) {
    console.log(`check:wxml ok: ${listFiles(root, '.wxml').length} wxml, ${listFiles(root, '.wxss').length} wxss in ${shown} (${Date.now() - started} ms)`);
    return;
  }
  for (const p of problems) console.error(`${shown}/${p.file}:${p.line}:${p.column}: ${p.message}`);
  console.error(`check:wxml failed: ${problems.length} problem(s)`);
  process.exitCode = 1;
}

// Run when executed (tsx scripts/…), not when a test imports the functions.
if (process.argv[1] && path.resolve(process.argv[1]) === __filename) main();
