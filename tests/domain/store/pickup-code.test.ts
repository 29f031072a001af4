import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { formatPickupCode, normalizePickupCode, PICKUP_ALPHABET, PICKUP_LENGTH, pickupCodeFrom, pickupQrText } from '../../../core/domain/store/pickup-code';

describe('pickup codes', () => {
  it('uses 32 characters without the look-alikes 0, O, 1 and I', () => {
    expect(PICKUP_ALPHABET).toHaveLength(32);
    expect(new Set(PICKUP_ALPHABET).size).toBe(32);
    for (const ch of '0O1I') expect(PICKUP_ALPHABET).not.toContain(ch);
  });

  it('makes 8 characters from the random bytes it is given', () => {
    expect(pickupCodeFrom(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]))).toBe('23456789');
    expect(pickupCodeFrom(Uint8Array.from([31, 63, 95, 127, 159, 191, 223, 255]))).toBe('ZZZZZZZZ');
    expect(pickupCodeFrom(Uint8Array.from([32, 33, 34, 35, 36, 37, 38, 39]))).toBe('23456789');
    expect(() => pickupCodeFrom(new Uint8Array(7))).toThrow(RangeError);
  });

  it('spreads codes evenly over the alphabet (no modulo bias), so 40 bits are really 40 bits', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const ch = pickupCodeFrom(Uint8Array.from(Array(8).fill(b)))[0];
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual(Array(32).fill(8));
    expect(PICKUP_ALPHABET.length ** PICKUP_LENGTH).toBe(2 ** 40);
  });

  it('draws distinct codes from a cryptographic source', () => {
    const codes = new Set(Array.from({ length: 10000 }, () => pickupCodeFrom(randomBytes(8))));
    expect(codes.size).toBe(10000);
  });

  it.each([
    ['ABCDEFGH', 'ABCDEFGH'],
    ['abcd efgh', 'ABCDEFGH'],
    ['ABCD-EFGH', 'ABCDEFGH'],
    [' HGJPICK:ABCDEFGH ', 'ABCDEFGH'],
    ['hgjpick:abcd-efgh', 'ABCDEFGH'],
    ['ABCDEFG', null],
    ['ABCDEFGHJ', null],
    ['ABCDEFG0', null],
    ['ABCDEFGI', null],
    ['HGJBIND:ABC123', null],
    ['', null],
  ])('reads %p as %p', (input, out) => {
    expect(normalizePickupCode(input)).toBe(out);
  });

  it('formats for reading and encodes for the QR', () => {
    expect(formatPickupCode('ABCDEFGH')).toBe('ABCD EFGH');
    expect(pickupQrText('ABCDEFGH')).toBe('HGJPICK:ABCDEFGH');
    expect(normalizePickupCode(pickupQrText('ABCDEFGH'))).toBe('ABCDEFGH');
  });
});
