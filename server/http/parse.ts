/**
 * Request parsing the way FastAPI does it: query and body checked together after authentication, every
 * failure listed in one 422 with `loc` starting at `query` or `body`.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { toPydanticErrors, type PydanticError } from '../../shared/provena/index.ts';
import { RequestValidationError } from './errors.ts';

/** A query-string integer (`?record_limit=5`). */
export function queryInteger() {
  return z
    .string()
    .check(
      z.superRefine<string>((value, context) => {
        if (!/^\s*[+-]?\d+\s*$/.test(value)) {
          context.addIssue({
            code: 'custom',
            message: 'value is not a valid integer',
            params: { type: 'type_error.integer' },
          });
        }
      }),
    )
    .transform((value) => Number.parseInt(value, 10));
}

function jsonDecodeError(text: string, error: unknown): PydanticError {
  const reason = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(reason)?.[1];
  const at = position ? Number(position) : /end of JSON input/.test(reason) ? text.length : 0;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  const message = `Expecting value: line ${line} column ${column} (char ${at})`;
  return {
    loc: ['body', at],
    msg: message,
    type: 'value_error.jsondecode',
    ctx: { msg: 'Expecting value', doc: text, pos: at, lineno: line, colno: column },
  };
}

/** The JSON body: undefined when there is none (FastAPI then says the body is required). */
function readBody(request: FastifyRequest): { value: unknown; error?: PydanticError } {
  const raw = request.body;
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { value: undefined, error: jsonDecodeError(text, error) };
  }
}

/** Parses the query and body against their schemas; throws one 422 naming every failure. */
export function parseRequest<Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
  request: FastifyRequest,
  schemas: { query?: Q; body?: B },
): {
  query: Q extends z.ZodType ? z.output<Q> : undefined;
  body: B extends z.ZodType ? z.output<B> : undefined;
} {
  const errors: PydanticError[] = [];
  let query: unknown;
  let body: unknown;
  if (schemas.query) {
    const result = schemas.query.safeParse(request.query ?? {}, { reportInput: true });
    if (result.success) query = result.data;
    else errors.push(...toPydanticErrors(result.error.issues, ['query']));
  }
  if (schemas.body) {
    const raw = readBody(request);
    if (raw.error) {
      errors.push(raw.error);
    } else if (raw.value === undefined) {
      errors.push({ loc: ['body'], msg: 'field required', type: 'value_error.missing' });
    } else {
      const result = schemas.body.safeParse(raw.value, { reportInput: true });
      if (result.success) body = result.data;
      else errors.push(...toPydanticErrors(result.error.issues, ['body']));
    }
  }
  if (errors.length > 0) throw new RequestValidationError(errors);
  return { query, body } as never;
}
