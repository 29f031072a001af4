import { AsyncLocalStorage } from 'node:async_hooks';

/** What one function call sees as its WeChat context, plus what the local cloud counts for it. */
export type Invocation = {
  openid?: string;
  appid: string;
  unionid?: string;
  env: string;
  requestId: string;
  /** Database requests made by this invocation (transaction start/commit included). */
  dbRequests: number;
};

export const invocations = new AsyncLocalStorage<Invocation>();

export function currentInvocation(): Invocation | undefined {
  return invocations.getStore();
}
