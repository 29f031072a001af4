import { bindInput, consoleLogoutInput, consolePollInput, consoleRequestInput, consoleRevokeInput, consoleScanInput, consoleSessionsInput, meInput, workbenchInput } from '../contracts/auth';
import { action, defineFunction, publicAction } from '../runtime/router';
import { bind } from '../usecases/auth/bind';
import { consoleConfirm, consoleScan } from '../usecases/auth/console-confirm';
import { consolePoll } from '../usecases/auth/console-poll';
import { consoleRequest } from '../usecases/auth/console-request';
import { consoleLogout, consoleRevoke, consoleSessions } from '../usecases/auth/console-sessions';
import { me } from '../usecases/auth/me';
import { workbench } from '../usecases/auth/workbench';

/** The `auth` cloud function: who am I, and binding a WeChat user to the roster. */
export const auth = defineFunction('auth', {
  me: action({ input: meInput, run: (ctx) => me(ctx) }),
  // public: the caller is not bound yet; the use case requires an openid itself
  bind: publicAction({ input: bindInput, run: (ctx, input) => bind(ctx, input) }),
  workbench: action({ input: workbenchInput, run: (ctx) => workbench(ctx) }),
  // the web console's scan-to-log-in (docs/console.md)
  'console.request': publicAction({ input: consoleRequestInput, run: (ctx, input) => consoleRequest(ctx, input) }),
  'console.poll': publicAction({ input: consolePollInput, run: (ctx, input) => consolePoll(ctx, input) }),
  'console.scan': action({ input: consoleScanInput, run: (ctx, input) => consoleScan(ctx, input) }),
  'console.confirm': action({ input: consoleScanInput, run: (ctx, input) => consoleConfirm(ctx, input) }),
  'console.sessions': action({ input: consoleSessionsInput, run: (ctx) => consoleSessions(ctx) }),
  'console.revoke': action({ input: consoleRevokeInput, run: (ctx, input) => consoleRevoke(ctx, input) }),
  'console.logout': action({ input: consoleLogoutInput, run: (ctx) => consoleLogout(ctx) }),
});
