/**
 * The string checks and validator helpers behind `CollectionFormat`, written to give the same outcomes (and the
 * same pydantic-v1 error types) as Provena's models.
 */
import { z } from 'zod';

/** Runs `check` only when the value parsed cleanly (pydantic's `skip_on_failure=True` root validators). */
export function skipOnFailure<T extends z.ZodType>(
  schema: T,
  check: (value: z.output<T>) => string | null,
): T {
  return schema.check(
    z.superRefine<z.output<T>>(
      (value, context) => {
        const message = check(value);
        if (message) context.addIssue({ code: 'custom', message, params: { root: true } });
      },
      { when: (payload) => payload.issues.length === 0 },
    ),
  ) as T;
}

/** A non-empty string with one more check that runs only when the string itself is valid. */
function checkedText(check: (value: string) => { message: string; type: string; ctx?: object } | null) {
  return z
    .string()
    .min(1)
    .check(
      z.superRefine<string>(
        (value, context) => {
          const problem = check(value);
          if (problem) {
            context.addIssue({
              code: 'custom',
              message: problem.message,
              params: { type: problem.type, ctx: problem.ctx },
            });
          }
        },
        { when: (payload) => payload.issues.length === 0 },
      ),
    );
}

const schemePattern = /^([a-z][a-z0-9+\-.]+):/i;

/** pydantic's `AnyHttpUrl`: an http or https URL with a host. */
export function anyHttpUrl() {
  return checkedText((value) => {
    if (value.length > 65_536) {
      return {
        message: 'ensure this value has at most 65536 characters',
        type: 'value_error.any_str.max_length',
        ctx: { limit_value: 65_536 },
      };
    }
    const scheme = schemePattern.exec(value);
    if (!scheme?.[1]) return { message: 'invalid or missing URL scheme', type: 'value_error.url.scheme' };
    if (!['http', 'https'].includes(scheme[1].toLowerCase())) {
      return {
        message: 'URL scheme not permitted',
        type: 'value_error.url.scheme',
        ctx: { allowed_schemes: ['http', 'https'] },
      };
    }
    const rest = value.slice(scheme[0].length).replace(/^\/\//, '');
    const authority = rest.split(/[/?#]/, 1)[0] ?? '';
    const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
    const portMatch = /:([^:\]]*)$/.exec(hostAndPort);
    const host = portMatch ? hostAndPort.slice(0, portMatch.index) : hostAndPort;
    if (!host || /\s/.test(host)) return { message: 'URL host invalid', type: 'value_error.url.host' };
    if (
      portMatch &&
      portMatch[1] !== '' &&
      !(/^\d+$/.test(portMatch[1]!) && Number(portMatch[1]) <= 65_535)
    ) {
      return { message: 'URL port invalid, port cannot exceed 65535', type: 'value_error.url.port' };
    }
    return null;
  });
}

// RFC 3986: scheme ":" then only characters a URI may hold (unreserved, reserved, percent-encoded).
const uriPattern = /^[a-z][a-z0-9+\-.]*:(?:[a-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9a-f]{2})*$/i;

/** Provena's `AnyUri`: any RFC 3986 URI (any scheme). */
export function anyUri() {
  return checkedText((value) =>
    uriPattern.test(value)
      ? null
      : { message: "doesn't match the URI syntax of RFC 3986", type: 'value_error' },
  );
}

// Python's float(): optional sign, digits with single underscores between them, optional exponent, inf, nan.
const digits = String.raw`\d(?:_?\d)*`;
const pythonFloat = new RegExp(
  String.raw`^[+-]?(?:(?:${digits})?\.${digits}(?:[eE][+-]?${digits})?|${digits}\.?(?:[eE][+-]?${digits})?|inf|infinity|nan)$`,
  'i',
);

/** A decimal-degree resolution: a string Python parses as a float greater than 0. */
export function positiveFloatString() {
  return checkedText((value) => {
    const trimmed = value.trim();
    let details: string | null = null;
    if (!pythonFloat.test(trimmed)) {
      details = `could not convert string to float: '${value}'`;
    } else {
      const lowered = trimmed.toLowerCase().replace(/_/g, '');
      const number =
        lowered.endsWith('inf') || lowered.endsWith('infinity')
          ? lowered.startsWith('-')
            ? -Infinity
            : Infinity
          : Number(lowered);
      if (!(number > 0)) {
        details = `Spatial resolution must be non-negative and greater than than 0. Got '${number}'.`;
      }
    }
    if (details === null) return null;
    return {
      message:
        'Invalid spatial resolution. The value must conform to the Decimal Degrees format. Please provide a ' +
        'positive decimal value. Failed to parse the spatial resolution as a positive float. Details: ' +
        details,
      type: 'value_error',
    };
  });
}

const number = String.raw`\d+(?:[.,]\d+)?`;
const designatorDuration = new RegExp(
  String.raw`^[+-]?P(?=\d|T\d)(?:${number}Y)?(?:${number}M)?(?:${number}W)?(?:${number}D)?` +
    String.raw`(?:T(?=\d)(?:${number}H)?(?:${number}M)?(?:${number}S)?)?$`,
);
// The alternative format isodate also accepts: PYYYY-MM-DDThh:mm:ss (or PYYYYMMDDThhmmss).
const alternativeDuration = /^[+-]?P\d{4}-?\d{2}-?\d{2}(?:T\d{2}:?\d{2}:?\d{2}(?:[.,]\d+)?)?$/;

/** A temporal resolution: an ISO-8601 duration such as `P1Y2M10DT2H30M`. */
export function isoDuration() {
  return checkedText((value) =>
    designatorDuration.test(value) || alternativeDuration.test(value)
      ? null
      : {
          message:
            "Invalid temporal resolution. The value must conform to the ISO8601 Time Duration format (e.g.'P1Y2M10DT2H30M'). " +
            `Details: Unable to parse duration string '${value}'`,
          type: 'value_error',
        },
  );
}
