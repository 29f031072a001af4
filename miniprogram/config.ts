/**
 * Where the mini-program finds its backend. Nothing here is edited by hand: the values come from
 * miniprogram/generated/env.ts, written at build time by scripts/build-mp.ts —
 * `MP_MODE=cloud MP_ENV_ID=<env id> npm run build:mp -- --release` for a phone build (a release
 * build refuses local mode and a placeholder env id), the local default by `npm run prepare:mp`
 * (npm start / npm test). Subscribe-message template ids come from cloudbase/subscribe-templates.json,
 * the file the functions bundle too. See docs/miniprogram.md.
 */
import { MP_ENV, SUBSCRIBE_TEMPLATE_IDS, type SubscribePurpose } from './generated/env';

export type Mode = 'local' | 'cloud';
export type { SubscribePurpose };

export type AppConfig = {
  /** 'local': wx.request to the local gateway; 'cloud': wx.cloud.callFunction. */
  mode: Mode;
  /** CloudBase env id, used in cloud mode only. */
  envId: string;
  /**
   * The local gateway (npm start). By default it listens on loopback, which only the DevTools
   * simulator on the same computer reaches. For a real phone's preview start it with
   * `HOST=<the computer's LAN address> npm start` and build with the URL and the access token it
   * prints (`MP_LOCAL_URL=… MP_LOCAL_TOKEN=… npm run build:mp`; see docs/miniprogram.md).
   */
  localBaseUrl: string;
  /** The local gateway's per-start access token (sent as x-access-token); '' on loopback. */
  localAccessToken: string;
  /** Identity used in local mode until one is picked in the dev switcher. */
  defaultDevOpenid: string;
  /** How long a call may take before it is reported as TIMEOUT. */
  timeoutMs: number;
  /** Subscribe-message template id per purpose ('' = not used: never asked). */
  templateIds: Record<SubscribePurpose, string>;
};

// Mutable on purpose: tests flip the mode; production code only reads it.
export const config: AppConfig = {
  mode: MP_ENV.mode,
  envId: MP_ENV.envId,
  localBaseUrl: MP_ENV.localBaseUrl,
  localAccessToken: (MP_ENV as { localAccessToken?: string }).localAccessToken ?? '',
  defaultDevOpenid: 'demo-member-b01',
  timeoutMs: 10000,
  templateIds: { ...SUBSCRIBE_TEMPLATE_IDS },
};

/** The template ids to ask for, in order, leaving out the purposes not used. */
export function templateIdsFor(...purposes: SubscribePurpose[]): string[] {
  return [...new Set(purposes.map((p) => config.templateIds[p]).filter((id) => !!id))];
}

export type EnvVersion = 'release' | 'trial' | 'develop';

/** Which build is running (体验版 trial, 开发版 develop): a 小程序码 it shows opens the same build. */
export function envVersion(): EnvVersion {
  try {
    const v = wx.getAccountInfoSync().miniProgram.envVersion;
    return v === 'trial' || v === 'develop' ? v : 'release';
  } catch {
    return 'release';
  }
}
