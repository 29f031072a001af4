import type { Result } from '../../core/contracts/envelope';
import { collectionSpecs } from '../../core/db/schema';
import type { Main } from '../../core/runtime/router';
import { LocalCloud } from '../../emulator/local-cloud';
import { seedIfEmpty } from '../../scripts/seed/load';

/** An in-memory local cloud with the app's collections and, by default, the demo county. */
export async function startTestCloud(opts: { seed?: boolean } = {}): Promise<LocalCloud> {
  process.env.LOG_SILENT = '1';
  const cloud = LocalCloud.start({ collections: collectionSpecs() });
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
