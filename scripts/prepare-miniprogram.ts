/**
 * Copies tdesign-miniprogram's miniprogram_dist into miniprogram/miniprogram_npm, the layout
 * WeChat DevTools' "构建 npm" produces, so tests, the compile check and the size report see the
 * same tree DevTools uploads. A copy, not a symlink: the official compiler's glob does not follow
 * symlinks. Skips when the copied version already matches (a stamp file records it).
 * Also generates miniprogram/generated/contracts.ts (see gen-miniprogram-contracts.ts) and the
 * local-default miniprogram/generated/env.ts (see build-mp.ts; `npm run build:mp` for a cloud build).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeLocalMpEnv } from './build-mp';
import { writeContracts } from './gen-miniprogram-contracts';

const root = path.resolve(__dirname, '..');
const pkgDir = path.join(root, 'node_modules', 'tdesign-miniprogram');
const source = path.join(pkgDir, 'miniprogram_dist');
const target = path.join(root, 'miniprogram', 'miniprogram_npm', 'tdesign-miniprogram');
const stamp = path.join(target, '.version');

function main(): void {
  if (writeContracts()) console.log('wrote miniprogram/generated/contracts.ts from core/contracts');
  if (writeLocalMpEnv()) console.log('wrote miniprogram/generated/env.ts (local mode)');
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === version) {
    console.log(`tdesign-miniprogram ${version} already in miniprogram/miniprogram_npm`);
    return;
  }
  // Copy into a sibling temp dir then rename: an interrupted copy never looks complete.
  const tmp = `${target}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.cpSync(source, tmp, { recursive: true, dereference: true });
  fs.writeFileSync(path.join(tmp, '.version'), `${version}\n`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(tmp, target);
  console.log(`copied tdesign-miniprogram ${version} into miniprogram/miniprogram_npm`);
}

main();
