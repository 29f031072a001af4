import type { MeResult } from '../../core/contracts/auth';
import { config } from '../config';
import { me } from './auth';
import type { Result } from './cloud';
import { actingOpenid } from './identity';

/**
 * The caller's profile, fetched once per identity and shared by every page, so switching tabs
 * costs no requests. Switching the dev identity changes the key, so pages re-fetch on onShow.
 */
let cached: { key: string; me: MeResult } | null = null;

function identityKey(): string {
  return config.mode === 'local' ? `local:${actingOpenid()}` : 'cloud';
}

export async function loadMe(force = false): Promise<Result<MeResult>> {
  const key = identityKey();
  if (!force && cached && cached.key === key) return { ok: true, data: cached.me };
  const r = await me();
  cached = r.ok ? { key, me: r.data } : null;
  return r;
}
