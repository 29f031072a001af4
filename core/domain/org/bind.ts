import { INVITE_QR_PREFIX } from '../../contracts/org';
import type { ErrorCode } from '../../contracts/errors';
import { isBound, type MemberDoc } from './model';
/**
 * Binding a WeChat openid to a roster member: pure decisions. The use case reads, calls these,
 * and writes (core/usecases/auth/bind.ts).
 */

/** Wrong attempts allowed per openid within BIND_WINDOW_MS; the next attempt is RATE_LIMITED. */
export const MAX_BIND_FAILURES = 5;
export const BIND_WINDOW_MS = 60 * 60 * 1000;

/**
 * One document per openid (`_id` = bindAttemptId(openid)) keeps the instants of its recent
 * wrong attempts: a sliding one-hour window, not a calendar hour, so ten guesses around a
 * full hour are not possible.
 */
export type BindAttemptDoc = { _id: string; openid: string; failures: Date[]; updatedAt: Date };
export const bindAttemptId = (openid: string): string => `bind:${openid}`;

/** Failures still inside the window at `now`, oldest first. */
export function recentFailures(failures: readonly Date[], now: Date): Date[] {
  const from = now.getTime() - BIND_WINDOW_MS;
  return failures
    .map((d) => new Date(d))
    .filter((d) => d.getTime() > from && d.getTime() <= now.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
}

export function isRateLimited(failures: readonly Date[], now: Date): boolean {
  return recentFailures(failures, now).length >= MAX_BIND_FAILURES;
}

/** The failure list after one more wrong attempt at `now` (only what the window still needs). */
export function withFailure(failures: readonly Date[], now: Date): Date[] {
  return [...recentFailures(failures, now), now].slice(-MAX_BIND_FAILURES);
}

/** Invite codes are shown upper-case; people type them any way, or scan `HGJBIND:<code>`. */
export function normalizeInviteCode(raw: string): string {
  let s = raw.trim();
  if (s.toUpperCase().startsWith(INVITE_QR_PREFIX)) s = s.slice(INVITE_QR_PREFIX.length);
  return s.replace(/[\s-]/g, '').toUpperCase();
}

/** Names compare without spaces (full- or half-width) and with one kind of middle dot. */
export function normalizeName(raw: string): string {
  return raw.replace(/[\s\u3000]/g, '').replace(/[·•・．.]/g, '·');
}

/** The roster entry the caller named, among the members of the invite code's branch with that phone. */
export function matchMember<M extends Pick<MemberDoc, 'name' | 'status'>>(candidates: readonly M[], name: string): M | undefined {
  const want = normalizeName(name);
  return candidates.find((m) => m.status !== 'transferred' && normalizeName(m.name) === want);
}

export type BindDecision =
  | { kind: 'bind' }
  /** Already bound to this very openid: a retried bind answers with the profile, writes nothing. */
  | { kind: 'same' }
  | { kind: 'refuse'; code: ErrorCode };

/**
 * Given the member found and the member the caller's openid is already bound to (if any).
 * A wrong code or an unknown name/phone is decided earlier (they count as failed attempts).
 */
export function decideBind(member: Pick<MemberDoc, '_id' | 'openid'>, openid: string, callerBound: Pick<MemberDoc, '_id'> | null): BindDecision {
  if (member.openid === openid) return { kind: 'same' };
  if (callerBound && callerBound._id !== member._id) return { kind: 'refuse', code: 'ALREADY_BOUND' };
  if (isBound(member)) return { kind: 'refuse', code: 'MEMBER_ALREADY_BOUND' };
  return { kind: 'bind' };
}
