import { AppError } from '../../contracts/app-error';
import { cmd, db, DuplicateKeyError, type Tx } from '../../db/db';
import type { MemberCtx } from '../../runtime/router';
import { writeAudit, type AuditInput } from '../shared/audit';
import { decideEntry, fingerprint, type BalanceDoc, type EntryDraft, type LedgerEntry } from '../../domain/points/ledger';

/** The entry's key is taken: the caller resolves it as a retry or a CONFLICT, outside the transaction. */
export class EntryExists extends Error {
  constructor(readonly key: string) {
    super(`ledger entry ${key} exists`);
  }
}

/**
 * Posts one ledger entry inside the caller's transaction: reads the member's cached balance and
 * cap counters, decides (pure), adds the entry (its `_id` is the idempotency key, so a second
 * post fails on the key) and writes the balance in the same transaction. Three requests.
 * Refusals (CAP_EXCEEDED, INSUFFICIENT_POINTS) throw AppError, which aborts the transaction.
 */
export async function postEntry(tx: Tx, draft: EntryDraft): Promise<LedgerEntry> {
  return postEntryOn(tx, await tx.get<BalanceDoc>('balances', draft.memberId), draft);
}

/**
 * postEntry for a caller that has already read the member's balance in this transaction (e.g.
 * the annual expiry, whose amount is the balance itself). `balanceFields` are set on the
 * balance document in the same write.
 */
export async function postEntryOn(tx: Tx, balance: BalanceDoc | null, draft: EntryDraft, balanceFields: Record<string, unknown> = {}): Promise<LedgerEntry> {
  const decision = decideEntry(balance, draft);
  if (!decision.ok) {
    // a retry of an entry that filled the cap (or spent the points) itself is "already done"
    if (await tx.get<LedgerEntry>('ledger', draft.key)) throw new EntryExists(draft.key);
    throw new AppError(decision.code);
  }
  const { entry, capIncrements, staleCapKeys } = decision;
  try {
    await tx.add('ledger', entry);
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw new EntryExists(draft.key);
    throw e;
  }
  if (!balance) {
    await tx.set('balances', draft.memberId, {
      memberId: draft.memberId,
      ancestors: draft.ancestors,
      eval: entry.eval,
      redeem: entry.redeem,
      entries: 1,
      caps: Object.fromEntries(Object.entries(capIncrements).filter(([, n]) => n > 0)),
      updatedAt: draft.at,
      ...balanceFields,
    });
  } else {
    const caps: Record<string, unknown> = {};
    for (const [k, n] of Object.entries(capIncrements)) caps[k] = cmd().inc(n);
    for (const k of staleCapKeys) caps[k] = cmd().remove();
    await tx.update('balances', draft.memberId, {
      eval: cmd().inc(entry.eval),
      redeem: cmd().inc(entry.redeem),
      entries: cmd().inc(1),
      ...(Object.keys(caps).length ? { caps } : {}),
      updatedAt: draft.at,
      ...balanceFields,
    });
  }
  return entry;
}

/**
 * Resolves a taken key: the same content is a retry (answer with the first entry), other
 * content is CONFLICT.
 */
export async function resolveExisting(draft: EntryDraft): Promise<LedgerEntry> {
  const existing = await db.get<LedgerEntry>('ledger', draft.key);
  if (existing && existing.fingerprint === fingerprint(draft)) return existing;
  throw new AppError('CONFLICT');
}

/** Posts one entry in its own transaction, exactly once. */
export async function postOnce(draft: EntryDraft): Promise<{ entry: LedgerEntry; duplicate: boolean }> {
  return postAudited(null, draft);
}

/**
 * Posts one entry exactly once; a staff posting writes its audit record (built from the entry)
 * in the same transaction, so there is never an entry without its record or the reverse.
 */
export async function postAudited(ctx: MemberCtx | null, draft: EntryDraft, audit?: (entry: LedgerEntry) => AuditInput): Promise<{ entry: LedgerEntry; duplicate: boolean }> {
  try {
    const entry = await db.transaction(async (tx) => {
      const e = await postEntry(tx, draft);
      if (ctx && audit) await writeAudit(ctx, audit(e), tx);
      return e;
    });
    return { entry, duplicate: false };
  } catch (e) {
    if (e instanceof EntryExists) return { entry: await resolveExisting(draft), duplicate: true };
    throw e;
  }
}
