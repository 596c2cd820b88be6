/**
 * Provena's status codes turned into the bridge's error codes, with messages a researcher can act on. Provena
 * answers 400 for unknown ids, 401 for every authorisation failure (token or permission) and 403 only when write
 * credentials are refused for a dataset under review or released; the mapping follows that, not HTTP's textbook.
 */
import { AppError } from '../core/index.ts';

/** What a request was doing, so its failure can be explained. */
export interface RequestContext {
  /** Words for the action, completing "Could not …": "open the dataset", "mint the dataset". */
  action: string;
  /** What an unknown id refers to (400 with a "not found" detail becomes `not_found`). */
  notFound?: 'dataset' | 'job' | 'history entry' | 'file' | 'reviewer';
  /** A 403 here means the dataset is pending review or released. */
  writeCredentials?: boolean;
}

/** The `detail` of a FastAPI error body as text (422 lists are summarised). */
export function detailText(body: unknown): string | null {
  if (!body || typeof body !== 'object')
    return typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : null;
  const detail = (body as { detail?: unknown }).detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map(
        (entry: { loc?: unknown[]; msg?: unknown }) =>
          `${(entry.loc ?? []).join('.')}: ${String(entry.msg ?? '')}`,
      )
      .join('; ');
  }
  return null;
}

const tokenProblem =
  /not authenticated|could not validate credentials|incorrect structure|expired|invalid token|signature/i;
const notFoundWords =
  /not\s*found|does not exist|doesn't exist|no such|unknown (id|handle|dataset)|could not find|does not have a history entry/i;

/** True when a 401 is about the token itself (missing, expired, unverifiable), not about permissions. */
export function isTokenProblem(status: number, body: unknown, wwwAuthenticate: string | null): boolean {
  if (status !== 401) return false;
  if (wwwAuthenticate && /invalid_token/i.test(wwwAuthenticate)) return true;
  return tokenProblem.test(detailText(body) ?? '');
}

/** The AppError for an HTTP answer that is not a success. */
export function errorForStatus(
  status: number,
  body: unknown,
  context: RequestContext,
  options: { wwwAuthenticate: string | null; host: string },
): AppError {
  const detail = detailText(body);
  const details = {
    status,
    detail,
    ...(Array.isArray((body as { detail?: unknown })?.detail)
      ? { errors: (body as { detail: unknown }).detail }
      : {}),
  };
  if (status === 400 && context.notFound && detail && notFoundWords.test(detail)) {
    // The detail says which id was unknown: a revert can miss its dataset or its history entry.
    const noun = /history entry/i.test(detail)
      ? 'history entry'
      : /given key|dataset/i.test(detail) && context.notFound !== 'file'
        ? 'dataset'
        : context.notFound;
    return new AppError(
      'not_found',
      `Could not ${context.action}: the ${noun} was not found on the data store.`,
      details,
    );
  }
  if (status === 400 || status === 422) {
    return new AppError(
      'invalid',
      `Could not ${context.action}: ${detail ?? 'the data store refused the request.'}`,
      details,
    );
  }
  if (status === 401) {
    return isTokenProblem(status, body, options.wwwAuthenticate)
      ? new AppError(
          'auth',
          `Could not ${context.action}: your sign-in was not accepted. Sign in again (Settings → Data stores).`,
          details,
        )
      : new AppError(
          'forbidden',
          `Could not ${context.action}: you do not have permission. Ask the dataset's owner or an administrator for access.`,
          details,
        );
  }
  if (status === 403) {
    return context.writeCredentials
      ? new AppError(
          'forbidden',
          'This dataset is awaiting review or has been released, so its files can no longer be changed. Create a new version to add or change files.',
          details,
        )
      : new AppError(
          'forbidden',
          `Could not ${context.action}: the data store refused it. ${detail ?? ''}`.trim(),
          details,
        );
  }
  if (status === 404) {
    return context.notFound === 'job' || context.notFound === 'file'
      ? new AppError(
          'not_found',
          `Could not ${context.action}: the ${context.notFound} was not found.`,
          details,
        )
      : new AppError(
          'not_found',
          `Could not ${context.action}: ${options.host} does not offer this. Check the data store's addresses in Settings.`,
          details,
        );
  }
  if (status === 409)
    return new AppError(
      'conflict',
      `Could not ${context.action}: ${detail ?? 'it changed meanwhile.'}`,
      details,
    );
  if (status === 429)
    return new AppError(
      'server',
      `Could not ${context.action}: the data store is busy. Try again in a minute.`,
      details,
    );
  return new AppError(
    'server',
    `Could not ${context.action}: the data store had a problem (HTTP ${status}). Try again later; if it keeps happening, tell its administrators.`,
    details,
  );
}

/** The AppError for a request that got no HTTP answer. */
export function errorForNetwork(
  error: unknown,
  context: RequestContext,
  host: string,
  timeoutMs: number,
): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new AppError(
      'network',
      `Could not ${context.action}: ${host} did not answer within ${Math.round(timeoutMs / 1000)} seconds. Try again.`,
    );
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new AppError('cancelled', 'The operation was cancelled.');
  }
  const cause =
    error instanceof Error && error.cause instanceof Error
      ? error.cause.message
      : error instanceof Error
        ? error.message
        : String(error);
  return new AppError(
    'network',
    `Could not ${context.action}: ${host} cannot be reached. Check your network connection.`,
    { cause },
  );
}
