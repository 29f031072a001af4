import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { db, DuplicateKeyError, type Tx } from '../../db/db';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { type AuditInput } from '../../domain/audit';
import { applyDecision, decideEntry, fingerprint, type BalanceDoc, type EntryDraft, type LedgerEntry } from '../../domain/points/ledger';
import type { RoleGrant } from '../../contracts/roles';

/**
 * The entry's key is taken: thrown inside the transaction to abort it; the caller resolves it
 * as a retry or a CONFLICT outside (resolveExisting).
 */
export class EntryExists extends Error {
  constructor(readonly key: string) {
    super(`ledger entry ${key} exists`);
  }
}

/**
 * Posts one ledger entry inside the caller's transaction: reads the member's cached balance
 * (amounts, cap counters, chain head), decides (pure), adds the entry (its `_id` is the
 * idempotency key, so a second post fails on the key) and writes the balance that
 * `applyDecision` gives, in the same transaction. Three requests.
 * Refusals (CAP_EXCEEDED, INSUFFICIENT_POINTS) throw AppError, which aborts the transaction.
 */
export async function postEntry(tx: Tx, draft: EntryDraft): Promise<LedgerEntry> {
  return postEntryOn(tx, await tx.get<BalanceDoc>('balances', draft.memberId), draft);
}

/**
 * postEntry for a caller that has already read the member's balance in this transaction (the
 * annual expiry, whose amount is the balance itself; an award, which checks its scope on the
 * balance). `balanceFields` are set on the balance document in the same write.
 */
export async function postEntryOn(tx: Tx, balance: BalanceDoc | null, draft: EntryDraft, balanceFields: Partial<BalanceDoc> = {}): Promise<LedgerEntry> {
  const decision = decideEntry(balance, draft);
  if (!decision.ok) {
    // a retry of an entry that filled the cap (or spent the points) itself is "already done"
    if (await tx.get<LedgerEntry>('ledger', draft.key)) throw new EntryExists(draft.key);
    throw new AppError(decision.code);
  }
  try {
    await tx.add('ledger', decision.entry);
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw new EntryExists(draft.key);
    throw e;
  }
  // the whole document: read in this transaction, so a concurrent writer conflicts and re-runs us
  const { _id, ...next } = { ...applyDecision(balance, decision), ...balanceFields };
  await tx.set('balances', _id, next);
  return decision.entry;
}

export type Posted = { entry: LedgerEntry; duplicate: boolean };

/**
 * Resolves a taken key: the same content is a retry (answer with the first entry), other
 * content is CONFLICT.
 */
export async function resolveExisting(draft: EntryDraft): Promise<Result<Posted>> {
  const existing = await db.get<LedgerEntry>('ledger', draft.key);
  if (existing && existing.fingerprint === fingerprint(draft)) return ok({ entry: existing, duplicate: true });
  return fail('CONFLICT');
}

/** Posts one entry in its own transaction, exactly once (system postings, tests, benches). */
export async function postOnce(draft: EntryDraft): Promise<Result<Posted>> {
  return postAudited(null, draft);
}

/**
 * Posts one entry exactly once; a staff posting writes its audit record (built from the entry)
 * in the same transaction, so there is never an entry without its record or the reverse.
 * `check` runs in the transaction first, on the balance as read there (an award checks the
 * member's scope on it) and answers the draft to post with the grant the caller acts under, which
 * the audit record names: a refusal it returns aborts with nothing written.
 */
export async function postAudited(
  ctx: MemberCtx | null,
  draft: EntryDraft,
  staff?: {
    check: (tx: Tx, balance: BalanceDoc | null) => Promise<Result<{ draft: EntryDraft; grant: RoleGrant }>>;
    audit: (entry: LedgerEntry, grant: RoleGrant) => AuditInput;
  },
): Promise<Result<Posted>> {
  let posted = draft;
  try {
    const entry = await db.transaction(async (tx) => {
      const balance = await tx.get<BalanceDoc>('balances', draft.memberId);
      if (!ctx || !staff) return postEntryOn(tx, balance, posted);
      const checked = await staff.check(tx, balance);
      if (!checked.ok) throw new AppError(checked.code, checked.message, checked.field);
      posted = checked.data.draft;
      const e = await postEntryOn(tx, balance, posted);
      await writeAudit(ctx, staff.audit(e, checked.data.grant), tx);
      return e;
    });
    return ok({ entry, duplicate: false });
  } catch (e) {
    if (e instanceof EntryExists) return resolveExisting(posted);
    if (e instanceof AppError) return e.toFail();
    throw e;
  }
}
