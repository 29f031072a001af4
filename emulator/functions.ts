import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Handler } from './local-cloud';

/** Loads the BUILT bundles (cloudfunctions/<fn>/index.js), exactly what gets uploaded. */
export function loadBuiltFunctions(root: string): Record<string, Handler> {
  const out: Record<string, Handler> = {};
  for (const fn of fs.readdirSync(root)) {
    const file = path.join(root, fn, 'index.js');
    if (!fs.existsSync(file)) continue;
    const mod = require(path.resolve(file)) as { main?: Handler };
    if (typeof mod.main === 'function') out[fn] = mod.main;
  }
  return out;
}
