/**
 * How a failed request is handled: retried with backoff, retried once with fresh credentials, or final for its
 * item. Errors cross the worker boundary as plain data (`TransferFailure`).
 */

/** What to do about a failure. */
export type FailureKind =
  /** Network trouble, 5xx, throttling, request timeouts: retry with backoff. */
  | 'retryable'
  /** The S3 credentials expired: refresh them once and retry this request. */
  | 'expired-credentials'
  /** The local file changed while it was read. */
  | 'file-changed'
  /** The remote object changed while it was downloaded (ETag no longer matches). */
  | 'object-changed'
  /** A multipart upload id the endpoint no longer knows. */
  | 'upload-gone'
  /** The data store refused credentials (dataset released or pending, access removed): the job stops. */
  | 'refused'
  /** Cancelled by pause, cancel or shutdown. */
  | 'cancelled'
  /** Anything else (4xx, checksum mismatch, missing file): final for this item. */
  | 'permanent';

/** A failure as data. */
export interface TransferFailure {
  kind: FailureKind;
  /** Words a researcher understands. */
  message: string;
  /** The S3 error code or Node error code, for the details toggle and logs. */
  code: string | null;
  status: number | null;
}

/** Thrown inside the engine and its workers with a classified failure. */
export class TransferError extends Error {
  readonly failure: TransferFailure;
  constructor(failure: TransferFailure) {
    super(failure.message);
    this.name = 'TransferError';
    this.failure = failure;
  }
}

const expiredCodes = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
  'InvalidToken',
]);
const throttlingCodes = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestLimitExceeded',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'XMinioServerNotInitialized',
]);
const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const checksumCodes = new Set([
  'BadDigest',
  'XAmzContentChecksumMismatch',
  'InvalidDigest',
  'ChecksumMismatch',
]);

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
  $fault?: string;
  cause?: unknown;
}

/** Classifies anything thrown by the SDK, Node or our own code. */
export function classifyFailure(error: unknown): TransferFailure {
  if (error instanceof TransferError) return error.failure;
  const value = (error ?? {}) as ErrorLike;
  const code =
    value.Code ?? (value.name && value.name !== 'Error' ? value.name : undefined) ?? value.code ?? null;
  const status = value.$metadata?.httpStatusCode ?? value.$response?.statusCode ?? null;
  const nodeCode = value.code ?? (value.cause as ErrorLike | undefined)?.code;
  const message = value.message ?? String(error);
  if (value.name === 'AbortError' || code === 'AbortError') {
    return { kind: 'cancelled', message: 'The transfer was stopped.', code: 'AbortError', status };
  }
  if (code && expiredCodes.has(code)) {
    return { kind: 'expired-credentials', message: 'The storage credentials expired.', code, status };
  }
  if (code === 'NoSuchUpload') {
    return {
      kind: 'upload-gone',
      message: 'The storage no longer knows this upload; it starts again.',
      code,
      status,
    };
  }
  if (code === 'PreconditionFailed' || status === 412) {
    return {
      kind: 'object-changed',
      message: 'The file changed in the dataset while it was downloading.',
      code,
      status,
    };
  }
  if (code && checksumCodes.has(code)) {
    return {
      kind: 'permanent',
      message: 'The storage received different bytes than were sent (checksum mismatch).',
      code,
      status,
    };
  }
  if (
    (nodeCode && networkCodes.has(nodeCode)) ||
    value.name === 'TimeoutError' ||
    /socket hang up/i.test(message)
  ) {
    return {
      kind: 'retryable',
      message: `Network trouble reaching the storage (${nodeCode ?? value.name}).`,
      code: nodeCode ?? code,
      status,
    };
  }
  if ((code && throttlingCodes.has(code)) || status === 429 || (status !== null && status >= 500)) {
    return {
      kind: 'retryable',
      message: `The storage is busy or failing (${code ?? status}); retrying.`,
      code,
      status,
    };
  }
  if (
    status === 403 ||
    code === 'AccessDenied' ||
    code === 'InvalidAccessKeyId' ||
    code === 'SignatureDoesNotMatch'
  ) {
    return { kind: 'permanent', message: 'The storage refused access to this file.', code, status };
  }
  if (code === 'NoSuchKey' || status === 404) {
    return { kind: 'permanent', message: 'The file is no longer in the dataset.', code, status };
  }
  if (nodeCode === 'ENOENT')
    return {
      kind: 'permanent',
      message: 'The file or its folder no longer exists on this computer.',
      code: nodeCode,
      status,
    };
  if (nodeCode === 'EACCES' || nodeCode === 'EPERM') {
    return {
      kind: 'permanent',
      message: 'Datadesk is not allowed to read or write this file.',
      code: nodeCode,
      status,
    };
  }
  if (nodeCode === 'ENOSPC')
    return { kind: 'permanent', message: 'The disk is full.', code: nodeCode, status };
  if (status === null && value.$fault === undefined && !code) {
    return { kind: 'retryable', message: `Unexpected trouble: ${message}`, code: null, status };
  }
  return { kind: 'permanent', message: `The storage refused the request: ${message}`, code, status };
}

/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, base·2^attempt)], so many clients
 * retrying at once spread out.
 */
export function backoffDelayMs(attempt: number, baseMs = 200, capMs = 20_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(Math.random() * ceiling);
}

/** How many times one request is tried before its item fails (the item can be retried later). */
export const maxRequestAttempts = 8;
