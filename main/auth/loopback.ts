/**
 * Authorization code + PKCE with a loopback redirect (RFC 8252): a one-shot listener on 127.0.0.1 and a random
 * port receives the browser's redirect. The result does not depend on whether a browser could be opened: the
 * page can be opened by hand (web mode) and the listener still completes the sign-in.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { AppError } from '../core/index.ts';
import { signInScope } from './oidc.ts';

/** A browser sign-in waiting for its redirect. */
export interface LoopbackSignIn {
  authorizationUrl: string;
  expiresAt: number;
  /** Resolves with the tokens once the browser comes back; rejects on error, timeout or cancel. */
  result: Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers>;
  cancel(): void;
}

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;margin:3rem"><h1>${title}</h1><p>${text}</p></body></html>`;

function answer(response: ServerResponse, status: number, title: string, text: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'cache-control': 'no-store',
  });
  response.end(page(title, text));
}

/** Starts the listener and builds the authorization URL; waits at most `timeoutMs` for the redirect. */
export async function startLoopbackSignIn(
  config: oidc.Configuration,
  timeoutMs = 10 * 60_000,
): Promise<LoopbackSignIn> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: signInScope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });

  let settle: { resolve(value: Awaited<LoopbackSignIn['result']>): void; reject(error: unknown): void };
  const result = new Promise<Awaited<LoopbackSignIn['result']>>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let done = false;
  const finish = (error: unknown, tokens?: Awaited<LoopbackSignIn['result']>) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
    if (tokens) settle.resolve(tokens);
    else settle.reject(error);
  };
  const timer = setTimeout(
    () => finish(new AppError('auth', 'The sign-in page was not completed within 10 minutes. Start again.')),
    timeoutMs,
  );
  timer.unref();

  server.on('request', (request, response) => {
    const url = new URL(request.url ?? '/', redirectUri);
    if (url.pathname !== '/callback' || done) {
      answer(response, 404, 'Not found', 'This address only receives the sign-in for Datadesk.');
      return;
    }
    void oidc
      .authorizationCodeGrant(config, url, { pkceCodeVerifier: verifier, expectedState: state })
      .then((tokens) => {
        answer(response, 200, 'Signed in to Datadesk', 'You can close this tab and return to Datadesk.');
        finish(null, tokens);
      })
      .catch((error: unknown) => {
        answer(response, 400, 'Sign-in failed', 'Return to Datadesk and try again.');
        finish(error);
      });
  });

  return {
    authorizationUrl: authorizationUrl.href,
    expiresAt: Date.now() + timeoutMs,
    result,
    cancel: () => finish(new AppError('cancelled', 'Sign-in was cancelled.')),
  };
}
