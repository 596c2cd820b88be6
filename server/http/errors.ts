/** FastAPI-shaped errors: `{"detail": "..."}` with a status, or a 422 list of pydantic-v1 entries. */
import type { PydanticError } from '../../shared/provena/index.ts';

/** An error answered as `{detail}` with this status (FastAPI's HTTPException). */
export class HttpError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly headers: Record<string, string>;

  constructor(status: number, detail: string, headers: Record<string, string> = {}) {
    super(detail);
    this.name = 'HttpError';
    this.status = status;
    this.detail = detail;
    this.headers = headers;
  }
}

/** A request that failed model validation: answered 422 with the pydantic-v1 list. */
export class RequestValidationError extends Error {
  readonly errors: PydanticError[];

  constructor(errors: PydanticError[]) {
    super('Request validation failed');
    this.name = 'RequestValidationError';
    this.errors = errors;
  }
}

/** 400 with a detail. */
export const badRequest = (detail: string): HttpError => new HttpError(400, detail);
/** 401 with a detail (Provena uses 401 for every authorisation failure). */
export const notAuthorised = (detail: string): HttpError => new HttpError(401, detail);
