import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sendSubscribeMessage } from '../../core/db/openapi';
import { validateConfig } from '../../emulator/functions';
import { rejection, startLocalCloud, type TestCloud } from './helpers';

// Conformance: cloud.openapi.* through the real wx-server-sdk (4.0.2 sends it, protobuf-encoded,
// through CloudBase.prototype.callCompatibleWxOpenApi). A function may call only the open APIs its
// config.json declares in `permissions.openapi` (WeChat guide 云调用, guide/openapi/openapi.html);
// any other is refused with -604101, which the SDK reports as "errCode: -604101 function has no
// permission to call this API | errMsg: system error: error code: -604101" (wx-server-sdk
// ERR_CODE table; the text developers report). WeChat's own refusals (e.g. 43101, the member did
// not subscribe) come back as errCode with the API's errmsg.

type OpenApiSdk = { openapi: { subscribeMessage: { send(o: Record<string, unknown>): Promise<{ errCode: number; errMsg: string }> } } };

let t: TestCloud;
beforeAll(() => {
  t = startLocalCloud();
});
afterAll(() => t.close());
beforeEach(() => t.cloud.openApiReplies.clear());

const granted = { name: 'notifier', config: validateConfig({ timeout: 5, permissions: { openapi: ['subscribeMessage.send'] } }, 'notifier') };
const bare = { name: 'bare', config: validateConfig({ timeout: 5 }, 'bare') };
const message = { touser: 'o-member', templateId: 'tpl-1', page: 'pages/points/index', data: { thing1: { value: '积分到账' } } };
const send = () => (t.sdk as unknown as OpenApiSdk).openapi.subscribeMessage.send(message);

describe('open API calls', () => {
  it('answers a declared API and logs the call with its parameters as sent (snake_case)', async () => {
    const before = t.cloud.openApiCalls.length;
    const r = await t.cloud.invoke(send, {}, {}, { source: 'wx_trigger', fn: granted });
    expect(r.result).toEqual({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
    expect(t.cloud.openApiCalls.slice(before)).toEqual([
      {
        api: 'subscribeMessage.send',
        params: { touser: 'o-member', template_id: 'tpl-1', page: 'pages/points/index', data: { thing1: { value: '积分到账' } } },
        fn: 'notifier',
        source: 'wx_trigger',
        requestId: r.requestId,
        at: expect.any(Number),
        errCode: 0,
      },
    ]);
  });

  it('refuses an API the function did not declare with -604101, as the platform does', async () => {
    const e = (await rejection(t.cloud.invoke(send, {}, {}, { fn: bare }))) as { errCode: number; errMsg: string; message: string };
    expect(e.errCode).toBe(-604101);
    expect(e.errMsg).toBe('system error: error code: -604101');
    expect(e.message).toBe('errCode: -604101 function has no permission to call this API | errMsg: system error: error code: -604101');
    expect(t.cloud.openApiCalls.at(-1)).toMatchObject({ api: 'subscribeMessage.send', fn: 'bare', errCode: -604101 });
    // nor may code outside any deployed function
    await expect(t.cloud.invoke(send, {})).rejects.toMatchObject({ errCode: -604101 });
  });

  it("passes on WeChat's own refusal: 43101 (not subscribed), which core/db/openapi reads as refused", async () => {
    t.cloud.openApiReplies.set('subscribeMessage.send', () => ({ errcode: 43101, errmsg: 'user refuse to accept the msg' }));
    const e = await rejection(t.cloud.invoke(send, {}, {}, { fn: granted }));
    expect(e).toMatchObject({ errCode: 43101, errMsg: 'openapi.subscribeMessage.send:fail user refuse to accept the msg' });
    const outcome = await t.cloud.invoke(() => sendSubscribeMessage(message), {}, {}, { fn: granted });
    expect(outcome.result).toEqual({ status: 'refused', errCode: 43101, errMsg: 'openapi.subscribeMessage.send:fail user refuse to accept the msg' });
  });

  it('core/db/openapi sends through the SDK (no local shortcut): without the permission the send throws -604101', async () => {
    const ok = await t.cloud.invoke(() => sendSubscribeMessage(message), {}, {}, { fn: granted });
    expect(ok.result).toEqual({ status: 'sent' });
    await expect(t.cloud.invoke(() => sendSubscribeMessage(message), {}, {}, { fn: bare })).rejects.toMatchObject({ errCode: -604101 });
  });
});
