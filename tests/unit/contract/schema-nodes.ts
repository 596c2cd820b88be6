/**
 * Reading zod schemas for the contract tests: what kind of node a schema is, its limits, and a small valid
 * value for it. Works from `schema._zod.def`, so every call added to the contract is read the same way.
 */
import type { z } from 'zod';
import type { BoundParams } from '../../../preload/contract/bounds.ts';

/** A zod schema's definition, loosely typed for walking. */
export type Def = { type: string; checks?: Array<{ _zod: { def: CheckDef } }> } & Record<string, unknown>;
type CheckDef = {
  check: string;
  maximum?: number;
  minimum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  params?: Partial<BoundParams>;
};

/** Wrappers whose `innerType` carries the shape (optional, nullable, defaults …). */
export const wrapperTypes = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'nonoptional',
  'catch',
]);

export const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;
const checksOf = (schema: z.ZodType): CheckDef[] =>
  (defOf(schema).checks ?? []).map((check) => check._zod.def);

/** The schema under its wrappers (and the input side of a pipe). */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (wrapperTypes.has(def.type)) current = def.innerType as z.ZodType;
    else if (def.type === 'pipe') current = def.in as z.ZodType;
    else return current;
  }
}

/** The smallest `max_length` limit on a string or list, if any. */
export function maxLengthOf(schema: z.ZodType): number | undefined {
  const limits = checksOf(schema)
    .filter((check) => check.check === 'max_length')
    .map((check) => check.maximum!);
  return limits.length ? Math.min(...limits) : undefined;
}

/** The largest `min_length` limit on a string or list (0 when none). */
export function minLengthOf(schema: z.ZodType): number {
  return Math.max(
    0,
    ...checksOf(schema)
      .filter((check) => check.check === 'min_length')
      .map((check) => check.minimum!),
  );
}

/** A number's range and whether it must be an integer. */
export function numberBoundsOf(schema: z.ZodType): { min?: number; max?: number; integer: boolean } {
  const checks = checksOf(schema);
  const integer = defOf(schema).format === 'safeint' || checks.some((check) => check.format === 'safeint');
  const mins = checks.filter((check) => check.check === 'greater_than').map((check) => check.value!);
  const maxes = checks.filter((check) => check.check === 'less_than').map((check) => check.value!);
  return {
    integer,
    ...(mins.length ? { min: Math.max(...mins) } : {}),
    ...(maxes.length ? { max: Math.min(...maxes) } : {}),
  };
}

/** The bridge bounds (`bounds.ts`) attached to a record. */
export function boundsOf(schema: z.ZodType): Partial<BoundParams>[] {
  return checksOf(schema).flatMap((check) => (check.params?.bound ? [check.params] : []));
}

/** True when `schema` accepts `value`. */
export const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

/** The result of building a value for a schema. */
export type Sample = { ok: true; value: unknown } | { ok: false; reason: string };

const stringCandidates = (min: number) => [
  'x'.repeat(Math.max(min, 1)),
  '',
  'x/',
  'https://example.org/',
  '2024-01-01',
  'P1D',
  '1',
  'a-b',
];

/**
 * A small valid value for `schema`: required fields only, the shortest lists, the lowest numbers in range.
 * Optional values are left out (undefined), except when `fill` asks for the value under the wrapper.
 */
export function sampleOf(schema: z.ZodType, fill = false): Sample {
  const def = defOf(schema);
  if (wrapperTypes.has(def.type)) {
    if (!fill && (def.type === 'optional' || def.type === 'default' || def.type === 'prefault'))
      return { ok: true, value: undefined };
    const inner = sampleOf(def.innerType as z.ZodType, true);
    return inner.ok || def.type !== 'nullable' ? inner : { ok: true, value: null };
  }
  const value = ((): unknown => {
    switch (def.type) {
      case 'pipe':
        return take(sampleOf(def.in as z.ZodType, fill));
      case 'string':
        return stringCandidates(minLengthOf(schema)).find((candidate) => accepts(schema, candidate));
      case 'number': {
        const { min, max, integer } = numberBoundsOf(schema);
        const start = min ?? (max !== undefined ? Math.min(max, 1) : 1);
        return [integer ? Math.ceil(start) : start, 1, 0, max].find((candidate) =>
          accepts(schema, candidate),
        );
      }
      case 'boolean':
        return false;
      case 'enum':
        return Object.values(def.entries as Record<string, unknown>)[0];
      case 'literal':
        return (def.values as unknown[])[0];
      case 'null':
        return null;
      case 'unknown':
      case 'any':
        return 'x';
      case 'array': {
        const element = take(sampleOf(def.element as z.ZodType, true));
        return Array.from({ length: minLengthOf(schema) }, () => element);
      }
      case 'record':
        return {};
      case 'object':
        return Object.fromEntries(
          Object.entries(def.shape as Record<string, z.ZodType>)
            .filter(([, field]) => field._zod.optin === undefined)
            .map(([key, field]) => [key, take(sampleOf(field, true))]),
        );
      case 'union':
        return (def.options as z.ZodType[])
          .map((option) => trySampleOf(option, true))
          .find((sample) => sample.ok)?.value;
      default:
        throw new SampleFailure(`cannot build a value of type "${def.type}"`);
    }
  })();
  if (value === undefined || !accepts(schema, value)) {
    return {
      ok: false,
      reason: `no generated value of type "${def.type}" is accepted (${JSON.stringify(value)?.slice(0, 200)})`,
    };
  }
  return { ok: true, value };
}

class SampleFailure extends Error {}

function take(sample: Sample): unknown {
  if (!sample.ok) throw new SampleFailure(sample.reason);
  return sample.value;
}

/** `sampleOf`, with failures anywhere inside reported instead of thrown. */
export function trySampleOf(schema: z.ZodType, fill = false): Sample {
  try {
    return sampleOf(schema, fill);
  } catch (error) {
    if (error instanceof SampleFailure) return { ok: false, reason: error.message };
    throw error;
  }
}
