import { sdk } from './sdk';

/**
 * WeChat open API calls (core/db is the only code touching wx-server-sdk). The calling function
 * must list each API in its config.json `permissions.openapi`, else the platform refuses it with
 * -604101 (WeChat guide 云调用). The local cloud answers these calls in its bridge, as WeChat would.
 */
export type SubscribeMessage = {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
};

export type SendOutcome = { status: 'sent' } | { status: 'refused'; errCode: number; errMsg: string };

type SdkOpenApi = { openapi: { subscribeMessage: { send(o: SubscribeMessage & { miniprogramState?: string }): Promise<{ errCode?: number; errMsg?: string }> } } };

/** User refused / not subscribed / template quota used up: not worth retrying. */
const USER_REFUSALS = new Set([43101, 43107, 47003]);

export async function sendSubscribeMessage(m: SubscribeMessage): Promise<SendOutcome> {
  try {
    const r = await (sdk() as unknown as SdkOpenApi).openapi.subscribeMessage.send({ ...m, miniprogramState: process.env.MINIPROGRAM_STATE ?? 'formal' });
    if (r?.errCode && r.errCode !== 0) return { status: 'refused', errCode: r.errCode, errMsg: r.errMsg ?? '' };
    return { status: 'sent' };
  } catch (e) {
    const x = e as { errCode?: number; errMsg?: string; message?: string };
    if (typeof x?.errCode === 'number' && USER_REFUSALS.has(x.errCode)) return { status: 'refused', errCode: x.errCode, errMsg: x.errMsg ?? x.message ?? '' };
    throw e;
  }
}

/** Refusals a retry cannot fix (the member did not opt in, or the quota is spent). */
export const isPermanentRefusal = (errCode: number): boolean => USER_REFUSALS.has(errCode);

/** wxacode.getUnlimited's parameters (camelCase; the SDK sends them snake_case). */
export type WxacodeRequest = {
  /** ≤ 32 visible characters of 0-9A-Za-z!#$&'()*+,/:;=?@-._~, handed to the page as onLoad({scene}). */
  scene: string;
  /** The page WeChat opens, no leading '/' and no parameters. */
  page: string;
  /** true: the page must exist in the published version (41030 otherwise). */
  checkPath: boolean;
  /** Which version the code opens: release, trial or develop. */
  envVersion: 'release' | 'trial' | 'develop';
  /** Pixels, 280–1280. */
  width: number;
};

export type WxacodeOutcome = { ok: true; image: Buffer; contentType: string } | { ok: false; errCode: number; errMsg: string };

type SdkWxacode = { openapi: { wxacode: { getUnlimited(o: WxacodeRequest): Promise<{ buffer?: Buffer; contentType?: string; errCode?: number; errMsg?: string }> } } };

/**
 * A 小程序码 (wxacode.getUnlimited, WeChat server API getUnlimitedQRCode): the image on success,
 * WeChat's refusal (45009 minute quota, 41030 page not published, 40169 bad scene…) as a value.
 * The SDK answers a non-JSON reply as `{contentType, buffer}` (wx-server-sdk callWXOpenAPI).
 */
export async function getUnlimitedCode(req: WxacodeRequest): Promise<WxacodeOutcome> {
  try {
    const r = await (sdk() as unknown as SdkWxacode).openapi.wxacode.getUnlimited(req);
    if (r?.buffer && r.buffer.length) return { ok: true, image: Buffer.from(r.buffer), contentType: r.contentType ?? 'image/jpeg' };
    return { ok: false, errCode: r?.errCode ?? -1, errMsg: r?.errMsg ?? 'empty image' };
  } catch (e) {
    const x = e as { errCode?: number; errMsg?: string; message?: string };
    return { ok: false, errCode: typeof x?.errCode === 'number' ? x.errCode : -1, errMsg: x?.errMsg ?? x?.message ?? String(e) };
  }
}
