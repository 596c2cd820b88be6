/**
 * Bridge-side limits. The renderer is untrusted, so every call input has a ceiling on its size. Schemas shared
 * with the server (`shared/provena`) must keep Provena's exact behaviour there, so the bridge wraps them with
 * `bounded()` instead of changing them: the same checks in the same order, with limits in front.
 */
import { z } from 'zod';
import { bridgeLimits } from './limits.ts';

export { bridgeLimits };

/** What `bounded()` applies where a schema has no limit of its own. */
export interface BoundOptions {
  text?: number;
  list?: number;
  recordKeys?: number;
}

/** How a bound check labels itself, so the contract audit can find it. */
export interface BoundParams {
  bound: 'max_keys' | 'max_json_bytes';
  maximum: number;
}

const count = (value: number) => value.toLocaleString('en');

const hasMaxLength = (schema: z.ZodType) =>
  (schema._zod.def.checks ?? []).some((check) => check._zod.def.check === 'max_length');

/** A check that a record has at most `maximum` keys. */
export function maxKeys(maximum: number) {
  return z.refine<Record<string, unknown>>((value) => Object.keys(value).length <= maximum, {
    message: `At most ${count(maximum)} entries.`,
    params: { bound: 'max_keys', maximum } satisfies BoundParams,
  });
}

/** The UTF-8 size of `value` as JSON, or Infinity when it cannot be written as JSON. */
export function jsonByteLength(value: unknown): number {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? 0 : new TextEncoder().encode(text).length;
  } catch {
    return Infinity;
  }
}

/** Opaque JSON (an object such as a DynamoDB pagination key) passed back unchanged: at most `maxBytes` as JSON. */
export function opaqueJson(maxBytes: number = bridgeLimits.opaqueJsonBytes) {
  return z.record(z.string().max(1_000), z.unknown()).check(
    z.refine<Record<string, unknown>>((value) => jsonByteLength(value) <= maxBytes, {
      message: `This value is too large (more than ${count(maxBytes)} bytes); pass back the value Datadesk gave you.`,
      params: { bound: 'max_json_bytes', maximum: maxBytes } satisfies BoundParams,
    }),
  );
}

/**
 * `schema` with limits where it has none: strings get a maximum length, lists a maximum number of entries,
 * records a maximum number of keys. The limits run before the schema's own checks, so an expensive check never
 * sees an oversize value; inputs within the limits get exactly the schema's answer. Numbers and unknown values
 * are left as they are (no limit fits every meaning); the contract audit (tests/unit/contract) flags them.
 */
export function bounded<T extends z.ZodType>(schema: T, options: BoundOptions = {}): T {
  const limits = {
    text: options.text ?? bridgeLimits.text,
    list: options.list ?? bridgeLimits.list,
    recordKeys: options.recordKeys ?? bridgeLimits.recordKeys,
  };
  return boundNode(schema, limits) as T;
}

type Limits = Required<BoundOptions>;

function boundNode(schema: z.ZodType, limits: Limits): z.ZodType {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const checks = def.checks ?? [];
  const rebuild = (changes: Record<string, unknown>) =>
    schema.clone(z.core.util.mergeDefs(def, changes) as typeof def);
  const inner = (key: string) => boundNode(def[key] as z.ZodType, limits);
  switch (def.type) {
    case 'string':
      return hasMaxLength(schema)
        ? schema
        : rebuild({
            checks: [z.maxLength(limits.text, `At most ${count(limits.text)} characters.`), ...checks],
          });
    case 'array':
      return rebuild({
        element: inner('element'),
        checks: hasMaxLength(schema)
          ? checks
          : [z.maxLength(limits.list, `At most ${count(limits.list)} entries.`), ...checks],
      });
    case 'record': {
      const limited = checks.some((check) => (check._zod.def as { params?: BoundParams }).params?.bound);
      return rebuild({
        keyType: inner('keyType'),
        valueType: inner('valueType'),
        checks: limited ? checks : [maxKeys(limits.recordKeys), ...checks],
      });
    }
    case 'object': {
      const shape = Object.fromEntries(
        Object.entries(def.shape as Record<string, z.ZodType>).map(([key, field]) => [
          key,
          boundNode(field, limits),
        ]),
      );
      return rebuild({ shape, ...(def.catchall ? { catchall: inner('catchall') } : {}) });
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return rebuild({ innerType: inner('innerType') });
    case 'pipe':
      return rebuild({ in: inner('in'), out: inner('out') });
    case 'union':
      return rebuild({ options: (def.options as z.ZodType[]).map((option) => boundNode(option, limits)) });
    case 'intersection':
      return rebuild({ left: inner('left'), right: inner('right') });
    case 'tuple':
      return rebuild({
        items: (def.items as z.ZodType[]).map((item) => boundNode(item, limits)),
        ...(def.rest ? { rest: inner('rest') } : {}),
      });
    default:
      return schema;
  }
}
