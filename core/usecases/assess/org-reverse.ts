import { AppError, fail, ok } from '../../contracts/app-error';
import type { OrgEntryView, OrgReverseInput } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import { orgReversalDraft, type OrgEntry } from '../../domain/assess/org-ledger';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize } from '../shared/authorize';
import { OrgEntryExists, postOrgEntries } from './org-ledger-write';
import { entryView } from './views';

/**
 * assess.org.reverse: undoes an org entry by a reversal entry (`rev:<id>`, amounts negated, same
 * rule version, quarter and category); never an edit. A reversal is not reversed; a second
 * reversal of the same entry answers with the first. Requests: caller, entry, then start,
 * balance, entry, balance, audit, commit = 8.
 */
export async function reverseOrgEntry(ctx: MemberCtx, input: OrgReverseInput): Promise<Result<{ entry: OrgEntryView; duplicate: boolean }>> {
  const original = await db.get<OrgEntry>('orgLedger', input.entryId);
  if (!original) return fail('NOT_FOUND');
  const auth = authorize(ctx, original.ancestors);
  if (!auth.ok) return auth;
  if (original.reversalOf) return fail('INVALID_INPUT', '冲正记录不能再冲正', 'entryId');
  const draft = orgReversalDraft(original, { actorId: ctx.actor.memberId, note: input.reason, at: ctx.clock.now() });
  try {
    const entry = await db.transaction(async (tx) => {
      const { entries } = await postOrgEntries(tx, { _id: original.orgId, ancestors: original.ancestors }, [{ draft, origin: { ...original.origin, basis: 'reversal' } }]);
      await writeAudit(
        ctx,
        {
          role: auth.grant.role,
          action: 'assess.org.reverse',
          targetType: 'orgEntry',
          targetId: original._id,
          ancestors: original.ancestors,
          before: { amount: original.eval },
          after: { entryId: entries[0]._id },
          reason: input.reason,
        },
        tx,
      );
      return entries[0];
    });
    return ok({ entry: entryView(entry, original.ruleCode), duplicate: false });
  } catch (e) {
    if (e instanceof OrgEntryExists) {
      const first = await db.get<OrgEntry>('orgLedger', draft.key);
      return first ? ok({ entry: entryView(first, original.ruleCode), duplicate: true }) : fail('CONFLICT');
    }
    if (e instanceof AppError) return e.toFail();
    throw e;
  }
}
