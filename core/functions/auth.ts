import { bindInput, meInput, workbenchInput } from '../contracts/auth';
import { action, defineFunction, publicAction } from '../runtime/router';
import { bind } from '../usecases/auth/bind';
import { me } from '../usecases/auth/me';
import { workbench } from '../usecases/auth/workbench';

/** The `auth` cloud function: who am I, and binding a WeChat user to the roster. */
export const auth = defineFunction('auth', {
  me: action({ input: meInput, run: (ctx) => me(ctx) }),
  // public: the caller is not bound yet; the use case requires an openid itself
  bind: publicAction({ input: bindInput, run: (ctx, input) => bind(ctx, input) }),
  workbench: action({ input: workbenchInput, run: (ctx) => workbench(ctx) }),
});
