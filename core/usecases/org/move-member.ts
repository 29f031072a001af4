import { AppError, fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { cmd, db, DuplicateKeyError, type Tx } from '../../db/db';
import { isDuplicateKey } from '../../db/errors';
import type { MemberDoc } from '../../domain/org/model';
import { samePlacement, type Placement } from '../../domain/org/transfer';
import { emptyBalance, type BalanceDoc } from '../../domain/points/ledger';
import type { ClaimDoc } from '../../domain/points/claims';

/** Pending claims a member can have at once is small; more than this are moved by a re-run. */
const PENDING_CLAIMS = 100;

export type Moved = { moved: boolean; claims: string[] };

/**
 * Moves one member from `from` to `to` in ONE transaction with everything the member's place
 * scopes (core/domain/org/transfer.ts): the member document (plus `patch`, other roster fields
 * an import changes at the same time), the member's balance (its ancestors; an empty balance is
 * opened where the member has none, so a first credit racing the move conflicts with it instead
 * of placing a new balance at the old place) and the member's pending claims. `within` adds the
 * caller's own writes (the audit record) to the same transaction.
 * A member already at `to` is left alone (a re-run); one found neither at `from` nor at `to`
 * was moved meanwhile by someone else: CONFLICT.
 * Requests: the pending claims, then start, member, balance, member update, balance write,
 * 2 per pending claim, the caller's writes, commit.
 */
export async function moveMember(args: {
  memberId: string;
  from: Placement;
  to: Placement;
  patch?: Record<string, unknown>;
  at: Date;
  within?: (tx: Tx, member: MemberDoc, claims: string[]) => Promise<void>;
}): Promise<Result<Moved>> {
  const { memberId, from, to, at } = args;
  const pending = await db.find<ClaimDoc>('claims', { memberId, status: 'pending' }, { limit: PENDING_CLAIMS, fields: { _id: true } });
  try {
    return ok(
      await db.transaction(async (tx) => {
        const member = await tx.get<MemberDoc>('members', memberId);
        if (!member) throw new AppError('NOT_FOUND', '党员不存在', 'memberId');
        const now = { branchId: member.branchId, groupId: member.groupId ?? null, ancestors: member.ancestors };
        if (samePlacement(now, to)) return { moved: false, claims: [] };
        if (!samePlacement(now, from)) throw new AppError('CONFLICT', '该党员的组织关系刚刚被其他人调整过，请刷新后重试');

        const balance = await tx.get<BalanceDoc>('balances', memberId);
        await tx.update('members', memberId, { ...args.patch, branchId: to.branchId, groupId: to.groupId, ancestors: cmd().set(to.ancestors), updatedAt: at });
        const { _id, ...placed } = { ...(balance ?? emptyBalance(memberId, to.ancestors)), ancestors: to.ancestors };
        await tx.set('balances', _id, placed);
        const claims: string[] = [];
        for (const { _id: id } of pending) {
          const c = await tx.get<ClaimDoc>('claims', id);
          if (!c || c.status !== 'pending') continue;
          await tx.update('claims', id, { branchId: to.branchId, ancestors: cmd().set(to.ancestors) });
          claims.push(id);
        }
        if (args.within) await args.within(tx, member, claims);
        return { moved: true, claims };
      }),
    );
  } catch (e) {
    if (e instanceof AppError) return fail(e.code, e.message, e.field);
    throw e;
  }
}

/** Moves run this many at a time. */
const MOVE_CONCURRENCY = 8;

export type MoveJob = { memberId: string; from: Placement; to: Placement; patch?: Record<string, unknown> };

/**
 * Runs many moves (a roster import's), each in its own transaction, 8 at a time, starting no
 * new one after `deadline` (a function stops at its timeout). Returns how many were not
 * started or failed: the same import run again finds them still to move, and nothing else.
 */
export async function runMoves(jobs: readonly MoveJob[], at: Date, deadline: number): Promise<{ moved: number; pending: number }> {
  let next = 0;
  let moved = 0;
  await Promise.all(
    Array.from({ length: Math.min(MOVE_CONCURRENCY, jobs.length) }, async () => {
      while (next < jobs.length && Date.now() < deadline) {
        const job = jobs[next++];
        try {
          if ((await moveMember({ ...job, at })).ok) moved++;
        } catch {
          // left for the next run, like a move not started (a busy member, a failed request)
        }
      }
    }),
  );
  return { moved, pending: jobs.length - moved };
}

/**
 * Opens the empty balance of each new member, placed with them (an award then never needs to
 * read the member). One request per 100; a balance a concurrent run already opened is kept.
 */
export async function openBalances(members: readonly Pick<MemberDoc, '_id' | 'ancestors'>[]): Promise<void> {
  for (let i = 0; i < members.length; i += 100) {
    const docs = members.slice(i, i + 100).map((m) => emptyBalance(m._id, m.ancestors) as unknown as Record<string, unknown>);
    try {
      await db.addMany('balances', docs);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      for (const d of docs) {
        try {
          await db.add('balances', d);
        } catch (x) {
          if (!(x instanceof DuplicateKeyError)) throw x;
        }
      }
    }
  }
}
