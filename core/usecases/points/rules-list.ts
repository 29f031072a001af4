import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { RulesListInput, RulesListResult } from '../../contracts/points';
import { cmd, db } from '../../db/db';
import type { OrgDoc } from '../../domain/org/model';
import { ruleActive, type RuleDoc } from '../../domain/points/rule';
import type { MemberCtx } from '../../runtime/context';
import { grantOn, holds } from '../shared/authorize';
import { ruleView } from './views';
import { awarderVariant } from '../../domain/points/claims';

const CATEGORY_ORDER = ['duty', 'vanguard', 'dedication', 'meeting', 'volunteer', 'pioneer', 'grid', 'honour', 'violation'];

/**
 * points.rules.list. 'catalog' ("how to earn"): the rules that apply to the caller now;
 * 'claimable': those the caller may claim (plus grid reports for grid leaders); 'award': the
 * award rules a secretary/admin may grant; 'manage' (orgAdmin): every version in reach, with
 * `editable`. One or two reads.
 */
export async function listRules(ctx: MemberCtx, input: RulesListInput): Promise<Result<RulesListResult>> {
  const now = ctx.clock.now();
  if (input.view === 'manage') return holds(ctx, 'manage') ? ok({ rules: await manageView(ctx) }) : fail('FORBIDDEN');
  if (input.view === 'award' && !holds(ctx, 'award')) return fail('FORBIDDEN');
  const reportsForGrid = holds(ctx, 'gridReport');

  const rules = await db.find<RuleDoc>('rules', { status: 'active' }, { limit: 1000 });
  const applies = (r: RuleDoc) => ruleActive(r, now) && r.trigger !== 'system';
  let out: RuleDoc[];
  switch (input.view) {
    case 'claimable':
      out = rules.filter((r) => applies(r) && ctx.actor.ancestors.includes(r.scopeOrgId) && (r.trigger === 'claim' || (r.trigger === 'grid-report' && reportsForGrid)));
      break;
    case 'award':
      // scope is checked per member at grant time; a town's own rules reach only its members
      out = rules.filter((r) => applies(r) && r.trigger === 'award' && holds(ctx, awarderVariant(r)));
      break;
    default:
      out = rules.filter((r) => applies(r) && ctx.actor.ancestors.includes(r.scopeOrgId));
  }
  return ok({ rules: sortRules(out).map(ruleView) });
}

function sortRules(rs: RuleDoc[]): RuleDoc[] {
  return [...rs].sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.code.localeCompare(b.code) || b.version - a.version);
}

async function manageView(ctx: MemberCtx): Promise<RulesListResult['rules']> {
  const rules = await db.findAll<RuleDoc>('rules', {});
  const scopeIds = [...new Set(rules.map((r) => r.scopeOrgId))];
  const orgs = await db.find<OrgDoc>('orgs', { _id: cmd().in(scopeIds) }, { limit: 1000 });
  const ancestorsOf = new Map(orgs.map((o) => [o._id, o.ancestors]));
  const visible = rules.filter((r) => {
    const anc = ancestorsOf.get(r.scopeOrgId) ?? [];
    // rules that apply to the admin's own members, and every rule of an org they administer
    return ctx.actor.ancestors.includes(r.scopeOrgId) || grantOn(ctx, anc, 'manage') !== undefined;
  });
  return sortRules(visible).map((r) => ({
    ...ruleView(r),
    editable: r.trigger !== 'system' && r.status !== 'superseded' && grantOn(ctx, ancestorsOf.get(r.scopeOrgId) ?? [], 'manage') !== undefined,
  }));
}
