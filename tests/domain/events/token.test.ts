import { describe, expect, it } from '@jest/globals';
import { base32, freshness, issueToken, msToNextStep, parseToken, signature, signatureValid, STEP_MS, stepOf } from '../../../core/domain/events/token';
import { chinaTime } from '../../../core/domain/time';

const SECRET = 'test-secret-of-event';
const EVENT = 'AB12CD34EF';

describe('rotating check-in tokens', () => {
  it('steps every 15 seconds and says how long until the next', () => {
    const t = chinaTime('2026-11-06 09:00:00');
    expect(stepOf(+t + STEP_MS)).toBe(stepOf(t) + 1);
    expect(stepOf(+t + STEP_MS - 1)).toBe(stepOf(+t) + (msToNextStep(t) <= STEP_MS - 1 ? 1 : 0));
    expect(msToNextStep(stepOf(t) * STEP_MS)).toBe(STEP_MS);
    expect(msToNextStep(stepOf(t) * STEP_MS + 4000)).toBe(11000);
  });

  it('is short, upper-case alphanumeric (QR alphanumeric mode) and round-trips through the parser', () => {
    const step = stepOf(chinaTime('2026-11-06 09:00:00'));
    const token = issueToken(SECRET, EVENT, step);
    expect(token).toMatch(/^HGJ:[0-9A-Z]+:[0-9A-Z]+:[0-9A-Z]{10}$/);
    expect(token.length).toBeLessThanOrEqual(40);
    expect(parseToken(token)).toEqual({ eventId: EVENT, step, sig: signature(SECRET, EVENT, step) });
    expect(parseToken(` ${token.toLowerCase()}\n`)).toEqual(parseToken(token));
  });

  it.each(['', 'hello', 'HGJ:AB12CD34EF:1:SHORT', 'HGJ:AB:1:0123456789', 'https://example.com/?HGJ:AB12CD34EF:1:0123456789', 'HGJ:AB12CD34EF:-1:0123456789'])('does not parse %j', (text) => {
    expect(parseToken(text)).toBeNull();
  });

  it('accepts only the signature made with the event secret, for that event and step', () => {
    const step = 123456;
    const t = parseToken(issueToken(SECRET, EVENT, step))!;
    expect(signatureValid(t, SECRET)).toBe(true);
    expect(signatureValid(t, 'another-secret')).toBe(false);
    expect(signatureValid({ ...t, step: step + 1 }, SECRET)).toBe(false);
    expect(signatureValid({ ...t, eventId: 'ZZ12CD34EF' }, SECRET)).toBe(false);
    const flipped = t.sig[0] === '0' ? `1${t.sig.slice(1)}` : `0${t.sig.slice(1)}`;
    expect(signatureValid({ ...t, sig: flipped }, SECRET)).toBe(false);
  });

  it.each([
    [100, 100, null],
    [99, 100, null],
    [98, 100, 'CHECKIN_TOKEN_EXPIRED'],
    [10, 100, 'CHECKIN_TOKEN_EXPIRED'],
    [101, 100, 'CHECKIN_TOKEN_INVALID'],
  ])('token step %i scanned in step %i: %s', (tokenStep, scanStep, code) => {
    expect(freshness(tokenStep, scanStep)).toBe(code);
  });

  it('encodes base32 in the Crockford alphabet, 5 bits per character', () => {
    expect(base32(Uint8Array.from([0, 0, 0, 0, 0]), 8)).toBe('00000000');
    expect(base32(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff]), 8)).toBe('ZZZZZZZZ');
    expect(base32(Uint8Array.from([0b00001000, 0b01000010]), 3)).toBe('111');
    expect(base32(Uint8Array.from([0b00001000, 0b01000000]), 3)).toBe('110');
  });
});
