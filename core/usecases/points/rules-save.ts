import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { RulesSaveInput, RuleView } from '../../contracts/points';
import { db, DuplicateKeyError } from '../../db/db';
import { isArchived } from '../../domain/org/edit';
import type { OrgDoc } from '../../domain/org/model';
import type { RuleDoc } from '../../domain/points/rule';
import { nextRuleVersion } from '../../domain/points/rules-edit';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { grantOn, targetGrant, targetOrg } from '../shared/authorize';
import { forgetRule } from './rules-cache';
import { ruleView } from './views';

/**
 * points.rules.save (orgAdmin of the rule's scope): writes version n+1 of a rule and marks
 * version n superseded, with the audit record, in one transaction. Ledger entries keep the
 * version they were earned under. A stale `expectedVersion` or a concurrent save: CONFLICT.
 * This instance's rule cache forgets the code at once (rules-cache.ts: others within 30 s).
 */
export async function saveRule(ctx: MemberCtx, input: RulesSaveInput): Promise<Result<RuleView>> {
  const scope = targetOrg(ctx);
  if (scope.type !== 'county' && scope.type !== 'town') return fail('INVALID_INPUT', '积分规则只能适用于全县或某个街道/乡镇', 'scopeOrgId');
  if (isArchived(scope)) return fail('ORG_ARCHIVED', '该街道/乡镇已撤销，不能再为它制定积分规则', 'scopeOrgId');
  const grant = targetGrant(ctx);

  const [latest] = await db.find<RuleDoc>('rules', { code: input.code }, { orderBy: [['version', 'desc']], limit: 1 });
  if (latest && latest.scopeOrgId !== input.scopeOrgId) {
    // moving a rule between scopes needs authority over the old one too
    const old = await db.get<OrgDoc>('orgs', latest.scopeOrgId);
    if (!grantOn(ctx, old?.ancestors ?? [latest.scopeOrgId])) return fail('FORBIDDEN');
  }
  const now = ctx.clock.now();
  const edit = nextRuleVersion(input, latest ?? null, now);
  if (!edit.ok) return fail(edit.code, undefined, edit.field);

  try {
    await db.transaction(async (tx) => {
      await tx.add('rules', edit.doc);
      if (edit.supersede) await tx.update('rules', edit.supersede.id, { status: 'superseded', activeTo: edit.supersede.activeTo });
      await writeAudit(
        ctx,
        { role: grant.role, action: 'points.rules.save', targetType: 'rule', targetId: edit.doc._id, ancestors: scope.ancestors, before: latest ? ruleView(latest) : null, after: ruleView(edit.doc) },
        tx,
      );
    });
  } catch (e) {
    // someone saved version n+1 first
    if (e instanceof DuplicateKeyError) return fail('CONFLICT');
    throw e;
  }
  forgetRule(input.code);
  return ok(ruleView(edit.doc));
}
