import type { RankLevel } from '../../contracts/reports';
import type { MemberCtx } from '../../runtime/context';
import { grantOn } from '../shared/authorize';

/** Where each level sits in a member's ancestors (county -> town -> branch -> group). */
const LEVEL_INDEX: Record<RankLevel, number> = { county: 0, town: 1, branch: 2 };

/** The caller's own org at a level (their branch, town or county). */
export const ownOrgAt = (ctx: MemberCtx, level: RankLevel): string | undefined => ctx.member.ancestors[LEVEL_INDEX[level]];

export const levelOfType = (type: string): RankLevel => (type === 'county' ? 'county' : type === 'town' ? 'town' : 'branch');

/**
 * Rankings are for the orgs on the member's own path (their branch, town, county: they see
 * ranks and names, never anyone's ledger) and, for staff, the orgs in their scope. `ancestors`
 * are the org's (from its snapshot), or just its id when there is none yet.
 */
export function maySee(ctx: MemberCtx, orgId: string, ancestors: readonly string[]): boolean {
  return ctx.member.ancestors.includes(orgId) || grantOn(ctx, ancestors, 'staff') !== undefined;
}
