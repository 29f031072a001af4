import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ConfigGetInput, ConfigResult, ConfigSaveInput } from '../../contracts/grid';
import { db } from '../../db/db';
import { mergeConfig, type GridConfig } from '../../domain/grid/config';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { targetGrant, targetOrg } from '../shared/authorize';

/**
 * The county's grid config (categories and deadlines) over the defaults, kept per function
 * instance for CONFIG_CACHE_MS: a report does not read it each time. A save drops it here at
 * once; other instances follow within CONFIG_CACHE_MS.
 */
export const CONFIG_CACHE_MS = 30_000;
const cache = new Map<string, { cfg: GridConfig; until: number }>();

type ConfigDoc = { _id: string } & Partial<GridConfig>;

export async function gridConfig(countyId: string): Promise<GridConfig> {
  const hit = cache.get(countyId);
  if (hit && Date.now() < hit.until) return hit.cfg;
  const cfg = mergeConfig(await db.get<ConfigDoc>('gridConfig', countyId));
  cache.set(countyId, { cfg, until: Date.now() + CONFIG_CACHE_MS });
  return cfg;
}

export const forgetGridConfig = (countyId: string): void => void cache.delete(countyId);

const view = (cfg: GridConfig): ConfigResult => ({ membersMayReport: cfg.membersMayReport, categories: cfg.categories.map((c) => ({ ...c })) });

/** grid.config.get: the categories a report may use, with their deadlines. Requests: 1 (caller), +1 while the cache is cold. */
export async function getConfig(ctx: MemberCtx, _input: ConfigGetInput): Promise<Result<ConfigResult>> {
  return ok(view(await gridConfig(ctx.actor.ancestors[0])));
}

/**
 * grid.config.save (组织部): the county's own categories (added ones, or defaults with other
 * deadlines) and whether plain members may report. Requests: 2 (caller, county) + start, config,
 * audit, commit.
 */
export async function saveConfig(ctx: MemberCtx, input: ConfigSaveInput): Promise<Result<ConfigResult>> {
  const county = targetOrg(ctx);
  const doc = { membersMayReport: input.membersMayReport, categories: input.categories, updatedAt: ctx.clock.now(), updatedBy: ctx.actor.memberId };
  await db.transaction(async (tx) => {
    await tx.set('gridConfig', county._id, doc);
    await writeAudit(
      ctx,
      {
        role: targetGrant(ctx).role,
        action: 'grid.config.save',
        targetType: 'org',
        targetId: county._id,
        ancestors: county.ancestors,
        before: null,
        after: { categories: input.categories.map((c) => c.code), membersMayReport: input.membersMayReport },
      },
      tx,
    );
  });
  forgetGridConfig(county._id);
  return ok(view(mergeConfig(doc)));
}
