import { createSign } from 'node:crypto';

/**
 * The CloudBase custom-login key as the console downloads it (tcb_custom_login.json:
 * `private_key_id`, `private_key`, `env_id`), given to the auth function as the environment
 * variable CONSOLE_LOGIN_KEY (docs/console.md). Locally the gateway makes one per process.
 */
export type CustomLoginKey = { private_key_id: string; private_key: string; env_id: string };

export const CONSOLE_LOGIN_KEY_ENV = 'CONSOLE_LOGIN_KEY';

export function customLoginKey(): CustomLoginKey | null {
  const raw = process.env[CONSOLE_LOGIN_KEY_ENV];
  if (!raw) return null;
  try {
    const k = JSON.parse(raw) as Partial<CustomLoginKey>;
    return k.private_key_id && k.private_key && k.env_id ? (k as CustomLoginKey) : null;
  } catch {
    return null;
  }
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * A custom-login ticket for `uid`, exactly as @cloudbase/node-sdk's `auth().createTicket(uid,
 * {expire})` makes one (node-sdk 3.17 dist/auth/index.js): an RS256 JWT of `{alg, env, iat, exp:
 * iat + 10 min, uid, refresh: 1 h, expire}` (milliseconds) signed with the private key, prefixed
 * `<private_key_id>/@@/`. Written here with node:crypto so the auth bundle does not carry the
 * node-sdk and jsonwebtoken. `expire` is when the login state ends (the console session's end).
 */
export function createTicket(key: CustomLoginKey, uid: string, now: Date, expire: Date): string {
  const iat = now.getTime();
  const header = { alg: 'RS256', typ: 'JWT' };
  const payload = { alg: 'RS256', env: key.env_id, iat, exp: iat + 10 * 60 * 1000, uid, refresh: 3600 * 1000, expire: expire.getTime() };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key.private_key);
  return `${key.private_key_id}/@@/${signingInput}.${b64url(signature)}`;
}
