import { sdk } from './sdk';

/**
 * WeChat open API calls (core/db is the only code touching wx-server-sdk). Under the local
 * cloud (LOCAL_CLOUD=1, set by LocalCloud.start) nothing goes to the network: the message is
 * recorded by the caller instead.
 */
export type SubscribeMessage = {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
};

export type SendOutcome = { status: 'sent'; recorded: boolean } | { status: 'refused'; errCode: number; errMsg: string };

type SdkOpenApi = { openapi: { subscribeMessage: { send(o: SubscribeMessage & { miniprogramState?: string }): Promise<{ errCode?: number; errMsg?: string }> } } };

/** User refused / not subscribed / template quota used up: not worth retrying. */
const USER_REFUSALS = new Set([43101, 43107, 47003]);

export const isLocalCloud = (): boolean => process.env.LOCAL_CLOUD === '1';

export async function sendSubscribeMessage(m: SubscribeMessage): Promise<SendOutcome> {
  if (isLocalCloud()) return { status: 'sent', recorded: true };
  try {
    const r = await (sdk() as unknown as SdkOpenApi).openapi.subscribeMessage.send({ ...m, miniprogramState: process.env.MINIPROGRAM_STATE ?? 'formal' });
    if (r?.errCode && r.errCode !== 0) return { status: 'refused', errCode: r.errCode, errMsg: r.errMsg ?? '' };
    return { status: 'sent', recorded: false };
  } catch (e) {
    const x = e as { errCode?: number; errMsg?: string; message?: string };
    if (typeof x?.errCode === 'number' && USER_REFUSALS.has(x.errCode)) return { status: 'refused', errCode: x.errCode, errMsg: x.errMsg ?? x.message ?? '' };
    throw e;
  }
}

/** Refusals a retry cannot fix (the member did not opt in, or the quota is spent). */
export const isPermanentRefusal = (errCode: number): boolean => USER_REFUSALS.has(errCode);
