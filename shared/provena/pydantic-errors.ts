/**
 * Maps zod issues to the pydantic-v1 error entries FastAPI returns in a 422 body:
 * `{"detail": [{"loc": ["body", "dataset_info", "name"], "msg": "field required", "type": "value_error.missing"}]}`.
 */
import type { z } from 'zod';

/** One pydantic-v1 validation error. */
export interface PydanticError {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
}

/** The body of a 422 response. */
export interface ValidationErrorBody {
  detail: PydanticError[];
}

type Issue = z.core.$ZodIssue & { input?: unknown; params?: Record<string, unknown> };

function typeError(expected: string): { msg: string; type: string } {
  switch (expected) {
    case 'string':
      return { msg: 'str type expected', type: 'type_error.str' };
    case 'boolean':
      return { msg: 'value could not be parsed to a boolean', type: 'type_error.bool' };
    case 'int':
      return { msg: 'value is not a valid integer', type: 'type_error.integer' };
    case 'number':
      return { msg: 'value is not a valid float', type: 'type_error.float' };
    case 'array':
      return { msg: 'value is not a valid list', type: 'type_error.list' };
    case 'object':
    case 'record':
      return { msg: 'value is not a valid dict', type: 'type_error.dict' };
    default:
      return { msg: `value is not a valid ${expected}`, type: `type_error.${expected}` };
  }
}

function sizeError(issue: Issue & { code: 'too_small' | 'too_big' }): Omit<PydanticError, 'loc'> {
  const small = issue.code === 'too_small';
  const limit = Number(
    small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum,
  );
  if (issue.origin === 'string') {
    return {
      msg: `ensure this value has at ${small ? 'least' : 'most'} ${limit} characters`,
      type: `value_error.any_str.${small ? 'min_length' : 'max_length'}`,
      ctx: { limit_value: limit },
    };
  }
  if (issue.origin === 'array') {
    return {
      msg: `ensure this value has at ${small ? 'least' : 'most'} ${limit} items`,
      type: `value_error.list.${small ? 'min_items' : 'max_items'}`,
      ctx: { limit_value: limit },
    };
  }
  const inclusive = issue.inclusive !== false;
  const words = small
    ? inclusive
      ? 'greater than or equal to'
      : 'greater than'
    : inclusive
      ? 'less than or equal to'
      : 'less than';
  const kind = small ? (inclusive ? 'not_ge' : 'not_gt') : inclusive ? 'not_le' : 'not_lt';
  return {
    msg: `ensure this value is ${words} ${limit}`,
    type: `value_error.number.${kind}`,
    ctx: { limit_value: limit },
  };
}

function mapIssue(issue: Issue, prefix: (string | number)[]): PydanticError[] {
  const loc = [...prefix, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))];
  switch (issue.code) {
    case 'invalid_type': {
      // With `reportInput` the value is on the issue; without it, zod's message names what it received.
      const named = /received (undefined|null)$/.exec(issue.message)?.[1];
      const missing = 'input' in issue ? issue.input === undefined : named === 'undefined';
      const isNull = 'input' in issue ? issue.input === null : named === 'null';
      if (missing) return [{ loc, msg: 'field required', type: 'value_error.missing' }];
      if (isNull) {
        return [{ loc, msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' }];
      }
      return [{ loc, ...typeError(issue.expected) }];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        loc: [...loc, key],
        msg: 'extra fields not permitted',
        type: 'value_error.extra',
      }));
    case 'too_small':
    case 'too_big':
      return [{ loc, ...sizeError(issue) }];
    case 'invalid_format':
      if (issue.format === 'date') return [{ loc, msg: 'invalid date format', type: 'value_error.date' }];
      if (issue.format === 'datetime')
        return [{ loc, msg: 'invalid datetime format', type: 'value_error.datetime' }];
      return [{ loc, msg: `string does not match ${issue.format}`, type: 'value_error.str.regex' }];
    case 'invalid_value': {
      const permitted = issue.values.map((value) => `'${String(value)}'`).join(', ');
      return [
        {
          loc,
          msg: `value is not a valid enumeration member; permitted: ${permitted}`,
          type: 'type_error.enum',
          ctx: { enum_values: issue.values },
        },
      ];
    }
    case 'custom': {
      const params = issue.params ?? {};
      const entry: PydanticError = {
        loc: params.root ? [...loc, '__root__'] : loc,
        msg: issue.message,
        type: typeof params.type === 'string' ? params.type : 'value_error',
      };
      if (params.ctx && typeof params.ctx === 'object') entry.ctx = params.ctx as Record<string, unknown>;
      return [entry];
    }
    default:
      return [{ loc, msg: issue.message, type: 'value_error' }];
  }
}

/** The pydantic-v1 entries for zod issues; `prefix` is where the value sat (`['body']`, `['query', 'x']`). */
export function toPydanticErrors(
  issues: readonly z.core.$ZodIssue[],
  prefix: (string | number)[] = ['body'],
): PydanticError[] {
  return issues.flatMap((issue) => mapIssue(issue as Issue, prefix));
}
