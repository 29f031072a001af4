import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Rotating check-in tokens. The QR shows `HGJ:<eventId>:<step>:<sig>` where step is the
 * 15-second time step (base 36) and sig the first 50 bits of HMAC-SHA256(event secret,
 * `<eventId>:<step>`) in Crockford base32 (10 characters). Everything is upper-case letters,
 * digits and ':' — QR alphanumeric mode — and about 32 characters, so the code stays a
 * version 2–3 symbol (25–29 modules) that a cheap phone reads from 2 m. The secret never
 * leaves the server; the step in the token lets an offline scan be matched to its scan time.
 */
export const STEP_MS = 15_000;
export const TOKEN_PREFIX = 'HGJ';
const SIG_CHARS = 10;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type ParsedToken = { eventId: string; step: number; sig: string };
export type TokenRefusal = 'CHECKIN_TOKEN_INVALID' | 'CHECKIN_TOKEN_EXPIRED';

/** The 15 s step an instant falls in. */
export const stepOf = (at: Date | number): number => Math.floor(+at / STEP_MS);

/** Milliseconds from `at` to the start of the next step. */
export const msToNextStep = (at: Date | number): number => STEP_MS - (+at % STEP_MS);

/** The first `chars` × 5 bits of `bytes` in Crockford base32. */
export function base32(bytes: Uint8Array, chars: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += CROCKFORD[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
    if (out.length >= chars) break;
  }
  return out;
}

export function signature(secret: string, eventId: string, step: number): string {
  return base32(createHmac('sha256', secret).update(`${eventId}:${step}`).digest(), SIG_CHARS);
}

export function issueToken(secret: string, eventId: string, step: number): string {
  return `${TOKEN_PREFIX}:${eventId}:${step.toString(36).toUpperCase()}:${signature(secret, eventId, step)}`;
}

/** The token's shape, also generated for the mini-program's scanner (scripts/gen-miniprogram-contracts.ts). */
export const TOKEN_PATTERN = `^${TOKEN_PREFIX}:([0-9A-Z]{6,16}):([0-9A-Z]{1,10}):([0-9A-Z]{${SIG_CHARS}})$`;
const TOKEN_RE = new RegExp(TOKEN_PATTERN);

/** Reads a scanned text; null when it is not one of our check-in codes. */
export function parseToken(text: string): ParsedToken | null {
  const m = TOKEN_RE.exec(text.trim().toUpperCase());
  if (!m) return null;
  const step = parseInt(m[2], 36);
  if (!Number.isSafeInteger(step)) return null;
  return { eventId: m[1], step, sig: m[3] };
}

/** Is the token signed with this event's secret (constant-time comparison)? */
export function signatureValid(t: ParsedToken, secret: string): boolean {
  const want = Buffer.from(signature(secret, t.eventId, t.step));
  const got = Buffer.from(t.sig);
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * Is a token of step `tokenStep` fresh for a scan in step `scanStep`? The current and the
 * previous step are accepted (a code read just before it rotated); older is EXPIRED; a step
 * after the scan's cannot have been shown yet, so it is INVALID.
 */
export function freshness(tokenStep: number, scanStep: number): TokenRefusal | null {
  if (tokenStep > scanStep) return 'CHECKIN_TOKEN_INVALID';
  if (scanStep - tokenStep > 1) return 'CHECKIN_TOKEN_EXPIRED';
  return null;
}

/** A short random id in the token alphabet (events), from caller-supplied random bytes. */
export function shortId(bytes: Uint8Array, chars = 10): string {
  return base32(bytes, chars);
}
