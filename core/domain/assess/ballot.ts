import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * 民主评议 ballots, anonymous by construction (docs/flows/assessment.md "Why a ballot cannot be
 * traced"): a ballot's `_id` is HMAC-SHA256(round secret, `<roundId>|<voterKey>`), and it holds only
 * the round, the org and the scores: no voter, no time. The same voter always hits the same `_id`
 * (one ballot per voter per round, changed by overwriting it); once the round closes its secret is
 * erased, so nobody, admins included, can recompute which `_id` belongs to whom.
 */
export { DIMENSION_LABELS, DIMENSIONS, type Dimension } from './constants';
import { DIMENSIONS, type Dimension } from './constants';

export const newRoundSecret = (): string => randomBytes(32).toString('hex');

export function ballotKey(secret: string, roundId: string, voterKey: string): string {
  return 'bal' + createHmac('sha256', secret).update(`${roundId}|${voterKey}`).digest('hex');
}

/** Invite codes for representatives of the masses: shown once to the admin, stored as their hash. */
export const newInviteCode = (): string =>
  randomBytes(6)
    .toString('base64url')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, 'X')
    .slice(0, 8);
export const inviteHash = (roundId: string, code: string): string => createHash('sha256').update(`${roundId}|${code.trim().toUpperCase()}`).digest('hex');

export type BallotDoc = { _id: string; roundId: string; orgId: string; scores: Record<Dimension, number> };

export type OrgTally = { orgId: string; ballots: number; eligible: number; participation: number; means: Record<Dimension, number>; mean: number };

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Tallies per org: ballots, participation (ballots / eligible voters), each dimension's mean. */
export function tally(ballots: readonly BallotDoc[], eligible: Record<string, number>): OrgTally[] {
  return Object.keys(eligible)
    .sort()
    .map((orgId) => {
      const mine = ballots.filter((b) => b.orgId === orgId);
      const means = Object.fromEntries(DIMENSIONS.map((d) => [d, mine.length ? round2(mine.reduce((n, b) => n + (b.scores[d] ?? 0), 0) / mine.length) : 0])) as Record<Dimension, number>;
      const mean = mine.length ? round2(DIMENSIONS.reduce((n, d) => n + means[d], 0) / DIMENSIONS.length) : 0;
      return { orgId, ballots: mine.length, eligible: eligible[orgId], participation: eligible[orgId] ? round2(mine.length / eligible[orgId]) : 0, means, mean };
    });
}
