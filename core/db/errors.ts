/** Recognises database failures by what CloudBase reports, so use cases can decide on them. */
type SdkError = { errCode?: number; errMsg?: string; code?: string; message?: string };

function text(e: unknown): string {
  const x = e as SdkError;
  return `${x?.code ?? ''} ${x?.errMsg ?? ''} ${x?.message ?? ''}`;
}

export function isDuplicateKey(e: unknown): boolean {
  return /duplicate key|E11000/i.test(text(e));
}

export function isTransactionConflict(e: unknown): boolean {
  return /TRANSACTION_CONFLICT|transaction conflict|WriteConflict/i.test(text(e));
}

export function isNotFound(e: unknown): boolean {
  const x = e as SdkError;
  return x?.errCode === -1 && /does not exist/.test(text(e));
}
