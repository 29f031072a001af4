import type { RoleGrant } from '../../core/contracts/roles';
import { failure, type Result } from './cloud';
import { request } from './http';

/** A demo user the local gateway can act as (GET /dev/identities). */
export type DevIdentity = { openid: string; name: string; roles: RoleGrant[]; orgId: string };

/** Lists the local cloud's demo identities. Local gateway only: CloudBase has no such route. */
export async function identities(): Promise<Result<DevIdentity[]>> {
  const reply = await request('GET', '/dev/identities');
  if (!reply.ok) return failure(reply.code);
  if (reply.status !== 200 || !Array.isArray(reply.data)) return failure('INTERNAL');
  return { ok: true, data: reply.data as DevIdentity[] };
}
