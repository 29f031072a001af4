import { db } from '../db/db';
import { isLive, type ConsoleSessionDoc } from '../domain/console/session';
import { UNBOUND_PREFIX, type MemberDoc } from '../domain/org/model';

/**
 * The member a web console acts as: the platform names the caller by its CloudBase custom user
 * id (core/db/sdk.ts customUserId), which is the `consoleSessions` id a phone confirmed. Two
 * reads: the session, then the member as stored now (roles read fresh on every call, as for the
 * mini-program). Null when the session is not live (pending, ended, past its 8 h) or the member
 * has been unbound since.
 */
export async function loadConsoleMember(sessionId: string, now: Date): Promise<MemberDoc | null> {
  const session = await db.get<ConsoleSessionDoc>('consoleSessions', sessionId);
  if (!session || !isLive(session, now) || !session.memberId) return null;
  const member = await db.get<MemberDoc>('members', session.memberId);
  if (!member || member.openid.startsWith(UNBOUND_PREFIX)) return null;
  return member;
}
