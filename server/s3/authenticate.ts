/**
 * Authentication of every request: no signature, no access. Checks the key, the session token and its
 * expiry, the signing region, the clock (15 minutes for header signatures; the lifetime of presigned URLs),
 * and finally the signature itself.
 */
import type { IncomingMessage } from 'node:http';
import type { CredentialStore, Principal } from './credentials.ts';
import { S3Error } from './errors.ts';
import type { RequestTarget } from './request-target.ts';
import {
  readSignature,
  verifyRequestSignature,
  type SignedRequestInfo,
  type SigningCredentials,
} from './sigv4.ts';

const allowedSkewMs = 15 * 60 * 1000;

/** Who signed a request, and how. */
export interface Authenticated {
  principal: Principal;
  signature: SignedRequestInfo;
  credentials: SigningCredentials;
}

/** Authenticates a request; throws the S3 error a client expects when it cannot be. */
export async function authenticate(
  request: IncomingMessage,
  target: RequestTarget,
  credentialStore: CredentialStore,
  region: string,
  now = Date.now(),
): Promise<Authenticated> {
  const received = {
    method: request.method ?? 'GET',
    canonicalPath: target.canonicalPath,
    query: target.query,
    headers: request.headers,
    headersDistinct: request.headersDistinct,
  };
  const signature = readSignature(received);
  if (!signature)
    throw new S3Error('AccessDenied', 'Access Denied: this endpoint accepts only signed requests.');
  const principal = credentialStore.principal(signature.accessKeyId, signature.sessionToken);
  if (signature.region !== region) {
    throw new S3Error(
      signature.kind === 'header' ? 'AuthorizationHeaderMalformed' : 'AuthorizationQueryParametersError',
      `The authorization header is malformed; the region '${signature.region}' is wrong; expecting '${region}'`,
      { Region: region },
    );
  }
  checkClock(signature, now);
  const credentials: SigningCredentials =
    principal.kind === 'root'
      ? { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey }
      : {
          accessKeyId: principal.credentials.accessKeyId,
          secretAccessKey: principal.credentials.secretAccessKey,
          sessionToken: principal.credentials.sessionToken,
        };
  if (!(await verifyRequestSignature(received, signature, credentials))) {
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  return { principal, signature, credentials };
}

function checkClock(signature: SignedRequestInfo, now: number): void {
  const signed = signature.signingDate.getTime();
  if (signature.kind === 'header') {
    if (Math.abs(now - signed) > allowedSkewMs) {
      throw new S3Error(
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        {
          RequestTime: signature.longDate,
          ServerTime: new Date(now).toISOString(),
          MaxAllowedSkewMilliseconds: String(allowedSkewMs),
        },
      );
    }
    return;
  }
  if (signed - now > allowedSkewMs) throw new S3Error('AccessDenied', 'Request is not valid yet');
  if (now > signed + (signature.expiresSeconds ?? 0) * 1000) {
    throw new S3Error('AccessDenied', 'Request has expired', {
      Expires: new Date(signed + (signature.expiresSeconds ?? 0) * 1000).toISOString(),
      ServerTime: new Date(now).toISOString(),
    });
  }
}
