/**
 * @jest-environment node
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAIN_LIMIT_KB, measure } from '../../scripts/size';

const REPO = path.resolve(__dirname, '../..');
const MP_ROOT = path.join(REPO, 'miniprogram');

describe('package sizes', () => {
  const report = measure(MP_ROOT);
  const files = [...report.files.keys()];

  it(`keeps the main package within ${MAIN_LIMIT_KB} KB`, () => {
    expect(report.mainBytes).toBeLessThanOrEqual(MAIN_LIMIT_KB * 1024);
    expect(report.mainBytes).toBeGreaterThan(50 * 1024); // it did find TDesign and the pages
  });

  it('counts staff pages in the staff subpackage, not the main package', () => {
    const staff = report.subpackages.find((s) => s.name === 'staff');
    expect(staff?.bytes).toBeGreaterThan(0);
    expect(files).toContain('staff/pages/review/index.wxml');
  });

  it('includes the TDesign components used, with their dependencies, and leaves out unused ones', () => {
    expect(files).toContain('miniprogram_npm/tdesign-miniprogram/button/button.js');
    expect(files).toContain('miniprogram_npm/tdesign-miniprogram/loading/loading.wxml'); // used by t-button
    expect(files).toContain('miniprogram_npm/tdesign-miniprogram/miniprogram_npm/tslib/index.js');
    expect(files).toContain('miniprogram_npm/tdesign-miniprogram/common/style/index.wxss');
    expect(files.some((f) => f.includes('/calendar/'))).toBe(false);
  });

  it('prints main and subpackage sizes on its last line', () => {
    const r = spawnSync(path.join(REPO, 'node_modules/.bin/tsx'), [path.join(REPO, 'scripts/size.ts')], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const last = r.stdout.trim().split('\n').at(-1);
    // one figure per subpackage of app.json (staff, grid, reports, …)
    expect(last).toMatch(/^main \d+\.\d KB \(limit 600 KB\)( · [a-z]+ \d+\.\d KB)+$/);
  });

  it('refuses a value import from outside miniprogram/ (DevTools cannot load it)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-size-'));
    try {
      fs.cpSync(MP_ROOT, root, { recursive: true });
      const page = path.join(root, 'pages/bind/index.ts');
      fs.writeFileSync(page, `import { ERROR_MESSAGES } from '../../../core/contracts/errors';\nconsole.log(ERROR_MESSAGES);\n${fs.readFileSync(page, 'utf8')}`);
      expect(() => measure(root)).toThrow(/pages\/bind\/index\.ts|miniprogram\/ 之外/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
