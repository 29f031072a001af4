import { createHash } from 'node:crypto';
import { AppError, fail, ok } from '../../contracts/app-error';
import type { RoundIdInput, RoundResult, RoundsListInput, RoundsOpenInput, RoundsVoteByInviteInput, RoundsVoteInput, RoundView } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { cmd, db } from '../../db/db';
import { ballotKey, DIMENSION_LABELS, DIMENSIONS, inviteHash, newInviteCode, newRoundSecret, tally, type BallotDoc } from '../../domain/assess/ballot';
import type { RoundDoc } from '../../domain/assess/model';
import type { OrgDoc } from '../../domain/org/model';
import { iso } from '../../domain/time';
import type { Ctx, MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize, grantOn, holds, scopeOf, targetGrant, targetOrg } from '../shared/authorize';

/**
 * 民主评议 rounds (docs/flows/assessment.md "评议 rounds"). A ballot's `_id` is an HMAC of
 * (round, voter) under the round's secret and holds no voter and no time; the secret is erased
 * when the round closes, and tallies are computed then and shown only after.
 */
type RoundStored = RoundDoc & { orgAncestors: Record<string, string[]>; orgNames: Record<string, string>; ballotWrites: number };

export function roundView(r: RoundDoc): RoundView {
  return {
    id: r._id,
    title: r.title,
    quarter: r.quarter,
    status: r.status,
    orgIds: r.orgIds,
    dimensions: r.dimensions.map((d) => ({ code: d, name: DIMENSION_LABELS[d] })),
    openedAt: iso(r.openedAt)!,
    closedAt: iso(r.closedAt),
  };
}

/**
 * assess.rounds.open: a round for branches under the scope org, the five seed dimensions, voters =
 * each branch's members plus `invitesPerOrg` representatives of the masses (codes returned once,
 * stored as hashes). Requests: caller, scope org, orgs, round, audit = 5.
 */
export async function openRound(ctx: MemberCtx, input: RoundsOpenInput): Promise<Result<{ round: RoundView; invites: { orgId: string; codes: string[] }[]; duplicate: boolean }>> {
  const scope = targetOrg(ctx);
  const orgIds = [...new Set(input.orgIds)].sort();
  const orgs = await db.find<OrgDoc>('orgs', { _id: cmd().in(orgIds) }, { limit: 1000 });
  if (orgs.length !== orgIds.length || orgs.some((o) => o.type !== 'branch' || !o.ancestors.includes(scope._id))) return fail('INVALID_INPUT', '参评组织须为本辖区内的党支部', 'orgIds');
  const id = `rnd${input.requestId}`;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([scope._id, input.title, input.quarter, orgIds, input.invitesPerOrg]))
    .digest('hex');
  const existing = await db.get<RoundStored>('rounds', id);
  if (existing) return existing.fingerprint === fingerprint ? ok({ round: roundView(existing), invites: [], duplicate: true }) : fail('CONFLICT');
  const invites: { orgId: string; codes: string[] }[] = orgIds.map((orgId) => ({ orgId, codes: Array.from({ length: input.invitesPerOrg }, newInviteCode) }));
  const round: RoundStored = {
    _id: id,
    title: input.title,
    quarter: input.quarter,
    scopeOrgId: scope._id,
    ancestors: scope.ancestors,
    orgIds,
    orgAncestors: Object.fromEntries(orgs.map((o) => [o._id, o.ancestors])),
    orgNames: Object.fromEntries(orgs.map((o) => [o._id, o.name])),
    dimensions: [...DIMENSIONS],
    status: 'open',
    secret: newRoundSecret(),
    invites: Object.fromEntries(invites.flatMap((i) => i.codes.map((c) => [inviteHash(id, c), i.orgId]))),
    eligible: {},
    tallies: null,
    openedBy: ctx.actor.memberId,
    openedAt: ctx.clock.now(),
    closedAt: null,
    fingerprint,
    ballotWrites: 0,
  };
  await db.add('rounds', round);
  await writeAudit(ctx, {
    role: targetGrant(ctx).role,
    action: 'assess.rounds.open',
    targetType: 'round',
    targetId: id,
    ancestors: scope.ancestors,
    before: null,
    after: { title: round.title, quarter: round.quarter, orgIds, invitesPerOrg: input.invitesPerOrg },
  });
  return ok({ round: roundView(round), invites, duplicate: false });
}

/**
 * Writes (or replaces) a voter's ballot. The round is read AND written in the same transaction
 * (a counter of ballot writes, no voter in it), so a vote racing the close conflicts with it and
 * either lands before the tally or is refused: no ballot is ever left out of a tally.
 */
async function castBallot(roundId: string, voterKey: string, orgOf: (r: RoundStored) => string | null, scores: BallotDoc['scores']): Promise<Result<{ roundId: string; voted: true }>> {
  try {
    await db.transaction(async (tx) => {
      const r = await tx.get<RoundStored>('rounds', roundId);
      if (!r) throw new AppError('NOT_FOUND');
      if (r.status !== 'open' || !r.secret) throw new AppError('ROUND_CLOSED');
      const orgId = orgOf(r);
      if (!orgId) throw new AppError(voterKey.startsWith('i:') ? 'INVITE_INVALID' : 'NOT_A_VOTER');
      const key = ballotKey(r.secret, r._id, voterKey);
      const ballot: Omit<BallotDoc, '_id'> = { roundId: r._id, orgId, scores };
      await tx.set('ballots', key, ballot);
      await tx.update('rounds', r._id, { ballotWrites: (r.ballotWrites ?? 0) + 1 });
    });
    return ok({ roundId, voted: true });
  } catch (e) {
    if (e instanceof AppError) return e.toFail();
    throw e;
  }
}

