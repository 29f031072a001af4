/**
 * The environment variables the functions run with under the local cloud (on CloudBase they are
 * set per function in the console, see docs/operations.md). Subscribe-message templates are not
 * among them: they come from cloudbase/subscribe-templates.json, bundled in, whose shipped
 * `local-<purpose>` ids the sender really sends with and the local cloud's bridge answers and logs.
 */
export const LOCAL_FUNCTION_ENV: Record<string, string> = {
  // subscribeMessage.send's miniprogram_state: the developer build
  MINIPROGRAM_STATE: 'developer',
};

/** Sets each variable the process does not already have (an explicit value wins). */
export function applyLocalFunctionEnv(): void {
  for (const [k, v] of Object.entries(LOCAL_FUNCTION_ENV)) process.env[k] ??= v;
}
