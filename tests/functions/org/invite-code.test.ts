import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Result } from '../../../core/contracts/envelope';
import type { InviteResult } from '../../../core/contracts/org';
import { org as orgFn } from '../../../core/functions/org';
import { fixedClock } from '../../../core/runtime/clock';
import type { Main } from '../../../core/runtime/router';
import { FUNCTIONS_ROOT, readFunctionConfigs } from '../../../emulator/functions';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud } from '../../support/cloud';

// The branch invite as a 小程序码: org.invite asks wxacode.getUnlimited (declared in
// cloudfunctions/org/config.json) for a code opening pages/bind/index with the invite code as
// its scene, which the binding page reads from onLoad({scene}). Under the local cloud the image
// is an ordinary QR holding the scene, read back here with jsQR.

let cloud: LocalCloud;
let main: Main;

beforeAll(async () => {
  cloud = await startTestCloud();
  main = orgFn({ clock: fixedClock('2026-12-06T01:00:00Z'), log: { error: () => undefined, info: () => undefined } });
});
afterAll(() => cloud.close());

const asDeployed = async (openid: string, event: Record<string, unknown>) =>
  (await cloud.invoke<Result<InviteResult>>(main as never, event, { openid }, { fn: { name: 'org', config: readFunctionConfigs(FUNCTIONS_ROOT).get('org')! } })).result;

function readPng(dataUrl: string): string | null {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

describe('org.invite as a 小程序码', () => {
  it('answers the code image whose scene is the invite code, opening the binding page', async () => {
    const r = expectOk(await asDeployed('demo-secretary-b02', { action: 'invite', branchId: 'b02' }));
    expect(r.imageError).toBeNull();
    expect(r.image).toMatch(/^data:image\/png;base64,/);
    expect(readPng(r.image!)).toBe(r.inviteCode);
    expect(r.qrText).toBe(`HGJBIND:${r.inviteCode}`);
    expect(cloud.openApiCalls.at(-1)).toMatchObject({
      api: 'wxacode.getUnlimited',
      fn: 'org',
      errCode: 0,
      params: { scene: r.inviteCode, page: 'pages/bind/index', check_path: true, env_version: 'release' },
    });
  });

  it('makes a rotated code’s image carry the new code', async () => {
    const r = expectOk(await asDeployed('demo-secretary-b02', { action: 'invite', branchId: 'b02', rotate: true, envVersion: 'develop' }));
    expect(readPng(r.image!)).toBe(r.inviteCode);
    expect(cloud.openApiCalls.at(-1)!.params).toMatchObject({ env_version: 'develop', check_path: false });
  });

  it('still answers the code and the fallback text when the image is refused (-604101: not declared)', async () => {
    const r = expectOk(await caller(cloud, main)<InviteResult>('demo-secretary-b02', { action: 'invite', branchId: 'b02' }));
    expect(r).toMatchObject({ image: null, qrText: `HGJBIND:${r.inviteCode}` });
    expect(r.imageError).toContain('-604101');
  });
});
