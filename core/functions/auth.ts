import { meInput } from '../contracts/auth';
import { action, defineFunction } from '../runtime/router';
import { me } from '../usecases/auth/me';

/** The `auth` cloud function: who am I, and (with the org issue) binding. */
export const auth = defineFunction('auth', {
  me: action({ input: meInput, auth: 'member', run: (ctx) => me(ctx) }),
});
