/**
 * Who may do what: the root key pair made at start, and temporary credentials scoped like Provena's STS
 * policy (read = Get/Head inside a prefix plus listing the whole bucket; write = also Put/Delete/multipart
 * inside the prefix). Issued credentials live only in memory and die with the process; clients refresh.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { S3Error } from './errors.ts';

/** A request for temporary credentials limited to one prefix of one bucket. */
export interface ScopedCredentialRequest {
  bucket: string;
  prefix: string;
  access: 'read' | 'write';
  durationSeconds: number;
}

/** Temporary credentials as STS returns them. */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** The identity a request was signed by. */
export type Principal =
  | { kind: 'root'; accessKeyId: string; secretAccessKey: string }
  | { kind: 'session'; credentials: IssuedCredentials; scope: ScopedCredentialRequest };

/** What an operation needs, checked against the principal's scope. */
export type Permission =
  | { action: 'admin' }
  | { action: 'list'; bucket: string }
  | { action: 'list-uploads'; bucket: string }
  | { action: 'read' | 'write'; bucket: string; key: string };

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const longestSessionSeconds = 7 * 24 * 3600;

function randomAccessKeyId(prefix: string): string {
  const bytes = randomBytes(16);
  return prefix + Array.from(bytes, (byte) => alphabet[byte % 32]).join('');
}

/** A new random key pair: AWS-shaped access key id, 40-character secret. */
export function newKeyPair(prefix: 'AKIA' | 'ASIA'): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: randomAccessKeyId(prefix), secretAccessKey: randomBytes(30).toString('base64url') };
}

/** Holds the root key pair and every credential issued since start. */
export class CredentialStore {
  readonly root: { accessKeyId: string; secretAccessKey: string };
  private readonly sessions = new Map<
    string,
    { credentials: IssuedCredentials; scope: ScopedCredentialRequest }
  >();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.root = newKeyPair('AKIA');
    this.now = now;
  }

  /** New temporary credentials for `scope`. */
  issue(scope: ScopedCredentialRequest): IssuedCredentials {
    const duration = scope.durationSeconds;
    if (!Number.isInteger(duration) || duration < 1 || duration > longestSessionSeconds) {
      throw new RangeError('durationSeconds must be a whole number of seconds between 1 and 604800.');
    }
    if (typeof scope.bucket !== 'string' || typeof scope.prefix !== 'string') {
      throw new TypeError('bucket and prefix must be strings.');
    }
    this.forgetExpired();
    const credentials: IssuedCredentials = {
      ...newKeyPair('ASIA'),
      sessionToken: randomBytes(48).toString('base64url'),
      expiration: new Date(this.now() + duration * 1000),
    };
    this.sessions.set(credentials.accessKeyId, { credentials, scope: { ...scope } });
    return credentials;
  }

  /**
   * The principal an access key id belongs to. InvalidAccessKeyId for unknown keys; for session keys the
   * token must match (InvalidToken) and the credentials must not have expired (ExpiredToken, so clients
   * refresh).
   */
  principal(accessKeyId: string, sessionToken: string | undefined): Principal {
    if (accessKeyId === this.root.accessKeyId) return { kind: 'root', ...this.root };
    const session = this.sessions.get(accessKeyId);
    if (!session) {
      throw new S3Error(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );
    }
    const expected = Buffer.from(session.credentials.sessionToken);
    const received = Buffer.from(sessionToken ?? '');
    if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
      throw new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid.');
    }
    if (session.credentials.expiration.getTime() <= this.now()) {
      throw new S3Error('ExpiredToken', 'The provided token has expired.');
    }
    return { kind: 'session', ...session };
  }

  private forgetExpired(): void {
    const cutoff = this.now() - 3600_000;
    for (const [id, session] of this.sessions) {
      if (session.credentials.expiration.getTime() < cutoff) this.sessions.delete(id);
    }
  }
}

/** True when `key` lies in the scope's prefix: the prefix itself, with or without its slash, or below it. */
export function keyInPrefix(key: string, prefix: string): boolean {
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (base === '') return true;
  return key === base || key.startsWith(base + '/');
}

/** True when the principal may do what `permission` describes. */
export function isAllowed(principal: Principal, permission: Permission): boolean {
  if (principal.kind === 'root') return true;
  if (permission.action === 'admin') return false;
  const { scope } = principal;
  if (permission.bucket !== scope.bucket) return false;
  switch (permission.action) {
    case 'list':
      return true;
    case 'list-uploads':
      return scope.access === 'write';
    case 'read':
      return keyInPrefix(permission.key, scope.prefix);
    case 'write':
      return scope.access === 'write' && keyInPrefix(permission.key, scope.prefix);
  }
}

/** Throws AccessDenied unless the principal may do what `permission` describes. */
export function assertAllowed(principal: Principal, permission: Permission): void {
  if (!isAllowed(principal, permission)) throw new S3Error('AccessDenied', 'Access Denied');
}
