import type { BridgeError, ErrorCode } from '../../preload/contract.ts';

/** An error that knows which bridge code it maps to; thrown anywhere in main, answered as data. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  /** The error as it crosses the bridge. */
  toBridge(): BridgeError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** True for an AppError, or an error thrown because a signal was aborted. */
export function isCancellation(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'cancelled';
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** Converts anything thrown into a bridge error without leaking stack traces. */
export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof AppError) return error.toBridge();
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'cancelled', message: 'The operation was cancelled.' };
  }
  return {
    code: 'server',
    message:
      'Something went wrong inside Datadesk. Try again; if it keeps happening, report it with the log.',
    details: error instanceof Error ? error.message : String(error),
  };
}
