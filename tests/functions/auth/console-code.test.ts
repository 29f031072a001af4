import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { CONSOLE_CODE_PAGE, type ConsoleConfirmResult, type ConsoleRequestResult, type ConsoleScanResult } from '../../../core/contracts/auth';
import type { Result } from '../../../core/contracts/envelope';
import { auth } from '../../../core/functions/auth';
import { fixedClock } from '../../../core/runtime/clock';
import type { Main } from '../../../core/runtime/router';
import { CONSOLE_CODES_PER_MINUTE } from '../../../core/usecases/auth/console-request';
import { FUNCTIONS_ROOT, readFunctionConfigs } from '../../../emulator/functions';
import { webContextEnvironment } from '../../../emulator/gateway/console-auth';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';

// The console login 小程序码 under the local cloud: auth.console.request asks
// wxacode.getUnlimited (declared in cloudfunctions/auth/config.json: the platform refuses an
// undeclared API with -604101, WeChat guide 云调用) for a code whose scene is the request id,
// opening staff/pages/console/index. The local cloud answers a PNG of an ordinary QR holding the
// scene (emulator/bridge/openapi.ts), read back here with jsQR; the phone then scans and
// confirms with exactly that scene, as the page does from onLoad({scene}).
const SEC = 'demo-secretary-b01';
const clock = fixedClock('2026-11-23T02:00:00Z');
let cloud: LocalCloud;
let main: Main;
let phone: Call;

/** A public call from the login page (anonymous web user), as the deployed auth function. */
async function fromBrowser<T>(event: Record<string, unknown>): Promise<Result<T>> {
  const environment = webContextEnvironment({ uuid: 'anon-1', anonymous: true, expiresAt: Infinity });
  const handler = (e: Record<string, unknown>, context: Record<string, unknown>) => main(e, { ...context, environment });
  const config = readFunctionConfigs(FUNCTIONS_ROOT).get('auth')!;
  return (await cloud.invoke<Result<T>>(handler as never, event, {}, { fn: { name: 'auth', config } })).result;
}

/** The text a data-URL PNG's QR holds. */
function readPng(dataUrl: string): string | null {
  const m = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
  if (!m) return null;
  const png = PNG.sync.read(Buffer.from(m[1], 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  main = auth({ clock, log: { error: () => undefined, info: () => undefined } });
  phone = caller(cloud, main);
});
afterAll(() => cloud.close());

describe('auth.console.request: the login 小程序码', () => {
  it('answers a code whose scene is the request id, and the phone confirms with that scene', async () => {
    const before = cloud.openApiCalls.length;
    const req = expectOk(await fromBrowser<ConsoleRequestResult>({ action: 'console.request', browser: 'Chrome 147 · Linux' }));
    expect(req.image).toMatch(/^data:image\/png;base64,/);
    const scene = readPng(req.image!);
    expect(scene).toBe(req.requestId);
    expect(scene!.length).toBeLessThanOrEqual(32);
    expect(cloud.openApiCalls.slice(before)).toEqual([
      expect.objectContaining({ api: 'wxacode.getUnlimited', fn: 'auth', errCode: 0, params: expect.objectContaining({ scene, page: CONSOLE_CODE_PAGE, check_path: true }) }),
    ]);
    // the confirm page sends the scene it was opened with
    const scanned = expectOk(await phone<ConsoleScanResult>(SEC, { action: 'console.scan', requestId: scene }));
    expect(scanned.browser).toBe('Chrome 147 · Linux');
    const confirmed = expectOk(await phone<ConsoleConfirmResult>(SEC, { action: 'console.confirm', requestId: scene }));
    expect(confirmed.requestId).toBe(req.requestId);
  });

  it('falls back to the ordinary QR text when WeChat refuses the code', async () => {
    cloud.openApiReplies.set('wxacode.getUnlimited', () => ({ errcode: 45009, errmsg: 'reach max api daily quota limit' }));
    try {
      const req = expectOk(await fromBrowser<ConsoleRequestResult>({ action: 'console.request', browser: 'Chrome 147 · Linux' }));
      expect(req.image).toBeNull();
      expect(req.qr).toBe(`HGJCONSOLE:${req.requestId}`);
    } finally {
      cloud.openApiReplies.delete('wxacode.getUnlimited');
    }
  });

  it('makes at most the per-minute cap of codes, then answers without one until the minute passes', async () => {
    clock.set(new Date('2026-11-23T03:00:00Z'));
    const before = cloud.openApiCalls.length;
    const answers: (string | null)[] = [];
    for (let i = 0; i <= CONSOLE_CODES_PER_MINUTE; i++) answers.push(expectOk(await fromBrowser<ConsoleRequestResult>({ action: 'console.request', browser: 'x' })).image);
    expect(answers.filter((a) => a !== null)).toHaveLength(CONSOLE_CODES_PER_MINUTE);
    expect(answers[CONSOLE_CODES_PER_MINUTE]).toBeNull();
    expect(cloud.openApiCalls.length - before).toBe(CONSOLE_CODES_PER_MINUTE);
    clock.set(new Date('2026-11-23T03:01:00.001Z'));
    expect(expectOk(await fromBrowser<ConsoleRequestResult>({ action: 'console.request', browser: 'x' })).image).toMatch(/^data:image\/png/);
  });
});
