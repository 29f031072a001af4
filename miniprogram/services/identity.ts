import { config } from '../config';

/** Storage key of the dev identity picked in the switcher (local mode only). */
export const DEV_OPENID_KEY = 'dev.openid';

/**
 * The openid the local gateway should act as. Read from storage on every call, so a switch takes
 * effect on the next request without restarting; on CloudBase the openid comes from WeChat.
 */
export function actingOpenid(): string {
  const stored: unknown = wx.getStorageSync(DEV_OPENID_KEY);
  return typeof stored === 'string' && stored ? stored : config.defaultDevOpenid;
}

export function actAs(openid: string): void {
  wx.setStorageSync(DEV_OPENID_KEY, openid);
}
