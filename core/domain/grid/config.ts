/**
 * Grid issue categories and their handling deadlines, as data: the defaults below hold until the
 * county saves its own list (`gridConfig/<countyId>`, grid.config.save), which may add categories
 * and change any deadline. A deadline is hours per level of the org tree, counted from the moment
 * the level took the issue (report, escalation, reopening).
 */

/** Depth in the org tree: 0 county, 1 town/street, 2 branch (community), 3 party group (grid). */
export type LevelName = 'county' | 'town' | 'branch' | 'group';
export const LEVEL_NAMES: readonly LevelName[] = ['county', 'town', 'branch', 'group'];
export const LEVEL_LABELS: Record<LevelName, string> = { county: '县级', town: '街镇', branch: '社区（村）', group: '网格' };

export type Deadlines = Record<LevelName, number>;

export type Category = { code: string; name: string; deadlines: Deadlines; active: boolean };

export type GridConfig = {
  /** May plain members (not only grid leaders) report issues? */
  membersMayReport: boolean;
  categories: Category[];
};

const hours = (group: number, branch: number, town: number, county: number): Deadlines => ({ group, branch, town, county });

export const DEFAULT_CATEGORIES: readonly Category[] = [
  { code: 'opinion', name: '社情民意', deadlines: hours(72, 120, 168, 240), active: true },
  { code: 'dispute', name: '矛盾纠纷', deadlines: hours(48, 72, 120, 168), active: true },
  { code: 'safety', name: '安全隐患', deadlines: hours(24, 48, 72, 120), active: true },
  { code: 'livelihood', name: '民生诉求', deadlines: hours(72, 120, 168, 240), active: true },
  { code: 'environment', name: '环境卫生', deadlines: hours(48, 72, 120, 168), active: true },
  { code: 'suggestion', name: '建议', deadlines: hours(120, 168, 240, 336), active: true },
];

export const DEFAULT_GRID_CONFIG: GridConfig = { membersMayReport: true, categories: [...DEFAULT_CATEGORIES] };

/** The level name of an org at `depth` (ancestors.length - 1); deeper trees count as groups. */
export const levelName = (depth: number): LevelName => LEVEL_NAMES[Math.min(Math.max(depth, 0), LEVEL_NAMES.length - 1)];

export const findCategory = (cfg: GridConfig, code: string): Category | undefined => cfg.categories.find((c) => c.code === code);

/** When a level that took the issue at `since` must have dealt with it. */
export function deadlineFor(cat: Pick<Category, 'deadlines'>, depth: number, since: Date): Date {
  return new Date(since.getTime() + cat.deadlines[levelName(depth)] * 3_600_000);
}

/** The county's config over the defaults: a category the county does not list keeps its default. */
export function mergeConfig(saved: Partial<GridConfig> | null): GridConfig {
  if (!saved) return DEFAULT_GRID_CONFIG;
  const own = saved.categories ?? [];
  const codes = new Set(own.map((c) => c.code));
  return {
    membersMayReport: saved.membersMayReport ?? DEFAULT_GRID_CONFIG.membersMayReport,
    categories: [...DEFAULT_CATEGORIES.filter((c) => !codes.has(c.code)), ...own],
  };
}
