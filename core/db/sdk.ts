import cloud = require('wx-server-sdk');

/**
 * The one place that touches wx-server-sdk. Its bundled typings are weak, so this file gives
 * the rest of core a narrow, typed surface (see db.ts).
 */
let initialised = false;

export function sdk(): typeof cloud {
  if (!initialised) {
    // DYNAMIC_CURRENT_ENV is a symbol the SDK typings do not admit
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

/**
 * The caller's identity as WeChat passes it to the function (never from the request body), and
 * `source`, who started this run (getWXContext().SOURCE, set by the platform: `wx_client` a
 * mini-program, `wx_trigger` a timer trigger, `wx_http`, `scf`...; a chain reads `wx_client,scf`).
 */
export function wxContext(): { openid?: string; appid?: string; unionid?: string; source?: string } {
  const c = sdk().getWXContext() as { OPENID?: string; APPID?: string; UNIONID?: string; SOURCE?: string };
  return { openid: c.OPENID || undefined, appid: c.APPID || undefined, unionid: c.UNIONID || undefined, source: c.SOURCE || undefined };
}

/** getWXContext().SOURCE of a run started by a timer trigger (WeChat reference Cloud.getWXContext). */
export const TIMER_TRIGGER_SOURCE = 'wx_trigger';
