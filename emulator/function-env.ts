/**
 * The environment variables the functions run with under the local cloud (on CloudBase they are
 * set per function in the console, see docs/operations.md). Subscribe-message templates point at
 * local ids with our own field names, so the sender really calls `subscribeMessage.send` and the
 * local cloud's bridge answers and logs it.
 */
const LOCAL_TEMPLATES = {
  claimApproved: { id: 'local-claimApproved', fields: {} },
  claimRejected: { id: 'local-claimRejected', fields: {} },
  pointsExpiring: { id: 'local-pointsExpiring', fields: {} },
  dedicationReminder: { id: 'local-dedicationReminder', fields: {} },
  orderReady: { id: 'local-orderReady', fields: {} },
  orderExpired: { id: 'local-orderExpired', fields: {} },
};

export const LOCAL_FUNCTION_ENV: Record<string, string> = {
  SUBSCRIBE_TEMPLATES: JSON.stringify(LOCAL_TEMPLATES),
  // subscribeMessage.send's miniprogram_state: the developer build
  MINIPROGRAM_STATE: 'developer',
};

/** Sets each variable the process does not already have (an explicit value wins). */
export function applyLocalFunctionEnv(): void {
  for (const [k, v] of Object.entries(LOCAL_FUNCTION_ENV)) process.env[k] ??= v;
}
