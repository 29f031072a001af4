import { describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FUNCTION_BUDGET_KB, functionBundles } from '../../scripts/size';

/**
 * The built bundles (cloudfunctions/<fn>/index.js, what gets uploaded; `npm test` builds before
 * jest) against their budgets in scripts/size.ts. Reads the files only: no build here.
 */
const fnRoot = path.resolve(__dirname, '../../cloudfunctions');
const bundles = functionBundles(fnRoot);
const text = (fn: string) => fs.readFileSync(path.join(fnRoot, fn, 'index.js'), 'utf8');

// A namespace URI every .xlsx reader/writer carries: exceljs is in the bundle.
const EXCELJS = 'schemas.openxmlformats.org/spreadsheetml';

describe('cloud function bundles', () => {
  it('are all built', () => {
    expect(bundles.filter((b) => b.bytes === null).map((b) => b.fn)).toEqual([]);
    expect(bundles.map((b) => b.fn)).toEqual(expect.arrayContaining(['auth', 'events', 'files', 'org', 'points', 'store']));
  });

  it(`stay within their budgets (${FUNCTION_BUDGET_KB} KB each but files)`, () => {
    const over = bundles.filter((b) => b.over).map((b) => `${b.fn} ${((b.bytes ?? 0) / 1024).toFixed(0)} KB > ${b.budgetKB} KB`);
    expect(over).toEqual([]);
    for (const b of bundles.filter((x) => x.fn !== 'files')) expect(b.budgetKB).toBe(FUNCTION_BUDGET_KB);
  });

  it('carry exceljs in the files function only', () => {
    expect(text('files')).toContain(EXCELJS);
    expect(bundles.filter((b) => b.fn !== 'files' && text(b.fn).includes(EXCELJS)).map((b) => b.fn)).toEqual([]);
  });

  it("carry zod's English messages and none of its other locales", () => {
    for (const b of bundles) {
      const js = text(b.fn);
      expect(js).toContain('Invalid input'); // en, registered by zod itself
      expect(js).not.toContain('Eingabe'); // de
      expect(js).not.toContain('Entrada'); // es
    }
  });

  it('are minified but keep function names for stack traces', () => {
    const js = text('files');
    expect(js.length / js.split('\n').length).toBeGreaterThan(1000); // unminified: about 35 characters a line
    expect(js).toContain('"importMembers"');
  });
});
