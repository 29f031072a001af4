import { AppError } from '../../contracts/app-error';
import { DuplicateKeyError, type Tx } from '../../db/db';
import { emptyOrgBalance, postOrg, type OrgBalanceDoc, type OrgEntry, type OrgOrigin } from '../../domain/assess/org-ledger';
import type { EntryDraft } from '../../domain/points/ledger';

/** An org entry's key is taken: thrown inside the transaction; the caller answers as a retry. */
export class OrgEntryExists extends Error {
  constructor(readonly key: string) {
    super(`org ledger entry ${key} exists`);
  }
}

/**
 * Posts org entries inside the caller's transaction, the member ledger's way: the org balance is
 * read once, each entry decided and chained on the balance the previous one gave, added under its
 * key (`_id`, idempotent), and the balance written once with the new head and quarter totals.
 * 1 read + n adds + 1 write. `slots` update the balance's computed-item bookkeeping in the same write.
 */
export async function postOrgEntries(
  tx: Tx,
  org: { _id: string; ancestors: string[] },
  postings: { draft: EntryDraft; origin: OrgOrigin }[],
  slots: Record<string, { entryId: string; amount: number; n: number }> = {},
  balance?: OrgBalanceDoc | null,
): Promise<{ entries: OrgEntry[]; balance: OrgBalanceDoc }> {
  let b: OrgBalanceDoc = (balance === undefined ? await tx.get<OrgBalanceDoc>('orgBalances', org._id) : balance) ?? emptyOrgBalance(org._id, org.ancestors);
  const entries: OrgEntry[] = [];
  for (const p of postings) {
    const posted = postOrg(b, p.draft, org._id, p.origin);
    try {
      await tx.add('orgLedger', posted.entry as unknown as { _id: string } & Record<string, unknown>);
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw new OrgEntryExists(p.draft.key);
      throw e;
    }
    entries.push(posted.entry);
    b = posted.balance;
  }
  b = { ...b, ancestors: [...org.ancestors], computed: { ...b.computed, ...slots } };
  const { _id, ...rest } = b;
  await tx.set('orgBalances', _id, rest);
  return { entries, balance: b };
}

/** Inside a transaction: abort with a code (the router turns it into the envelope). */
export const abort = (code: ConstructorParameters<typeof AppError>[0], message?: string): never => {
  throw new AppError(code, message);
};
