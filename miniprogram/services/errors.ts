import type { ErrorCode } from '../../core/contracts/errors';
import { SERVER_ERROR_TEXT } from '../generated/contracts';

/**
 * zh-CN text for every code a call can end with: generated from core/contracts/errors.ts
 * (WeChat DevTools cannot load files outside miniprogram/), typed Record<ErrorCode, string>.
 */
export { SERVER_ERROR_TEXT };

/** Failures that never come from a function: the call itself did not complete. */
export type ClientErrorCode = 'NETWORK' | 'TIMEOUT';

export const CLIENT_ERROR_TEXT: Record<ClientErrorCode, string> = {
  NETWORK: '网络连接失败，请检查网络后重试',
  TIMEOUT: '网络不太稳定，请求超时，请稍后重试',
};

export type CallErrorCode = ErrorCode | ClientErrorCode;

const KNOWN: Record<string, string> = { ...SERVER_ERROR_TEXT, ...CLIENT_ERROR_TEXT };

export function isKnownCode(code: unknown): code is CallErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(KNOWN, code);
}

export function errorText(code: CallErrorCode): string {
  return KNOWN[code];
}

/**
 * Failures worth a plain 重试: the backend or the network, not the request. They all show one
 * friendly error state with a retry button.
 */
const TRANSIENT: ReadonlySet<CallErrorCode> = new Set<CallErrorCode>(['NETWORK', 'TIMEOUT', 'INTERNAL', 'BUSY', 'RATE_LIMITED']);

export function isTransient(code: CallErrorCode): boolean {
  return TRANSIENT.has(code);
}
