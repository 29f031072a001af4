import * as path from 'node:path';
import type { SecretPair, SignedRequest } from './signature';

/**
 * The seam where @cloudbase/manager-node meets the network, replaced so the local cloud answers
 * its management calls in process (as bridge/sdk-hooks.ts does for wx-server-sdk). Every cloud API
 * request of the SDK (CloudService.requestWithSign, lib/utils/cloud-api-request.js) ends in
 * `fetch(url, {method, headers, body})` of lib/utils/http-request.js, looked up on the module's
 * exports at each call, with the TC3 signature already in its headers: the local cloud gets the
 * request exactly as Tencent Cloud would, signature included, and answers its JSON body.
 */
export type ManagementBackend = { handle(req: SignedRequest): Promise<unknown> };

/**
 * The local cloud's management secret pair (what `npm run deploy` needs in
 * TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY against it). Local only: it guards nothing real.
 */
export const LOCAL_SECRET: SecretPair = { secretId: 'AKIDlocalcloud0000000000000000000000', secretKey: 'localcloudsecretkey0000000000000' };

let backend: ManagementBackend | undefined;
let installed = false;

export function setManagementBackend(b: ManagementBackend | undefined): void {
  backend = b;
}

type FetchConfig = { method?: string; headers?: Record<string, string | number>; body?: string };

export function installManagementHooks(): void {
  if (installed) return;
  let dir: string;
  try {
    dir = path.dirname(require.resolve('@cloudbase/manager-node/package.json'));
  } catch {
    return; // the SDK is not installed: nothing to answer
  }
  installed = true;
  const http = require(path.join(dir, 'lib/utils/http-request')) as { fetch: (url: string, config?: FetchConfig, proxy?: unknown) => Promise<unknown> };
  http.fetch = async (url: string, config: FetchConfig = {}) => {
    const host = new URL(url).hostname;
    // a local cloud process talks to no real Tencent Cloud endpoint
    if (!backend || !host.endsWith('.tencentcloudapi.com')) throw Object.assign(new Error(`local cloud: no route to ${host}`), { code: 'ECONNREFUSED' });
    return backend.handle({ method: config.method ?? 'POST', url, headers: config.headers ?? {}, body: config.body ?? '' });
  };
}
