import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { CheckinResult, EventsQrResult, EventView } from '../../../core/contracts/events';
import { encodeScene, SCENE_MAX } from '../../../core/domain/events/scene';
import { STEP_MS, stepOf } from '../../../core/domain/events/token';
import { chinaTime } from '../../../core/domain/time';
import { events } from '../../../core/functions/events';
import { fixedClock } from '../../../core/runtime/clock';
import type { Result } from '../../../core/contracts/envelope';
import type { Main } from '../../../core/runtime/router';
import { FUNCTIONS_ROOT, readFunctionConfigs } from '../../../emulator/functions';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { bindMembers, createEvent, creditsOf, eventDoc, rejections, SECRETARY_B01 } from './helpers';

// The check-in 小程序码 end to end under the local cloud: events.qr asks wxacode.getUnlimited
// (declared in cloudfunctions/events/config.json, as the platform requires: WeChat guide 云调用,
// -604101 otherwise) for a code whose scene carries event, step and MAC; the local cloud answers
// with a PNG of an ordinary QR holding the scene (emulator/bridge/openapi.ts), which we read back
// with jsQR, and the member's page sends that scene as events.checkin's token. Runs in UTC and
// Asia/Shanghai, the clock frozen.

const NOW = chinaTime('2026-12-06 09:00:07');
const clock = fixedClock(NOW);
let cloud: LocalCloud;
let main: Main;
let call: Call;
let asDeployed: Call;
let ev: EventView;
const openids = new Map<string, string>();
const at = (wall: string) => chinaTime(`2026-12-06 ${wall}`);

