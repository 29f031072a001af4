/**
 * @jest-environment node
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkTree } from '../../scripts/check-wxml';

const REPO = path.resolve(__dirname, '../..');
const MP_ROOT = path.join(REPO, 'miniprogram');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');

const runCheck = (root?: string) => spawnSync(TSX, [path.join(REPO, 'scripts/check-wxml.ts'), ...(root ? [root] : [])], { cwd: REPO, encoding: 'utf8' });

/** Inserts `text` so that it becomes line `line` of the file. */
function insertLine(file: string, line: number, text: string): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.splice(line - 1, 0, text);
  fs.writeFileSync(file, lines.join('\n'));
}

describe('the compile check on the project', () => {
  it('finds no problem in the whole mini-program (WXML, WXS, WXSS, page and component paths)', () => {
    expect(checkTree(MP_ROOT)).toEqual([]);
  });

  it('exits 0 from the command line', () => {
    const r = runCheck();
    expect(r.stderr).not.toMatch(/check:wxml failed/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/check:wxml ok/);
  });
});

describe('the compile check on a broken copy', () => {
  let root: string;
  let wxssLine: number;
  let problems: ReturnType<typeof checkTree>;

  beforeAll(() => {
    // A real copy: the compiler's file walk does not follow symlinks.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-broken-'));
    fs.cpSync(MP_ROOT, root, { recursive: true });
    insertLine(path.join(root, 'pages/home/index.wxml'), 2, '  <view class="oops">没有闭合</text>');
    insertLine(path.join(root, 'pages/me/index.wxml'), 3, '  <text>{{ profile.name ?? "无" }}</text>');
    const wxss = path.join(root, 'pages/me/index.wxss');
    wxssLine = fs.readFileSync(wxss, 'utf8').split('\n').length + 1;
    fs.appendFileSync(wxss, '\n.broken {{ color: red; }\n');
    const bindJson = path.join(root, 'pages/bind/index.json');
    fs.writeFileSync(bindJson, JSON.stringify({ usingComponents: { 't-nope': 'tdesign-miniprogram/nope/nope' } }, null, 2));
    problems = checkTree(root);
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('names every bad file with its line, not only the first', () => {
    const where = problems.map((p) => `${p.file}:${p.line}`);
    expect(where).toEqual(expect.arrayContaining(['pages/home/index.wxml:2', 'pages/me/index.wxml:3', `pages/me/index.wxss:${wxssLine}`, 'pages/bind/index.json:3']));
    expect(where).toHaveLength(4);
  });

  it('explains each problem', () => {
    const messages = problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/end-tag/);
    expect(messages).toMatch(/unexpected token `\?`/);
    expect(messages).toMatch(/unexpected `\{`/);
    expect(messages).toMatch(/t-nope/);
  });

  it('exits 1 from the command line, printing file:line for each', () => {
    const r = runCheck(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${root}/pages/home/index.wxml:2:`);
    expect(r.stderr).toContain(`${root}/pages/me/index.wxml:3:`);
    expect(r.stderr).toContain(`${root}/pages/me/index.wxss:${wxssLine}:`);
    expect(r.stderr).toContain('check:wxml failed: 4 problem(s)');
  });
});
