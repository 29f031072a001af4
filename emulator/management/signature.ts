import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256), checked the way the cloud API gateway
 * checks it: the Authorization header names the SecretId, the credential scope
 * (`<date>/<service>/tc3_request`), the signed headers and the signature over the canonical
 * request. Source: cloud.tencent.com/document/api/213/30654 (签名方法 v3), as manager-node's
 * CloudService.getRequestSign computes it (lib/utils/cloud-api-request.js). Error codes and texts
 * are the gateway's public ones (e.g. `AuthFailure.SecretIdNotFound` "The SecretId is not found,
 * please ensure that your SecretId is correct.", `AuthFailure.SignatureFailure` "The provided
 * credentials could not be validated. Please check your signature is correct.", as reported in
 * TencentCloud/tencentcloud-sdk-nodejs#279 and tencentyun/qcloud-cos-sts-sdk#72).
 */
export type SecretPair = { secretId: string; secretKey: string };

export type SignedRequest = { method: string; url: string; headers: Record<string, string | number>; body: string };

export type AuthError = { Code: string; Message: string };

/** How far a request's X-TC-Timestamp may be from now (the gateway allows 5 minutes). */
const MAX_SKEW_SEC = 300;

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : String(headers[key]);
}

/** null when the request is signed by `secret`, else the gateway's AuthFailure. */
export function verifyTc3(req: SignedRequest, secret: SecretPair, nowMs: number): AuthError | null {
  const auth = header(req.headers, 'authorization') ?? '';
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { Code: 'AuthFailure.InvalidAuthorization', Message: 'Authorization is invalid.' };
  const [, secretId, date, service, signedHeaders, signature] = m;
  if (secretId !== secret.secretId) return { Code: 'AuthFailure.SecretIdNotFound', Message: 'The SecretId is not found, please ensure that your SecretId is correct.' };
  const timestamp = Number(header(req.headers, 'x-tc-timestamp'));
  if (!Number.isFinite(timestamp) || Math.abs(nowMs / 1000 - timestamp) > MAX_SKEW_SEC) {
    return { Code: 'AuthFailure.SignatureExpire', Message: `Signature expired. Timestamp: ${timestamp}; server time: ${Math.floor(nowMs / 1000)}.` };
  }
  const url = new URL(req.url);
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((h) => `${h}:${(h === 'host' ? url.hostname : (header(req.headers, h) ?? '')).trim().toLowerCase()}\n`)
    .join('');
  const canonical = [req.method.toUpperCase(), url.pathname, url.search.slice(1), canonicalHeaders, signedHeaders, sha256hex(req.body)].join('\n');
  const toSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/${service}/tc3_request`, sha256hex(canonical)].join('\n');
  const kSigning = hmac(hmac(hmac(`TC3${secret.secretKey}`, date), service), 'tc3_request');
  const expected = hmac(kSigning, toSign);
  const got = Buffer.from(signature, 'hex');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    return { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated. Please check your signature is correct.' };
  }
  return null;
}
