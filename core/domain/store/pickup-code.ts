import { PICKUP_QR_PREFIX } from '../../contracts/store';

/**
 * Pickup codes: 8 characters from a 32-letter alphabet without the look-alikes 0/O and 1/I,
 * so a keeper can also type one read off a screen. 32^8 = 2^40 codes, drawn from a
 * cryptographic random source the caller passes in: short, but not guessable.
 */
export const PICKUP_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PICKUP_LENGTH = 8;

/** A code from `PICKUP_LENGTH` random bytes (each byte's low 5 bits: 256 is a multiple of 32, so unbiased). */
export function pickupCodeFrom(random: Uint8Array): string {
  if (random.length < PICKUP_LENGTH) throw new RangeError(`need ${PICKUP_LENGTH} random bytes`);
  let out = '';
  for (let i = 0; i < PICKUP_LENGTH; i++) out += PICKUP_ALPHABET[random[i] & 31];
  return out;
}

/** What the member's QR encodes. */
export const pickupQrText = (code: string): string => PICKUP_QR_PREFIX + code;

/** `ABCD EFGH` for reading aloud / typing. */
export const formatPickupCode = (code: string): string => `${code.slice(0, 4)} ${code.slice(4)}`;

/**
 * Reads a scanned or typed code: the QR prefix, spaces and dashes are dropped, case ignored.
 * Null when it cannot be a pickup code (so no database read is spent on it).
 */
export function normalizePickupCode(input: string): string | null {
  let s = input.trim().toUpperCase();
  if (s.startsWith(PICKUP_QR_PREFIX)) s = s.slice(PICKUP_QR_PREFIX.length);
  s = s.replace(/[\s-]/g, '');
  if (s.length !== PICKUP_LENGTH) return null;
  for (const ch of s) if (!PICKUP_ALPHABET.includes(ch)) return null;
  return s;
}
