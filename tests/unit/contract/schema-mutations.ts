/**
 * The dynamic half of the bridge-input check: from a call's input schema, hostile variants of one small valid
 * input, each changing one place: a very long string, a list or record one entry over its limit (or huge when it
 * has none), numbers that are NaN, infinite or out of range, wrong types, deep nesting and `__proto__` keys.
 */
import type { z } from 'zod';
import {
  accepts,
  boundsOf,
  defOf,
  maxLengthOf,
  minLengthOf,
  numberBoundsOf,
  trySampleOf,
  unwrap,
} from './schema-nodes.ts';

/** One hostile input: where it differs from the valid one, and how to build it. */
export interface Mutation {
  /** The field changed, from the input's root; the router's issue should point here or inside it. */
  path: string[];
  label: string;
  make: () => unknown;
}

/** The mutations of `schema`, and the places the walk could not produce any. */
export interface MutationPlan {
  mutations: Mutation[];
  uncovered: string[];
}

/** A string far beyond any limit the bridge allows, for strings with none of their own. */
const unboundedLength = 1_000_001;
/** A list far beyond any limit the bridge allows, for lists with none of their own. */
const unboundedEntries = 100_001;

const wrongTypes: unknown[] = [42, 'not-one-of-the-choices', true, null, [], {}];

/** `[[[…]]]`, `levels` deep. */
export function deeplyNested(levels: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < levels; level++) value = [value];
  return value;
}

/** An object as `JSON.parse` makes it with a `__proto__` key (an own property, not the prototype). */
const withProtoKey = (value: object): unknown =>
  JSON.parse(JSON.stringify(value).replace(/^\{/, '{"__proto__":{"polluted":true},').replace(',}', '}'));

/** `sample` made `length` characters long, in whichever way keeps it acceptable apart from its length. */
function lengthened(schema: z.ZodType, sample: string, length: number): string {
  const pad = 'a'.repeat(Math.max(0, length - sample.length));
  const variants = [sample + pad, sample.slice(0, 1) + pad + sample.slice(1), pad + sample];
  const onlyTooLong = (value: string) => {
    const result = schema.safeParse(value);
    return !result.success && result.error.issues.every((issue) => issue.code === 'too_big');
  };
  return variants.find(onlyTooLong) ?? variants[0]!;
}

/**
 * Every mutation of `schema` (a call's input), built around one small valid value. The router reads a missing
 * input (null, undefined) as `{}`, so at the root those count as wrong only when `{}` is.
 */
export function planMutations(schema: z.ZodType): MutationPlan {
  const uncovered: string[] = [];
  const plan = (schema: z.ZodType, path: string[]): Mutation[] => {
    const local: Mutation[] = [];
    const add = (label: string, make: () => unknown, at: string[] = path) =>
      local.push({ path: at, label, make });
    const asRouted = (value: unknown) => (path.length === 0 ? (value ?? {}) : value);
    for (const value of wrongTypes) {
      if (!accepts(schema, asRouted(value))) add(`wrong type ${JSON.stringify(value)}`, () => value);
    }
    add('nesting 40 levels deep', () => deeplyNested(40));

    const node = unwrap(schema);
    const def = defOf(node);
    const base = trySampleOf(node, true);
    if (!base.ok) {
      uncovered.push(`${path.join('.') || '(input)'}: ${base.reason}`);
      return local;
    }
    const inside = (child: z.ZodType, segment: string, wrap: (value: unknown) => unknown) =>
      plan(child, [...path, segment]).map((mutation) => ({ ...mutation, make: () => wrap(mutation.make()) }));

    switch (def.type) {
      case 'string': {
        const max = maxLengthOf(node);
        const length = max === undefined ? unboundedLength : max + 1;
        add(`text of ${length} characters`, () => lengthened(node, base.value as string, length));
        break;
      }
      case 'number': {
        const { min, max, integer } = numberBoundsOf(node);
        const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, -1e308];
        if (max !== undefined) values.push(max + 1);
        if (min !== undefined) values.push(min - 1);
        if (integer) values.push((min ?? 0) + 0.5);
        for (const value of values) add(`number ${value}`, () => value);
        break;
      }
      case 'array': {
        const element = trySampleOf(def.element as z.ZodType, true);
        if (!element.ok) {
          uncovered.push(`${path.join('.')}[]: ${element.reason}`);
          break;
        }
        const max = maxLengthOf(node);
        const entries = max === undefined ? unboundedEntries : max + 1;
        add(`list of ${entries} entries`, () => Array.from({ length: entries }, () => element.value));
        const rest = Array.from({ length: Math.max(0, minLengthOf(node) - 1) }, () => element.value);
        local.push(...inside(def.element as z.ZodType, '0', (value) => [value, ...rest]));
        break;
      }
      case 'record': {
        const value = trySampleOf(def.valueType as z.ZodType, true);
        const keyType = def.keyType as z.ZodType;
        if (!value.ok) {
          uncovered.push(`${path.join('.')}.{}: ${value.reason}`);
          break;
        }
        const keys =
          boundsOf(node).find((bound) => bound.bound === 'max_keys')?.maximum ?? unboundedEntries - 1;
        add(`record of ${keys + 1} keys`, () =>
          Object.fromEntries(Array.from({ length: keys + 1 }, (_, index) => [`key${index}`, value.value])),
        );
        const bytes =
          boundsOf(node).find((bound) => bound.bound === 'max_json_bytes')?.maximum ?? unboundedLength;
        add(`record holding ${bytes + 1} characters`, () => ({ key: 'x'.repeat(bytes + 1) }));
        const keyMax = maxLengthOf(unwrap(keyType));
        add(`record key of ${(keyMax ?? unboundedLength) + 1} characters`, () => ({
          ['k'.repeat((keyMax ?? unboundedLength) + 1)]: value.value,
        }));
        add('record with a __proto__ key', () => withProtoKey({ key: value.value }));
        local.push(...inside(def.valueType as z.ZodType, 'key', (inner) => ({ key: inner })));
        break;
      }
      case 'object': {
        const sample = base.value as Record<string, unknown>;
        if (defOf((def.catchall as z.ZodType) ?? node).type === 'never')
          add('an unexpected field', () => ({ ...sample, unexpectedField: 1 }));
        add('a __proto__ key', () => withProtoKey(sample));
        for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
          local.push(...inside(field, key, (value) => ({ ...sample, [key]: value })));
        }
        break;
      }
      case 'union':
        // An issue inside one option is reported at the union itself, so these point there.
        for (const option of def.options as z.ZodType[]) {
          local.push(...plan(option, path).map((mutation) => ({ ...mutation, path })));
        }
        break;
      case 'unknown':
      case 'any':
        add('NaN', () => Number.NaN);
        add('an object with a __proto__ key', () => withProtoKey({ key: 'x' }));
        break;
      case 'boolean':
      case 'enum':
      case 'literal':
      case 'null':
        break;
      default:
        uncovered.push(`${path.join('.') || '(input)'}: no mutations for type "${def.type}"`);
    }
    return local;
  };
  return { mutations: plan(schema, []), uncovered };
}
