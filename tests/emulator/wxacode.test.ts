import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { validateConfig } from '../../emulator/functions';
import { rejection, startLocalCloud, type TestCloud } from './helpers';

// Conformance: wxacode.getUnlimited through the real wx-server-sdk. WeChat's server API
// getUnlimitedQRCode (developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/
// api_getunlimitedqrcode): scene ≤ 32 visible characters of 0-9A-Za-z!#$&'()*+,/:;=?@-._~; page
// without a leading '/' or parameters, which with check_path (default true) must be a published
// page (41030 otherwise); width 280–1280 (default 430); the reply is the image's bytes, which
// wx-server-sdk 4.0.2 answers as `{contentType, buffer}` for any reply that is not JSON or text
// (its callWXOpenAPI). The local cloud's image is an ordinary QR holding the scene.

type Code = { buffer: Buffer; contentType: string; errCode: number };
type Sdk = { openapi: { wxacode: { getUnlimited(o: Record<string, unknown>): Promise<Code> } } };

let t: TestCloud;
beforeAll(() => {
  t = startLocalCloud();
});
afterAll(() => t.close());

const granted = { name: 'events', config: validateConfig({ timeout: 5, permissions: { openapi: ['wxacode.getUnlimited'] } }, 'events') };
const getCode = (o: Record<string, unknown>) => t.cloud.invoke<Code>(() => (t.sdk as unknown as Sdk).openapi.wxacode.getUnlimited(o), {}, {}, { fn: granted });

describe('wxacode.getUnlimited under the local cloud', () => {
  it('answers a PNG (as the SDK passes images: contentType and buffer) whose QR holds the scene', async () => {
    const scene = '7QK2M9XH4C.BxGzI3fQ0aZk_9Lm-~!*';
    const r = (await getCode({ scene, page: 'pages/checkin/index', checkPath: true, envVersion: 'release', width: 430 })).result;
    expect(r).toMatchObject({ errCode: 0, contentType: 'image/png' });
    const png = PNG.sync.read(Buffer.from(r.buffer));
    expect(png.width).toBe(430);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(scene);
  });

  it.each<[string, Record<string, unknown>, number]>([
    ['a scene over 32 characters', { scene: 'A'.repeat(33), page: 'pages/checkin/index' }, 40169],
    ['a scene with a character WeChat does not allow', { scene: 'EVT%20ABC', page: 'pages/checkin/index' }, 40169],
    ['an empty scene', { scene: '', page: 'pages/checkin/index' }, 40169],
    ['a page the app does not have, checked', { scene: 'abc', page: 'pages/nowhere/index' }, 41030],
    ['a page with a leading slash', { scene: 'abc', page: '/pages/checkin/index' }, 41030],
    ['a page carrying parameters', { scene: 'abc', page: 'pages/checkin/index?x=1' }, 41030],
    ['a width under 280', { scene: 'abc', page: 'pages/checkin/index', width: 200 }, 40097],
  ])('refuses %s with its WeChat errcode', async (_name, params, errCode) => {
    const e = await rejection(getCode(params));
    expect(e).toMatchObject({ errCode });
  });

  it('lets an unknown page through with check_path false (a trial build) and knows subpackage pages', async () => {
    expect((await getCode({ scene: 'abc', page: 'pages/nowhere/index', checkPath: false })).result).toMatchObject({ errCode: 0, contentType: 'image/png' });
    expect((await getCode({ scene: 'abc', page: 'staff/pages/events/qr/index' })).result).toMatchObject({ errCode: 0 });
  });
});
