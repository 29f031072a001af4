/** A stored document: plain JSON values plus Date. `_id` is always a string here. */
export type Doc = { _id: string; [key: string]: unknown };

export type IndexSpec = { field: string; unique?: boolean };
export type CollectionSpec = { name: string; indexes?: IndexSpec[] };

/** A database error shaped the way CloudBase answers, so wx-server-sdk maps it to an errCode. */
export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const dbErrors = {
  notExist: (c: string) => new DbError('DATABASE_COLLECTION_NOT_EXIST', `collection ${c} does not exist`),
  exists: (c: string) => new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${c} already exists`),
  duplicate: (c: string, key: string, value: unknown) =>
    new DbError('DATABASE_REQUEST_FAILED', `E11000 duplicate key error collection: ${c} index: ${key} dup key: { ${key}: ${JSON.stringify(value)} }`),
  // the texts CloudBase sends (TencentCloudBase/node-sdk test/database/unit/transaction.test.ts)
  conflict: () =>
    new DbError(
      'DATABASE_TRANSACTION_CONFLICT',
      '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.',
    ),
  txnNotFound: (_id: string) =>
    new DbError(
      'DATABASE_TRANSACTION_FAIL',
      '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.',
    ),
  locked: (c: string, id: string) => new DbError('DATABASE_REQUEST_FAILED', `document ${id} in ${c} is locked by an open transaction`),
  whereInTransaction: () => new DbError('DATABASE_REQUEST_FAILED', 'transaction only supports single-document operations (doc), not where()'),
  invalid: (msg: string) => new DbError('INVALID_PARAM', msg),
  injected: (api: string) => new DbError('DATABASE_REQUEST_FAILED', `injected fault on ${api}`),
};
