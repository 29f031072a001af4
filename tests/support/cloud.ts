import type { Result } from '../../core/contracts/envelope';
import type { Main } from '../../core/runtime/router';
import { applyLocalFunctionEnv } from '../../emulator/function-env';
import { FUNCTIONS_ROOT, readFunctionConfigs } from '../../emulator/functions';
import { LocalCloud } from '../../emulator/local-cloud';
import { applySchema } from '../../emulator/schema-setup';
import { seedIfEmpty } from '../../scripts/seed/load';

/**
 * An in-memory local cloud in strict mode (as CloudBase: no collection or index until the setup
 * step made it), set up from core/db/schema.ts, with the demo county unless `seed: false`.
 * `schema: false` leaves it empty (no collection at all, nothing seeded), as a new CloudBase env
 * is before `npm run deploy` (tests/deploy).
 */
export async function startTestCloud(opts: { seed?: boolean; schema?: boolean } = {}): Promise<LocalCloud> {
  process.env.LOG_SILENT = '1';
  applyLocalFunctionEnv();
  const cloud = LocalCloud.start({ strict: true });
  if (opts.schema === false) return cloud;
  await applySchema(cloud);
  if (opts.seed !== false) await seedIfEmpty(cloud.store);
  return cloud;
}

export type Call = <T = unknown>(openid: string | undefined, event: Record<string, unknown>) => Promise<Result<T>>;

/** Calls a cloud function's entry through the real SDK, as `openid`. */
export function caller(cloud: LocalCloud, main: Main): Call {
  return async <T>(openid: string | undefined, event: Record<string, unknown>) => (await cloud.invoke<Result<T>>(main as never, event, { openid })).result;
}

/** Narrows a Result to its data, failing the test with the code when it is not ok. */
export function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.data;
}

/**
 * Fires a timer trigger as CloudBase does (SOURCE wx_trigger, the Timer event, no user), at
 * `time`. `name` must be a trigger of some function's config.json: a job that is not a declared
 * trigger cannot be fired, as on CloudBase. A client sending a Timer-shaped body goes through
 * `caller` and runs nothing.
 */
export async function fireTimer<T = unknown>(cloud: LocalCloud, main: Main, name: string, time: Date | string): Promise<Result<T>> {
  const owners = [...readFunctionConfigs(FUNCTIONS_ROOT)].filter(([, c]) => c.triggers.some((t) => t.name === name));
  // a trigger name names one function: two owners would make a test fire the wrong one
  if (owners.length !== 1) throw new Error(`${owners.length} cloudfunctions/*/config.json declare a trigger named ${name}; trigger names must be unique`);
  const owner = owners[0];
  const at = typeof time === 'string' ? new Date(time) : time;
  return (await cloud.fireTimer<Result<T>>(main as never, name, at, { name: owner[0], config: owner[1] })).result;
}