/** assess.rounds.vote: a member's ballot for their own branch; voting again replaces it. Requests: caller, start, round, ballot, round, commit = 6. */
export async function vote(ctx: MemberCtx, input: RoundsVoteInput): Promise<Result<{ roundId: string; voted: true }>> {
  const branchId = ctx.member.branchId;
  if (ctx.member.status !== 'active') return fail('NOT_A_VOTER');
  return castBallot(input.roundId, `m:${ctx.member._id}`, (r) => (r.orgIds.includes(branchId) ? branchId : null), input.scores);
}

/** assess.rounds.voteByInvite: a representative of the masses votes with an invite code (one ballot per code). Requests: start, round, ballot, round, commit = 5. */
export async function voteByInvite(ctx: Ctx, input: RoundsVoteByInviteInput): Promise<Result<{ roundId: string; voted: true }>> {
  if (!ctx.openid) return fail('UNAUTHENTICATED');
  const h = inviteHash(input.roundId, input.inviteCode);
  return castBallot(input.roundId, `i:${h}`, (r) => r.invites[h] ?? null, input.scores);
}

/**
 * assess.rounds.close: closes the round and erases its secret (one transaction), then tallies the
 * ballots per org with each org's eligible voters (active members + invites) and stores the
 * tallies. A close interrupted after the first step is finished by calling it again.
 * Requests: caller, round, start, round, set, audit, commit, ballots, counts (1 per org), round.
 */
export async function closeRound(ctx: MemberCtx, input: RoundIdInput): Promise<Result<RoundResult>> {
  const r = await db.get<RoundStored>('rounds', input.roundId);
  if (!r) return fail('NOT_FOUND');
  const auth = authorize(ctx, r.ancestors);
  if (!auth.ok) return auth;
  if (r.status === 'closed' && r.tallies) return ok(resultOf(r, r.orgIds));
  if (r.status === 'open') {
    try {
      await db.transaction(async (tx) => {
        const cur = await tx.get<RoundStored>('rounds', r._id);
        if (!cur || cur.status !== 'open') return;
        await tx.update('rounds', r._id, { status: 'closed', secret: null, closedAt: ctx.clock.now() });
        await writeAudit(
          ctx,
          { role: auth.grant.role, action: 'assess.rounds.close', targetType: 'round', targetId: r._id, ancestors: r.ancestors, before: { status: 'open' }, after: { status: 'closed' } },
          tx,
        );
      });
    } catch (e) {
      if (e instanceof AppError) return e.toFail();
      throw e;
    }
  }
  const ballots = await db.findAll<BallotDoc>('ballots', { roundId: r._id });
  const invitesPer: Record<string, number> = {};
  for (const orgId of Object.values(r.invites)) invitesPer[orgId] = (invitesPer[orgId] ?? 0) + 1;
  const eligible: Record<string, number> = {};
  for (const orgId of r.orgIds) eligible[orgId] = (await db.count('members', { branchId: orgId, status: 'active' })) + (invitesPer[orgId] ?? 0);
  const tallies = tally(ballots, eligible);
  await db.update('rounds', r._id, { eligible, tallies });
  const closed = (await db.get<RoundStored>('rounds', r._id))!;
  return ok(resultOf(closed, closed.orgIds));
}

function resultOf(r: RoundStored, visible: string[]): RoundResult {
  const show = r.status === 'closed' && r.tallies;
  return {
    ...roundView(r),
    tallies: show ? r.tallies!.filter((t) => visible.includes(t.orgId)).map((t) => ({ ...t, orgName: r.orgNames?.[t.orgId] ?? t.orgId })) : null,
    ballots: show ? r.tallies!.reduce((n, t) => n + t.ballots, 0) : null,
  };
}

/**
 * assess.rounds.result: tallies, only once the round is closed (before: the round without them).
 * An admin over the round sees every org; a secretary only their own branch's. Requests: caller, round = 2.
 */
export async function roundResult(ctx: MemberCtx, input: RoundIdInput): Promise<Result<RoundResult>> {
  const r = await db.get<RoundStored>('rounds', input.roundId);
  if (!r) return fail('NOT_FOUND');
  if (grantOn(ctx, r.ancestors)) return ok(resultOf(r, r.orgIds));
  const mine = r.orgIds.filter((o) => grantOn(ctx, r.orgAncestors?.[o] ?? []));
  if (!mine.length) return fail('FORBIDDEN');
  return ok(resultOf(r, mine));
}

/**
 * assess.rounds.list: a member's open rounds for their branch (whether they have voted, never
 * how); with the `manage` variant, the rounds in the caller's scope. Requests: caller, rounds (+ one ballot read per open round).
 */
export async function listRounds(ctx: MemberCtx, input: RoundsListInput): Promise<Result<{ rounds: (RoundView & { voted: boolean | null })[] }>> {
  const status = input.status ? { status: input.status } : {};
  if (holds(ctx, 'manage')) {
    const roots = scopeOf(ctx, 'manage');
    const rounds = await db.find<RoundStored>('rounds', { ancestors: cmd().in(roots), ...status }, { orderBy: [['openedAt', 'desc']], limit: 100 });
    return ok({ rounds: rounds.map((r) => ({ ...roundView(r), voted: null })) });
  }
  const rounds = await db.find<RoundStored>('rounds', { orgIds: ctx.member.branchId, ...status }, { orderBy: [['openedAt', 'desc']], limit: 50 });
  const out: (RoundView & { voted: boolean | null })[] = [];
  for (const r of rounds) {
    const voted = r.status === 'open' && r.secret ? !!(await db.get('ballots', ballotKey(r.secret, r._id, `m:${ctx.member._id}`))) : null;
    out.push({ ...roundView(r), voted });
  }
  return ok({ rounds: out });
}
