import { describe, expect, it } from '@jest/globals';
import { checkScan, type ScanEvent, type ScanRequest } from '../../../core/domain/events/guards';
import { encodeScene, parseScan, parseScene, SCENE_CHARSET, SCENE_MAX, scanSignatureValid } from '../../../core/domain/events/scene';
import { issueToken, STEP_MS, stepOf } from '../../../core/domain/events/token';
import { chinaTime } from '../../../core/domain/time';

// The 小程序码 scene (core/domain/events/scene.ts). WeChat's limit, from the server API
// getUnlimitedQRCode (developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/
// api_getunlimitedqrcode): "scene: 最大32个可见字符，只支持数字，大小写英文以及部分特殊字符：
// !#$&'()*+,/:;=?@-._~". Runs in UTC and Asia/Shanghai (the `time` project): steps are UTC epoch
// based, so the boundaries below must not move with the zone.

const SECRET = 'event-secret-0123456789abcdef';
const now = chinaTime('2026-12-06 09:00:07');

describe('scene encoding', () => {
  it.each([
    ['the shortest event id (6)', 'EVT001'],
    ['a created event id (10)', '7QK2M9XH4C'],
    ['a seeded id', 'DEMOOPENB01'],
    ['the longest event id (16)', 'ZZZZZZZZZZZZZZZZ'],
  ])('fits %s in 32 allowed characters and round-trips', (_name, eventId) => {
    for (const at of [new Date(0), now, chinaTime('2099-12-31 23:59:59'), new Date(Date.UTC(2400, 0, 1))]) {
      const step = stepOf(at);
      const scene = encodeScene(SECRET, eventId, step);
      expect(scene.length).toBeLessThanOrEqual(SCENE_MAX);
      expect(scene).toMatch(SCENE_CHARSET);
      // the page gets it URL-encoded; our characters survive encodeURIComponent unchanged
      expect(encodeURIComponent(scene)).toBe(scene);
      const parsed = parseScene(decodeURIComponent(encodeURIComponent(scene)));
      expect(parsed).toMatchObject({ eventId, step, scheme: 'scene' });
      expect(scanSignatureValid(parsed!, SECRET)).toBe(true);
    }
  });

  it('is exactly 32 characters at the longest event id: the whole budget, nothing to spare', () => {
    expect(encodeScene(SECRET, 'ZZZZZZZZZZZZZZZZ', stepOf(now))).toHaveLength(32);
  });

  it('changes every 15 s step and differs between events', () => {
    const a = encodeScene(SECRET, 'EVT0000001', stepOf(now));
    expect(encodeScene(SECRET, 'EVT0000001', stepOf(+now + STEP_MS))).not.toBe(a);
    expect(encodeScene('other-secret', 'EVT0000001', stepOf(now))).not.toBe(a);
  });

  it.each([
    ['empty', ''],
    ['the text token', 'HGJ:EVT0000001:1Y2P0IJ:7K2M9QX4TA'],
    ['a lower-case event id', 'evt0000001.BxGzI3fQ0aZk_9Lm'],
    ['a short MAC', 'EVT0000001.BxGzI3fQ0aZk'],
    ['a long MAC', 'EVT0000001.BxGzI3fQ0aZk_9Lmxx'],
    ['a percent-encoded character', 'EVT0000001.BxGzI%3fQ0aZk_9L'],
  ])('reads %s as no scene', (_name, text) => {
    expect(parseScene(text)).toBeNull();
  });

  it('parseScan takes either form: a scene as is, the fallback text token by its signature', () => {
    const step = stepOf(now);
    const scene = parseScan(encodeScene(SECRET, 'EVT0000001', step))!;
    const text = parseScan(issueToken(SECRET, 'EVT0000001', step))!;
    expect(scene).toMatchObject({ eventId: 'EVT0000001', step, scheme: 'scene' });
    expect(text).toMatchObject({ eventId: 'EVT0000001', step, scheme: 'text' });
    expect(scanSignatureValid(scene, SECRET)).toBe(true);
    expect(scanSignatureValid(text, SECRET)).toBe(true);
    // a MAC is not a signature of the other form
    expect(scanSignatureValid({ ...scene, scheme: 'text' }, SECRET)).toBe(false);
  });
});

describe('a scene through the check-in guards', () => {
  const event: ScanEvent = {
    _id: 'EVT0000001',
    secret: SECRET,
    status: 'open',
    closedAt: null,
    startAt: chinaTime('2026-12-06 09:00:00'),
    endAt: chinaTime('2026-12-06 11:00:00'),
    earlyMinutes: 30,
    lateMinutes: 15,
    scopeOrgId: 'b01',
    geofence: null,
  };
  const member = { ancestors: ['county', 't1', 'b01'], status: 'active' };
  const sceneAt = (at: Date | number, id = event._id, secret = SECRET) => encodeScene(secret, id, stepOf(at));
  const guard = (scene: string, at: Date, over: Partial<ScanRequest> = {}) => {
    const r = checkScan({ token: parseScan(scene), scannedAt: null, location: null, kind: 'checkin', ...over }, event, member, at);
    return r.ok ? 'OK' : r.code;
  };
  /** The scene with one character of its MAC (or step) replaced by another allowed one. */
  const flip = (scene: string, index: number) => scene.slice(0, index) + (scene[index] === 'A' ? 'B' : 'A') + scene.slice(index + 1);

  // step boundaries: the step turns at whole multiples of 15 s of UTC epoch time
  const boundary = new Date(stepOf(now) * STEP_MS);

  it.each<[string, () => string, Date, string]>([
    ['the current step', () => sceneAt(now), now, 'OK'],
    ['the previous step (read just before it rotated)', () => sceneAt(+now - STEP_MS), now, 'OK'],
    ['the last millisecond of the previous step, scanned at the boundary', () => sceneAt(+boundary - 1), boundary, 'OK'],
    ['two steps old', () => sceneAt(+now - 2 * STEP_MS), now, 'CHECKIN_TOKEN_EXPIRED'],
    ['two steps old by one millisecond at the boundary', () => sceneAt(+boundary - STEP_MS - 1), boundary, 'CHECKIN_TOKEN_EXPIRED'],
    ['a step not reached yet', () => sceneAt(+now + STEP_MS), now, 'CHECKIN_TOKEN_INVALID'],
    ['the next step one millisecond before it begins', () => sceneAt(boundary), new Date(+boundary - 1), 'CHECKIN_TOKEN_INVALID'],
    ['a tampered MAC', () => flip(sceneAt(now), sceneAt(now).length - 1), now, 'CHECKIN_TOKEN_INVALID'],
    ['a tampered step (replayed as fresh)', () => flip(sceneAt(+now - 2 * STEP_MS), 'EVT0000001.'.length + 4), now, 'CHECKIN_TOKEN_INVALID'],
    ["another event's MAC", () => sceneAt(now, 'EVT0000002').replace('EVT0000002', 'EVT0000001'), now, 'CHECKIN_TOKEN_INVALID'],
    ['a MAC made with another secret', () => sceneAt(now, event._id, 'guessed'), now, 'CHECKIN_TOKEN_INVALID'],
  ])('%s: %s', (_name, make, at, expected) => {
    expect(guard(make(), at)).toBe(expected);
  });

  it('refuses a scene of another event scanned from this event page', () => {
    expect(guard(sceneAt(now), now, { expectedEventId: 'EVT0000002' })).toBe('CHECKIN_TOKEN_INVALID');
  });
});
