/** Sign-in to data stores (OIDC device flow, browser PKCE, offline tokens) and the tokens the client uses. */
export { AuthService, type AuthServiceOptions, type TokenSource } from './auth-service.ts';
export { authHandlers } from './handlers.ts';
export { isLoopbackUrl, type FetchFunction } from './oidc.ts';
export { refreshMarginMs } from './session.ts';
