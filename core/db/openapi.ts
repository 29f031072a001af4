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
