/**
 * The static half of the bridge-input check: every string, list, record and number in a call's input has a
 * limit no larger than the bridge allows (or a listed, explained exception), and nothing is left unchecked.
 */
import type { z } from 'zod';
import { boundsOf, defOf, maxLengthOf, numberBoundsOf, wrapperTypes } from './schema-nodes.ts';

/** A field that may exceed the default limits, and why. */
export interface Allowance {
  /** `call:path`, path segments joined by `.`; `[]` is any list entry, `{}` any record value. */
  at: string;
  max: number;
  why: string;
}

/** The default limits an input is audited against. */
export interface AuditLimits {
  text: number;
  list: number;
  recordKeys: number;
  opaqueJsonBytes: number;
}

/** Every problem in `schema` (the input of call `name`), each as `name:path: what`. */
export function auditInput(
  name: string,
  schema: z.ZodType,
  limits: AuditLimits,
  allowances: readonly Allowance[],
): string[] {
  const problems: string[] = [];
  const allowed = (path: string[], fallback: number) =>
    allowances.find((allowance) => allowance.at === `${name}:${path.join('.')}`)?.max ?? fallback;
  const report = (path: string[], message: string): void =>
    void problems.push(`${name}:${path.join('.') || '(input)'}: ${message}`);

  const walk = (schema: z.ZodType, path: string[], insideOpaque: boolean, seen: Set<z.ZodType>): void => {
    if (seen.has(schema)) return report(path, 'refers to itself; list its limits by hand');
    const def = defOf(schema);
    const next = (child: unknown, segment?: string): void =>
      walk(
        child as z.ZodType,
        segment === undefined ? path : [...path, segment],
        insideOpaque,
        new Set([...seen, schema]),
      );
    if (wrapperTypes.has(def.type)) return next(def.innerType);
    switch (def.type) {
      case 'pipe':
        return next(def.in);
      case 'string': {
        const max = maxLengthOf(schema);
        if (max === undefined) return report(path, 'text without a maximum length');
        const limit = allowed(path, limits.text);
        if (max > limit) report(path, `text up to ${max} characters (the bridge allows ${limit})`);
        return;
      }
      case 'number': {
        const { min, max } = numberBoundsOf(schema);
        if (min === undefined || max === undefined || !Number.isFinite(min) || !Number.isFinite(max)) {
          report(path, 'number without a finite minimum and maximum');
        }
        return;
      }
      case 'array': {
        const max = maxLengthOf(schema);
        const limit = allowed(path, limits.list);
        if (max === undefined) report(path, 'list without a maximum number of entries');
        else if (max > limit) report(path, `list of up to ${max} entries (the bridge allows ${limit})`);
        return next(def.element, '[]');
      }
      case 'record': {
        const bounds = boundsOf(schema);
        const keys = bounds.find((bound) => bound.bound === 'max_keys')?.maximum;
        const bytes = bounds.find((bound) => bound.bound === 'max_json_bytes')?.maximum;
        if (keys === undefined && bytes === undefined)
          report(path, 'record without a limit on its keys or size');
        if (keys !== undefined && keys > allowed(path, limits.recordKeys))
          report(path, `record of up to ${keys} keys`);
        if (bytes !== undefined && bytes > allowed(path, limits.opaqueJsonBytes))
          report(path, `opaque value of up to ${bytes} bytes`);
        next(def.keyType, '{key}');
        return walk(
          def.valueType as z.ZodType,
          [...path, '{}'],
          insideOpaque || bytes !== undefined,
          new Set([...seen, schema]),
        );
      }
      case 'object':
        for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) next(field, key);
        if (def.catchall && defOf(def.catchall as z.ZodType).type !== 'never') next(def.catchall, '{}');
        return;
      case 'union':
        return (def.options as z.ZodType[]).forEach((option, index) => next(option, `|${index}`));
      case 'intersection':
        next(def.left);
        return next(def.right);
      case 'unknown':
      case 'any':
        if (!insideOpaque)
          report(path, `${def.type} value outside an opaque value with a size limit (opaqueJson)`);
        return;
      case 'boolean':
      case 'enum':
      case 'literal':
      case 'null':
      case 'undefined':
      case 'never':
        return;
      default:
        report(
          path,
          `a "${def.type}" the audit cannot check; bound it and teach tests/unit/contract/schema-audit.ts`,
        );
    }
  };
  walk(schema, [], false, new Set());
  return problems;
}
