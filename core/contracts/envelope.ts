import type { ErrorCode } from './errors';

/** What every cloud function returns. */
export type Ok<T> = { ok: true; data: T };
export type Fail = {
  ok: false;
  code: ErrorCode;
  message: string;
  /** The offending input field, for INVALID_INPUT. */
  field?: string;
  /** Set on INTERNAL so a report can be matched with the server log. */
  requestId?: string;
};
export type Result<T> = Ok<T> | Fail;
