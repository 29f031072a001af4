import type { Fail } from './envelope';
import { messageFor, type ErrorCode } from './errors';

/**
 * A failure a use case reports to the caller: a code from the closed list, optionally a more
 * specific zh-CN message and the offending field. Thrown only inside the backend and turned
 * into the envelope by the router; never a bare Error with a string.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly field?: string,
  ) {
    super(message ?? messageFor(code));
  }

  toFail(): Fail {
    return { ok: false, code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

export function fail(code: ErrorCode, message?: string, field?: string): Fail {
  return { ok: false, code, message: message ?? messageFor(code), ...(field ? { field } : {}) };
}

export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}
