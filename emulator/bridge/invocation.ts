import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who started an invocation, as `getWXContext().SOURCE` reports it (WeChat reference
 * Cloud.getWXContext, "SOURCE 的枚举类型"): `wx_client` a mini-program, `wx_trigger` a timer
 * trigger, `wx_http` the HTTP API, `scf` another function... Set by the platform, never by the
 * caller's payload.
 */
export type InvocationSource = 'wx_client' | 'wx_trigger' | 'wx_http' | 'wx_devtools' | 'scf' | 'wx_unknown';

/** What one function call sees as its WeChat context, plus what the local cloud counts for it. */
export type Invocation = {
  openid?: string;
  appid: string;
  unionid?: string;
  env: string;
  source: InvocationSource;
  /** The deployed function it runs, when known (gateway, timers). */
  fn?: string;
  /** The open APIs its config.json declares (`permissions.openapi`); none when not deployed. */
  openapi?: string[];
  requestId: string;
  /** Database requests made by this invocation (transaction start/commit included). */
  dbRequests: number;
  /** Past its function's timeout: CloudBase has stopped it, so nothing it sends is served. */
  timedOut?: boolean;
};

export const invocations = new AsyncLocalStorage<Invocation>();

export function currentInvocation(): Invocation | undefined {
  return invocations.getStore();
}
