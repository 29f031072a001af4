import { db } from '../../db/db';
import { DEFAULT_CONFIG, type AssessConfig } from '../../domain/assess/config';
import { activeOrgRules, type OrgRuleDoc } from '../../domain/assess/org-rules';

/** The org rules in force: stored versions over the defaults (one request). */
export async function loadOrgRules(): Promise<OrgRuleDoc[]> {
  return activeOrgRules(await db.find<OrgRuleDoc>('orgRules', { status: 'active' }, { limit: 1000 }));
}

/** The assessment settings in force (`assessConfig/current`), or the defaults (one request). */
export async function loadConfig(): Promise<AssessConfig> {
  const doc = await db.get<AssessConfig & { _id: string }>('assessConfig', 'current');
  if (!doc) return DEFAULT_CONFIG;
  const { _id, ...cfg } = doc;
  void _id;
  return cfg;
}
