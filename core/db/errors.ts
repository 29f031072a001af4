/** Recognises database failures by what CloudBase reports, so use cases can decide on them. */
type SdkError = { errCode?: number; errMsg?: string; code?: string; message?: string };

function text(e: unknown): string {
  const x = e as SdkError;
  return `${x?.code ?? ''} ${x?.errMsg ?? ''} ${x?.message ?? ''}`;
}

/**
 * A duplicate `_id` or unique value: MongoDB's E11000 text (CloudBase's -502001 replies carry it)
 * or CloudBase's own DATABASE_DUPLICATE_WRITE code, which wx-server-sdk has no errCode for and
 * passes on as -501001 with the code in the message (CloudBase error-code docs).
 */
export function isDuplicateKey(e: unknown): boolean {
  return /duplicate key|E11000|DATABASE_DUPLICATE_WRITE/i.test(text(e));
}

/**
 * A write conflict. Inside a transaction CloudBase fails the write itself with
 * DATABASE_TRANSACTION_CONFLICT "[ResourceUnavailable.TransactionConflict] Transaction is conflict,
 * maybe resource operated by others..."; wx-server-sdk turns that into errCode -501001 and drops
 * the code, so the text is what is left to recognise (node-sdk transaction tests; wx-server-sdk
 * 4.0.2 error wrapping). At commit the code arrives as is.
 */
export function isTransactionConflict(e: unknown): boolean {
  return /DATABASE_TRANSACTION_CONFLICT|TransactionConflict|Transaction is conflict|WriteConflict/i.test(text(e));
}

/**
 * `doc(id).get()` on a missing id with throwOnNotFound: wx-server-sdk throws errCode -1
 * "document.get:fail document with _id <id> does not exist". errCode -1 alone is not enough: the
 * SDK gives -1 to every error that arrives without a code (a dropped connection, a timeout).
 */
export function isNotFound(e: unknown): boolean {
  const x = e as SdkError;
  return x?.errCode === -1 && /document with _id .* does not exist/.test(`${x?.errMsg ?? ''} ${x?.message ?? ''}`);
}
