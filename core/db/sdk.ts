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

/**
 * The CloudBase custom-login user id of a web caller (the console), or undefined. CloudBase puts
 * it in the function's context as TCB_CUSTOM_USER_ID (with TCB_UUID), which @cloudbase/node-sdk
 * reads in `getCloudbaseContext(context)` (node-sdk 3.17 dist/utils/tcbcontext.js: the entry's
 * `context.environment` JSON, else the older `context.environ` "k=v;k=v" string, else
 * process.env under TCB_CONTEXT_KEYS) and `auth().getUserInfo().customUserId`. wx-server-sdk's
 * getWXContext reads only the WX_ keys, so this mirrors node-sdk's reader instead of bundling it.
 * Never from the event: a payload cannot name a user.
 */
export function customUserId(context: unknown): string | undefined {
  const c = (context && typeof context === 'object' ? context : {}) as { environment?: unknown; environ?: unknown };
  let fromContext: Record<string, unknown> = {};
  try {
    if (typeof c.environment === 'string' && c.environment) fromContext = JSON.parse(c.environment) as Record<string, unknown>;
    else if (typeof c.environ === 'string')
      fromContext = Object.fromEntries(
        c.environ
          .split(';')
          .filter((kv) => kv.includes('='))
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
  } catch {
    fromContext = {};
  }
  const keys = String(fromContext.TCB_CONTEXT_KEYS ?? process.env.TCB_CONTEXT_KEYS ?? '').split(',');
  const id = fromContext.TCB_CUSTOM_USER_ID ?? (keys.includes('TCB_CUSTOM_USER_ID') ? process.env.TCB_CUSTOM_USER_ID : undefined);
  return typeof id === 'string' && id ? id : undefined;
}
