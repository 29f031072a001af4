import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseToken, signatureValid, type ParsedToken } from './token';

/**
 * The check-in code as a 小程序码 (wxacode.getUnlimited). Its `scene` is at most 32 visible
 * characters of `0-9 a-z A-Z !#$&'()*+,/:;=?@-._~` (WeChat server API getUnlimitedQRCode, "scene"),
 * and WeChat hands it to the page as `onLoad({scene})`, URL-encoded. Layout (v1, the '.' marks it):
 *
 *   <eventId>.<step><mac>      e.g. 7QK2M9XH4C.BxGzI3fQ0aZk_9Lm
 *
 * - eventId: the event's id as is, 6–16 of [0-9A-Z] (contracts/common.ts);
 * - step: the 15 s time step (token.ts, the same rotation and previous-step grace), 5 digits of
 *   the base64url alphabet, fixed width (64^5 steps of 15 s ≈ 510 years from 1970);
 * - mac: the first 60 bits of HMAC-SHA256(event secret, `S1:<eventId>:<step>`), 10 base64url
 *   digits. The `S1:` prefix keeps it apart from the text token's signature over the same step.
 * At most 16 + 1 + 5 + 10 = 32 characters, all of them URL-safe (encodeURIComponent leaves
 * `A-Za-z0-9-_.` as they are, so iOS's encoded and Android's raw `path` read the same). Case
 * matters (base64url): a scene is never upper-cased, unlike the text token.
 */
export const SCENE_MAX = 32;
const STEP_DIGITS = 5;
const MAC_DIGITS = 10;
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The scene's shape, also generated for the mini-program's scanner (scripts/gen-miniprogram-contracts.ts). */
export const SCENE_PATTERN = `^([0-9A-Z]{6,16})\\.([A-Za-z0-9_-]{${STEP_DIGITS}})([A-Za-z0-9_-]{${MAC_DIGITS}})$`;
const SCENE_RE = new RegExp(SCENE_PATTERN);

/** Characters WeChat allows in a scene. */
export const SCENE_CHARSET = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;

/** A scanned code: a text token (`HGJ:…`) or a scene; `scheme` says which signature to check. */
export type ScanToken = ParsedToken & { scheme: 'text' | 'scene' };

function stepDigits(step: number): string {
  let s = '';
  let n = step;
  for (let i = 0; i < STEP_DIGITS; i++) {
    s = B64URL[n % 64] + s;
    n = Math.floor(n / 64);
  }
  return s;
}

function stepValue(digits: string): number {
  let n = 0;
  for (const c of digits) n = n * 64 + B64URL.indexOf(c);
  return n;
}

export function sceneMac(secret: string, eventId: string, step: number): string {
  return createHmac('sha256', secret).update(`S1:${eventId}:${step}`).digest('base64url').slice(0, MAC_DIGITS);
}

/** The scene of an event's code for one time step (≤ 32 characters for every valid event id and step). */
export function encodeScene(secret: string, eventId: string, step: number): string {
  return `${eventId}.${stepDigits(step)}${sceneMac(secret, eventId, step)}`;
}

/** Reads a scene (already URL-decoded); null when it is not one of our check-in scenes. */
export function parseScene(scene: string): ScanToken | null {
  const m = SCENE_RE.exec(scene.trim());
  if (!m) return null;
  return { eventId: m[1], step: stepValue(m[2]), sig: m[3], scheme: 'scene' };
}

/** What a member's phone sent as `token`: a scene from a 小程序码, or the text of the fallback QR. */
export function parseScan(text: string): ScanToken | null {
  const scene = parseScene(text);
  if (scene) return scene;
  const t = parseToken(text);
  return t ? { ...t, scheme: 'text' } : null;
}

/** Is the scanned code signed with this event's secret (constant-time), whichever form it came in? */
export function scanSignatureValid(t: ParsedToken & { scheme?: 'text' | 'scene' }, secret: string): boolean {
  if (t.scheme !== 'scene') return signatureValid(t, secret);
  const want = Buffer.from(sceneMac(secret, t.eventId, t.step));
  const got = Buffer.from(t.sig);
  return want.length === got.length && timingSafeEqual(want, got);
}
