/**
 * One HTTP request to a data store, done the way every route needs it: a bearer token (renewed once after a 401
 * about the token), a 30 s timeout like Provena's API gateway, cancellation through an AbortSignal, retries with
 * backoff and jitter for idempotent reads only, the answer checked against its schema, errors mapped to AppErrors.
 */
import type { z } from 'zod';
import { AppError, type Logger } from '../core/index.ts';
import { errorForNetwork, errorForStatus, isTokenProblem, type RequestContext } from './errors.ts';

/** Where bearer tokens come from (the sign-in of a profile, or the local store's static token). */
export interface TokenSource {
  accessToken(): Promise<string>;
  afterUnauthorized(rejected: string): Promise<string | null>;
}

/** One request. */
export interface RequestSpec<T> {
  base: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** Safe to send again after a network error or a 502/503/504 (reads, dry runs, credential requests). */
  idempotent: boolean;
  /** Send the bearer token (default true). */
  authenticated?: boolean;
  /** This request's own limits (a probe wants one short try), instead of the client's. */
  timeoutMs?: number;
  attempts?: number;
  context: RequestContext;
  signal?: AbortSignal | undefined;
}

/** How the HTTP layer behaves. */
export interface HttpOptions {
  tokens: TokenSource;
  logger: Logger;
  fetch?: typeof fetch;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** Attempts for idempotent requests (default 3) and the first backoff delay (default 300 ms). */
  retry?: { attempts: number; baseDelayMs: number };
  /**
   * True while the data store is known to be unreachable: then every request gets one quick try (no retries,
   * `offlineTimeoutMs`), so nothing waits out 3 × 30 s for a server that is not there.
   */
  offline?: () => boolean;
  /** Per attempt while offline (default 5 s). */
  offlineTimeoutMs?: number;
}

const retryableStatuses = new Set([429, 502, 503, 504]);
const retryable = new WeakSet<AppError>();

/** Waits, unless the signal is aborted first. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError('cancelled', 'The operation was cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AppError('cancelled', 'The operation was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Sends requests to one data store. */
export class HttpClient {
  private readonly options: HttpOptions;
  private readonly timeoutMs: number;

  constructor(options: HttpOptions) {
    this.options = options;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Sends a request and returns its parsed answer, or throws an AppError. */
  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const offline = this.options.offline?.() === true;
    const attempts = offline || !spec.idempotent ? 1 : (spec.attempts ?? this.options.retry?.attempts ?? 3);
    const timeoutMs = Math.min(
      spec.timeoutMs ?? this.timeoutMs,
      offline ? (this.options.offlineTimeoutMs ?? 5_000) : Number.POSITIVE_INFINITY,
    );
    const baseDelay = this.options.retry?.baseDelayMs ?? 300;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once(spec, timeoutMs);
      } catch (error) {
        if (
          !(error instanceof AppError) ||
          !retryable.has(error) ||
          attempt >= attempts ||
          spec.signal?.aborted
        )
          throw error;
        const delay = baseDelay * 3 ** (attempt - 1) * (0.5 + Math.random());
        this.options.logger.info('datastore.retry', {
          path: spec.path,
          attempt,
          code: error.code,
          delayMs: Math.round(delay),
        });
        await sleep(delay, spec.signal);
      }
    }
  }

  private async once<T>(spec: RequestSpec<T>, timeoutMs: number): Promise<T> {
    const url = new URL(spec.base.replace(/\/+$/, '') + spec.path);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== null && value !== undefined) url.searchParams.set(name, String(value));
    }
    const authenticated = spec.authenticated ?? true;
    let token = authenticated ? await this.options.tokens.accessToken() : null;
    let { response, body } = await this.send(spec, url, token, timeoutMs);
    if (
      response.status === 401 &&
      token &&
      isTokenProblem(401, body, response.headers.get('www-authenticate'))
    ) {
      // One renewal and one more try: the token may have expired in flight or been revoked and re-issued.
      token = await this.options.tokens.afterUnauthorized(token);
      if (token) ({ response, body } = await this.send(spec, url, token, timeoutMs));
    }
    if (!response.ok) {
      const error = errorForStatus(response.status, body, spec.context, {
        wwwAuthenticate: response.headers.get('www-authenticate'),
        host: url.host,
      });
      if (retryableStatuses.has(response.status)) retryable.add(error);
      throw error;
    }
    const parsed = spec.schema.safeParse(body);
    if (!parsed.success) {
      throw new AppError(
        'server',
        `Could not ${spec.context.action}: the data store answered in a form Datadesk does not understand.`,
        {
          issues: parsed.error.issues
            .slice(0, 5)
            .map((issue) => ({ path: issue.path.map(String), message: issue.message })),
        },
      );
    }
    return parsed.data;
  }

  private async send(
    spec: RequestSpec<unknown>,
    url: URL,
    token: string | null,
    timeoutMs: number,
  ): Promise<{ response: Response; body: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    const started = performance.now();
    try {
      const response = await (this.options.fetch ?? fetch)(url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal,
        redirect: 'error',
      });
      const body = await readBody(response);
      this.options.logger.debug('datastore.request', {
        method: spec.method,
        path: spec.path,
        status: response.status,
        ms: Math.round(performance.now() - started),
      });
      return { response, body };
    } catch (error) {
      if (spec.signal?.aborted) throw new AppError('cancelled', 'The operation was cancelled.');
      const appError = errorForNetwork(
        timeout.aborted ? timeout.reason : error,
        spec.context,
        url.host,
        timeoutMs,
      );
      if (appError.code === 'network') retryable.add(appError);
      this.options.logger.info('datastore.unreachable', {
        method: spec.method,
        path: spec.path,
        host: url.host,
        code: appError.code,
      });
      throw appError;
    }
  }
}
