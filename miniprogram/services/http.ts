import { config } from '../config';

/** What came back from the local gateway, or why nothing did. */
export type HttpReply = { ok: true; status: number; data: unknown; header: Record<string, string> } | { ok: false; code: 'NETWORK' | 'TIMEOUT' };

/**
 * wx.request as a promise that never rejects. Only local mode and the dev switcher use it: in
 * cloud mode the backend is reached through wx.cloud.callFunction.
 */
export function request(method: 'GET' | 'POST', path: string, body?: object, header: Record<string, string> = {}): Promise<HttpReply> {
  return new Promise((resolve) => {
    wx.request({
      url: `${config.localBaseUrl}${path}`,
      method,
      data: body,
      // a gateway on a LAN address refuses calls without its per-start token
      header: { 'content-type': 'application/json', ...(config.localAccessToken ? { 'x-access-token': config.localAccessToken } : {}), ...header },
      timeout: config.timeoutMs,
      success: (res) => resolve({ ok: true, status: res.statusCode, data: res.data, header: lowerKeys(res.header) }),
      fail: (err) => resolve({ ok: false, code: /timeout/i.test(err.errMsg) ? 'TIMEOUT' : 'NETWORK' }),
    });
  });
}

// Header names arrive in whatever case the server or the platform chose.
function lowerKeys(header: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (header && typeof header === 'object') {
    for (const [k, v] of Object.entries(header)) out[k.toLowerCase()] = String(v);
  }
  return out;
}
