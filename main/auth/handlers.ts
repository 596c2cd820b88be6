import type { Handlers } from '../ipc/index.ts';
import type { AuthService } from './auth-service.ts';

/** Bridge handlers for sign-in. */
export function authHandlers(
  auth: AuthService,
): Pick<
  Handlers,
  'auth.overview' | 'auth.signIn' | 'auth.cancelSignIn' | 'auth.signOut' | 'auth.importOfflineToken'
> {
  return {
    'auth.overview': () => auth.overview(),
    'auth.signIn': ({ profileId, method }) => auth.signIn(profileId, method),
    'auth.cancelSignIn': ({ profileId }) => auth.cancelSignIn(profileId),
    'auth.signOut': ({ profileId }) => auth.signOut(profileId),
    'auth.importOfflineToken': ({ profileId, token, clientId }) =>
      auth.importOfflineToken(profileId, token, clientId),
  };
}
