import { bindInput, meInput } from '../contracts/auth';
import { action, defineFunction } from '../runtime/router';
import { bind } from '../usecases/auth/bind';
import { me } from '../usecases/auth/me';

/** The `auth` cloud function: who am I, and binding a WeChat user to the roster. */
export const auth = defineFunction('auth', {
  me: action({ input: meInput, auth: 'member', run: (ctx) => me(ctx) }),
  // 'none': the caller is not bound yet; the use case requires an openid itself
  bind: action({ input: bindInput, auth: 'none', run: (ctx, input) => bind(ctx, input) }),
});
