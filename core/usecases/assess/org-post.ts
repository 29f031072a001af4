import { AppError, fail, ok } from '../../contracts/app-error';
import type { OrgEntryView, OrgPostInput } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import { orgEntryDraft, type OrgEntry } from '../../domain/assess/org-ledger';
import { fingerprint } from '../../domain/points/ledger';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize, targetGrant, targetOrg } from '../shared/authorize';
import { loadOrgRules } from './loaders';
import { OrgEntryExists, postOrgEntries } from './org-ledger-write';
import { entryView } from './views';

/**
 * assess.org.post: an admin records an org's confirmed item (基础分 班子健全 / 党员发展程序, with
 * evidence; 先锋分 示范点 / 品牌, by the county) or an award or penalty (加减分, with its document
 * reference) for a quarter. One org ledger entry under the rule's current version, keyed by the
 * request (a retry credits once). Requests: caller, org, rules, then start, balance, entry,
 * balance, audit, commit = 9.
 */
export async function postOrgItem(ctx: MemberCtx, input: OrgPostInput): Promise<Result<{ entry: OrgEntryView; duplicate: boolean }>> {
  const org = targetOrg(ctx);
  const rule = (await loadOrgRules()).find((r) => r.code === input.ruleCode);
  if (!rule) return fail('NOT_FOUND', '没有该党组织积分项目', 'ruleCode');
  if (rule.basis === 'computed' || rule.basis === 'round') return fail('INVALID_INPUT', '该项目由系统按季度数据计算，不能手工登记', 'ruleCode');
  if (rule.basis === 'confirmed' && !input.evidence.length) return fail('INVALID_INPUT', '确认项目需上传佐证材料', 'evidence');
  if (rule.basis === 'document' && !input.documentRef) return fail('INVALID_INPUT', '加减分需填写文件文号', 'documentRef');
  const auth = rule.countyOnly ? authorize(ctx, org.ancestors, 'county') : { ok: true as const, grant: targetGrant(ctx) };
  if (!auth.ok) return auth;

  const draft = orgEntryDraft({
    orgId: org._id,
    ancestors: org.ancestors,
    rule,
    amount: rule.points,
    ref: input.requestId,
    origin: { basis: rule.basis, quarter: input.quarter, category: rule.category, evidence: input.evidence, documentRef: input.documentRef },
    actorId: ctx.actor.memberId,
    note: input.note || rule.name,
    at: ctx.clock.now(),
  });
  try {
    const entry = await db.transaction(async (tx) => {
      const { entries } = await postOrgEntries(tx, org, [
        { draft, origin: { basis: rule.basis, quarter: input.quarter, category: rule.category, evidence: input.evidence, documentRef: input.documentRef } },
      ]);
      await writeAudit(
        ctx,
        {
          role: auth.grant.role,
          action: 'assess.org.post',
          targetType: 'org',
          targetId: org._id,
          ancestors: org.ancestors,
          before: null,
          after: { entryId: entries[0]._id, rule: rule._id, amount: rule.points, quarter: input.quarter, documentRef: input.documentRef },
        },
        tx,
      );
      return entries[0];
    });
    return ok({ entry: entryView(entry, rule.name), duplicate: false });
  } catch (e) {
    if (e instanceof OrgEntryExists) {
      const first = await db.get<OrgEntry>('orgLedger', draft.key);
      if (first && first.fingerprint === fingerprint(draft)) return ok({ entry: entryView(first, rule.name), duplicate: true });
      return fail('CONFLICT');
    }
    if (e instanceof AppError) return e.toFail();
    throw e;
  }
}
