import { createPublicKey, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/**
 * CloudBase's web identity for the console, emulated (docs/console.md):
 *  - the custom-login key: CloudBase gives the env a private key (tcb_custom_login.json) that the
 *    auth function signs tickets with (core/usecases/auth/console-ticket.ts). Locally one is made
 *    per process and put where the function reads it (CONSOLE_LOGIN_KEY), unless one is set;
 *  - `POST /auth/v1/signin/custom {provider_id: 'custom', ticket}` and `/auth/v1/signin/anonymously`
 *    answer an access token (CloudBase HTTP API "自定义登录" / "匿名登录": token_type, access_token,
 *    expires_in, sub). The ticket is checked as CloudBase would: key id, RS256 signature, env and
 *    its 10-minute `exp`; the login state lasts until the ticket's `expire` (CloudBase refreshes
 *    the access token until then; here the token simply lives that long);
 *  - `POST /v1/functions/<fn>` with `Authorization: Bearer <token>` runs the function with the
 *    caller in its context (TCB_CUSTOM_USER_ID, TCB_UUID...) as `getCloudbaseContext` reads it,
 *    never in the event.
 */
export const CONSOLE_LOGIN_KEY_ENV = 'CONSOLE_LOGIN_KEY';

type LoginKey = { keyId: string; envId: string; publicKey: KeyObject };
let localKey: LoginKey | undefined;

/** The custom-login key the local auth function signs with; made (and put in the env) on first use. */
export function installLocalCustomLoginKey(envId = 'local'): LoginKey {
  const raw = process.env[CONSOLE_LOGIN_KEY_ENV];
  if (raw) {
    const k = JSON.parse(raw) as { private_key_id: string; private_key: string; env_id: string };
    if (!localKey || localKey.keyId !== k.private_key_id) localKey = { keyId: k.private_key_id, envId: k.env_id, publicKey: createPublicKey(k.private_key) };
    return localKey;
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = `local-${randomBytes(6).toString('hex')}`;
  process.env[CONSOLE_LOGIN_KEY_ENV] = JSON.stringify({ private_key_id: keyId, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), env_id: envId });
  localKey = { keyId, envId, publicKey };
  return localKey;
}

export type TicketClaims = { uid: string; expire: number };

/** Checks a ticket as CloudBase's custom sign-in does; null when it is not one this env's key signed, or is stale. */
export function verifyTicket(ticket: string, key: LoginKey, nowMs: number): TicketClaims | null {
  const sep = ticket.indexOf('/@@/');
  if (sep < 0 || ticket.slice(0, sep) !== key.keyId) return null;
  const parts = ticket.slice(sep + 4).split('.');
  if (parts.length !== 3) return null;
  const ok = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(key.publicKey, Buffer.from(parts[2], 'base64url'));
  if (!ok) return null;
  try {
    const p = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { env?: string; exp?: number; uid?: string; expire?: number };
    if (p.env !== key.envId || typeof p.exp !== 'number' || nowMs >= p.exp || typeof p.uid !== 'string' || typeof p.expire !== 'number') return null;
    // the custom user id rule (docs.cloudbase.net custom-login: 4-32 characters of letters, digits, _-#@(){}[]:.,<>+#~)
    if (!/^[A-Za-z0-9_\-#@(){}[\]:.,<>+~]{4,32}$/.test(p.uid)) return null;
    return { uid: p.uid, expire: p.expire };
  } catch {
    return null;
  }
}

/** Who a web caller is, as the platform knows them. */
export type WebIdentity = { uuid: string; customUserId?: string; anonymous: boolean; expiresAt: number };

const ANONYMOUS_TOKEN_MS = 2 * 60 * 60 * 1000;

/** Access tokens the local gateway has handed out (in memory: a restart signs everyone out). */
export class WebSessions {
  private readonly tokens = new Map<string, WebIdentity>();

  signInAnonymously(nowMs: number): { token: string; identity: WebIdentity } {
    return this.issue({ uuid: `anon-${randomBytes(8).toString('hex')}`, anonymous: true, expiresAt: nowMs + ANONYMOUS_TOKEN_MS });
  }

  signInCustom(ticket: string, key: LoginKey, nowMs: number): { token: string; identity: WebIdentity } | null {
    const claims = verifyTicket(ticket, key, nowMs);
    if (!claims || claims.expire <= nowMs) return null;
    return this.issue({ uuid: `custom-${claims.uid}`, customUserId: claims.uid, anonymous: false, expiresAt: claims.expire });
  }

  lookup(authorization: string | undefined, nowMs: number): WebIdentity | null {
    const m = /^Bearer (\S+)$/.exec(authorization ?? '');
    const id = m ? this.tokens.get(m[1]) : undefined;
    if (!id) return null;
    if (nowMs >= id.expiresAt) {
      this.tokens.delete(m![1]);
      return null;
    }
    return id;
  }

  private issue(identity: WebIdentity): { token: string; identity: WebIdentity } {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, identity);
    return { token, identity };
  }
}

/**
 * The function's `context.environment` for a web call (the newer SCF context, a JSON string that
 * node-sdk's parseContext reads), naming the caller as CloudBase does: TCB_UUID, TCB_CUSTOM_USER_ID
 * (custom login only), TCB_ISANONYMOUS_USER, listed in TCB_CONTEXT_KEYS.
 */
export function webContextEnvironment(id: WebIdentity): string {
  const vars: Record<string, string> = { TCB_UUID: id.uuid, TCB_ISANONYMOUS_USER: String(id.anonymous), LOGINTYPE: id.anonymous ? 'ANONYMOUS' : 'CUSTOM' };
  if (id.customUserId) vars.TCB_CUSTOM_USER_ID = id.customUserId;
  return JSON.stringify({ TCB_CONTEXT_KEYS: Object.keys(vars).join(','), ...vars });
}
