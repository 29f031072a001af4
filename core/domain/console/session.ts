import { CONSOLE_REQUEST_TTL_MS, CONSOLE_SESSION_TTL_MS } from '../../contracts/auth';

/**
 * A web console login, from the QR to the end of the session (collection `consoleSessions`).
 * `_id` is the login request id and, once confirmed, the CloudBase custom user id the browser
 * signs in as: the function maps it back to the member here, never trusting the payload.
 *
 *   pending --phone confirms--> confirmed --browser polls (ticket handed out once)--> active
 *      |                                                                              |
 *      +-- request expired (2 min): refused                    logout / revoke / 8 h: ended
 */
export type ConsoleSessionStatus = 'pending' | 'confirmed' | 'active' | 'ended';

export type ConsoleSessionDoc = {
  _id: string;
  status: ConsoleSessionStatus;
  /** Which browser asked (its own description), shown on the phone before confirming. */
  browser: string;
  /** sha256 of the poll secret only that browser holds. */
  pollHash: string;
  requestedAt: Date;
  requestExpiresAt: Date;
  memberId: string | null;
  memberName: string | null;
  confirmedAt: Date | null;
  /** When the session ends by itself (set at confirmation). */
  expiresAt: Date | null;
  endedAt: Date | null;
  endedBy: 'logout' | 'revoke' | null;
};

export function newRequest(id: string, browser: string, pollHash: string, now: Date): ConsoleSessionDoc {
  return {
    _id: id,
    status: 'pending',
    browser,
    pollHash,
    requestedAt: now,
    requestExpiresAt: new Date(now.getTime() + CONSOLE_REQUEST_TTL_MS),
    memberId: null,
    memberName: null,
    confirmedAt: null,
    expiresAt: null,
    endedAt: null,
    endedBy: null,
  };
}

/** A request a phone may still confirm: pending and not past its two minutes. */
export const isConfirmable = (s: ConsoleSessionDoc, now: Date): boolean => s.status === 'pending' && now.getTime() < s.requestExpiresAt.getTime();

/** The confirmation's patch: the member it signs in as and the session's end. */
export function confirmation(member: { _id: string; name: string }, now: Date): Pick<ConsoleSessionDoc, 'status' | 'memberId' | 'memberName' | 'confirmedAt' | 'expiresAt'> {
  return { status: 'confirmed', memberId: member._id, memberName: member.name, confirmedAt: now, expiresAt: new Date(now.getTime() + CONSOLE_SESSION_TTL_MS) };
}

/** A session a console may act in: ticket handed out, not ended, not past its end. */
export const isLive = (s: ConsoleSessionDoc, now: Date): boolean => s.status === 'active' && s.expiresAt !== null && now.getTime() < s.expiresAt.getTime();

/** Sessions the phone lists: confirmed or active, not past their end. */
export const isListed = (s: ConsoleSessionDoc, now: Date): boolean => (s.status === 'confirmed' || s.status === 'active') && s.expiresAt !== null && now.getTime() < s.expiresAt.getTime();