/** The scene a PNG's QR code holds. */
function readPng(dataUrl: string): string | null {
  const m = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
  if (!m) return null;
  const png = PNG.sync.read(Buffer.from(m[1], 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

const sceneAt = (t: Date | number, eventId = ev.id) => encodeScene(eventDoc(cloud, eventId).secret, eventId, stepOf(t));
/** A member (by roster id) scanning `token`. */
const checkin = (memberId: string, token: string, extra: Record<string, unknown> = {}) => asDeployed<CheckinResult>(openids.get(memberId), { action: 'checkin', token, ...extra });

beforeAll(async () => {
  cloud = await startTestCloud();
  main = events({ clock, log: { error: () => undefined, info: () => undefined } });
  call = caller(cloud, main);
  const config = readFunctionConfigs(FUNCTIONS_ROOT).get('events')!;
  // invoked as the deployed events function: its config.json's open-API permissions apply
  asDeployed = async <T>(openid: string | undefined, event: Record<string, unknown>) => (await cloud.invoke<Result<T>>(main as never, event, { openid }, { fn: { name: 'events', config } })).result;
  const ids = ['m0004', 'm0005', 'm0006', 'm0007', 'm0008', 'm0009', 'm0010'];
  (await bindMembers(cloud, ids)).forEach((openid, i) => openids.set(ids[i], openid));
  ev = await createEvent(call, { title: '扫码入会测试', startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString(), earlyMinutes: 30, lateMinutes: 15 });
});
afterAll(() => cloud.close());

describe('events.qr: the 小程序码', () => {
  it('answers the image of the current scene (the local QR decodes to it), the fallback text and the count', async () => {
    clock.set(NOW);
    const before = cloud.openApiCalls.length;
    const q = expectOk(await asDeployed<EventsQrResult>(SECRETARY_B01, { action: 'qr', eventId: ev.id }));
    expect(q.scene).toBe(sceneAt(NOW));
    expect(q.scene.length).toBeLessThanOrEqual(SCENE_MAX);
    expect(q.imageError).toBeNull();
    expect(q.image).toMatch(/^data:image\/png;base64,/);
    expect(readPng(q.image!)).toBe(q.scene);
    expect(q.token).toMatch(/^HGJ:/);
    // what the function asked WeChat for: the check-in page, checked, the release version
    expect(cloud.openApiCalls.slice(before)).toEqual([
      expect.objectContaining({
        api: 'wxacode.getUnlimited',
        fn: 'events',
        errCode: 0,
        params: { scene: q.scene, page: 'pages/checkin/index', check_path: true, env_version: 'release', width: 430 },
      }),
    ]);
  });

  it('makes a trial build’s code open the trial version, without check_path (its page is not published)', async () => {
    const q = expectOk(await asDeployed<EventsQrResult>(SECRETARY_B01, { action: 'qr', eventId: ev.id, envVersion: 'trial' }));
    expect(q.image).not.toBeNull();
    expect(cloud.openApiCalls.at(-1)!.params).toMatchObject({ env_version: 'trial', check_path: false });
  });

  it('still answers the scene and the fallback text when the platform refuses the image (API not declared: -604101)', async () => {
    // `call` runs the function without its config.json, so no open API is granted
    const q = expectOk(await call<EventsQrResult>(SECRETARY_B01, { action: 'qr', eventId: ev.id }));
    expect(q.image).toBeNull();
    expect(q.imageError).toContain('-604101');
    expect(q.scene).toBe(sceneAt(NOW));
    expect(q.token).toMatch(/^HGJ:/);
  });

  it('refuses an invalid envVersion with INVALID_INPUT', async () => {
    expect(await asDeployed(SECRETARY_B01, { action: 'qr', eventId: ev.id, envVersion: 'beta' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});

describe('events.checkin with a scene', () => {
  it('round-trips: the scene read off the 小程序码 checks the member in and credits the rule once', async () => {
    clock.set(NOW);
    const q = expectOk(await asDeployed<EventsQrResult>(SECRETARY_B01, { action: 'qr', eventId: ev.id }));
    // what WeChat hands the page (URL-encoded) and the page decodes
    const scene = decodeURIComponent(encodeURIComponent(readPng(q.image!)!));
    const before = creditsOf(cloud, 'm0004');
    const r = expectOk(await checkin('m0004', scene));
    expect(r).toMatchObject({ eventId: ev.id, already: false, offline: false, points: { eval: 5, redeem: 5 }, at: NOW.toISOString() });
    expect(creditsOf(cloud, 'm0004').entries - before.entries).toBe(1);
    // the same scene again: the first check-in, nothing more credited
    expect(expectOk(await checkin('m0004', scene))).toMatchObject({ already: true });
    expect(creditsOf(cloud, 'm0004').entries - before.entries).toBe(1);
  });

  it('accepts the previous step’s scene at the step boundary and refuses one two steps old with CHECKIN_TOKEN_EXPIRED', async () => {
    const boundary = new Date((stepOf(at('09:10:00')) + 1) * STEP_MS);
    clock.set(boundary);
    expectOk(await checkin('m0005', sceneAt(+boundary - 1)));
    expect(await checkin('m0006', sceneAt(+boundary - STEP_MS - 1))).toMatchObject({ ok: false, code: 'CHECKIN_TOKEN_EXPIRED' });
    expect(rejections(cloud, 'm0006')).toEqual([{ code: 'CHECKIN_TOKEN_EXPIRED', eventId: ev.id }]);
    clock.set(NOW);
  });

  it.each<[string, () => string, string]>([
    ['a tampered MAC', () => sceneAt(NOW).slice(0, -1) + (sceneAt(NOW).endsWith('A') ? 'B' : 'A'), 'm0007'],
    ['a step moved forward under the old MAC', () => sceneAt(+NOW - 2 * STEP_MS).replace(/\.(.{5})/, (_m, s: string) => `.${s.slice(0, 4)}${s[4] === 'A' ? 'B' : 'A'}`), 'm0008'],
    ['a scene of a step not reached yet', () => sceneAt(+NOW + STEP_MS), 'm0009'],
  ])('refuses %s with CHECKIN_TOKEN_INVALID: nothing credited, the rejection recorded', async (_name, make, memberId) => {
    clock.set(NOW);
    const before = creditsOf(cloud, memberId);
    expect(await checkin(memberId, make())).toMatchObject({ ok: false, code: 'CHECKIN_TOKEN_INVALID' });
    expect(creditsOf(cloud, memberId)).toEqual(before);
    expect(rejections(cloud, memberId)).toEqual([{ code: 'CHECKIN_TOKEN_INVALID', eventId: ev.id }]);
  });

  it('refuses a scene of another event scanned from this event’s page', async () => {
    const other = await createEvent(call, { type: 'meeting', title: '支部党员大会', startAt: at('09:00:00').toISOString(), endAt: at('11:00:00').toISOString() });
    expect(await checkin('m0010', sceneAt(NOW, other.id), { eventId: ev.id })).toMatchObject({ ok: false, code: 'CHECKIN_TOKEN_INVALID' });
  });
});
