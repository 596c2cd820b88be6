/** Turns anything thrown by a bridge call into words a researcher understands, plus technical details. */
import { BridgeCallError } from '../bridge/client';

/** An error ready to show: what happened, what to do next, and the technical text for a bug report. */
export interface DescribedError {
  code: string;
  message: string;
  nextStep: string | null;
  details: string | null;
}

const nextSteps: Record<string, string> = {
  network: 'Check that the data store is reachable (see the status bar), then try again.',
  auth: 'Sign in again from Settings → Data stores, then try again.',
  forbidden: 'Ask the dataset owner or an administrator for the access you need.',
  not_found: 'It may have been removed or you may have lost access. Refresh the list and try again.',
  server:
    'The data store had a problem. Try again in a moment; if it keeps happening, send the details below to your administrator.',
  conflict: 'Someone else changed it at the same time. Refresh and try again.',
  invalid: 'Correct the highlighted fields and try again.',
};

function detailsText(details: unknown): string | null {
  if (details === undefined || details === null) return null;
  if (typeof details === 'string') return details;
  try {
    return JSON.stringify(details, null, 2);
  } catch {
    return String(details);
  }
}

/** Describes an error for display. */
export function describeError(error: unknown): DescribedError {
  if (error instanceof BridgeCallError) {
    const hint = nextSteps[error.code] ?? null;
    // Main's messages often carry their own next step already; do not repeat ours when they do.
    const hasOwnNextStep = /\b(try again|sign in|ask|check)\b/i.test(error.message);
    return {
      code: error.code,
      message: error.message,
      nextStep: hasOwnNextStep ? null : hint,
      details: detailsText({ code: error.code, message: error.message, details: error.details }),
    };
  }
  if (error instanceof Error) {
    return {
      code: 'server',
      message: 'Something went wrong in Datadesk.',
      nextStep: 'Try again; if it keeps happening, send the details below to your administrator.',
      details: `${error.name}: ${error.message}${error.stack ? `\n${error.stack}` : ''}`,
    };
  }
  return { code: 'server', message: String(error), nextStep: null, details: null };
}

/** True when the error is the user cancelling, which needs no message. */
export function isCancelled(error: unknown): boolean {
  return (
    (error instanceof BridgeCallError && error.code === 'cancelled') ||
    (error instanceof DOMException && error.name === 'AbortError')
  );
}
