/**
 * Nothing secret crosses the bridge: no call output or event payload declares a field named like a token, key
 * or password, and every place where arbitrary JSON passes through is listed here with why it is safe.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calls, events } from '../../../preload/contract.ts';
import { defOf, wrapperTypes } from './schema-nodes.ts';

/** Field names that would hold a secret: access, refresh and session tokens, S3 secret keys, passwords. */
const secretName =
  /token|secret|password|passwd|credential|cookie|private.?key|access.?key|signature|verifier/i;

/** Outputs that pass arbitrary JSON through, and why nothing secret is in it. */
const opaqueOutputs: Record<string, string> = {
  'call catalog.dataset.item':
    "the data store's ItemDataset as it last answered it (metadata, no credentials)",
  'call datasets.list.paginationKey':
    'the DynamoDB key of the last item of a page (item ids and sort fields)',
  'call jobs.fetch.payload': "a job's input as the job API reports it (item ids, user names)",
  'call jobs.fetch.result': "a job's result as the job API reports it (activity and session ids)",
};

interface Field {
  path: string;
  type: string;
}

/** Every field of `schema` (objects, lists, records and union members), with dotted paths. */
function fieldsOf(schema: z.ZodType, path: string, seen = new Set<z.ZodType>()): Field[] {
  if (seen.has(schema)) return [];
  const inner = new Set([...seen, schema]);
  const def = defOf(schema);
  if (wrapperTypes.has(def.type)) return fieldsOf(def.innerType as z.ZodType, path, inner);
  switch (def.type) {
    case 'pipe':
      return fieldsOf(def.out as z.ZodType, path, inner);
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, field]) => [
        { path: `${path}.${key}`, type: defOf(field).type },
        ...fieldsOf(field, `${path}.${key}`, inner),
      ]);
    case 'array':
      return fieldsOf(def.element as z.ZodType, path, inner);
    case 'record':
      return [
        { path: `${path}.{}`, type: defOf(def.valueType as z.ZodType).type },
        ...fieldsOf(def.valueType as z.ZodType, path, inner),
      ];
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option) => fieldsOf(option, path, inner));
    case 'intersection':
      return [
        ...fieldsOf(def.left as z.ZodType, path, inner),
        ...fieldsOf(def.right as z.ZodType, path, inner),
      ];
    default:
      return [];
  }
}

const everyOutputField = [
  ...Object.entries(calls).flatMap(([name, spec]) => fieldsOf(spec.output, `call ${name}`)),
  ...Object.entries(events).flatMap(([name, spec]) => fieldsOf(spec.payload, `event ${name}`)),
];

describe('bridge outputs', () => {
  it('declare no field named like a token, key or password', () => {
    expect(everyOutputField.length).toBeGreaterThan(300);
    const named = everyOutputField.filter((field) => secretName.test(field.path.split('.').at(-1) ?? ''));
    expect(named.map((field) => field.path)).toEqual([]);
  });

  it('pass arbitrary JSON only where it is listed and explained', () => {
    const opaque = everyOutputField
      .filter((field) => field.type === 'unknown' || field.type === 'any')
      .map((field) => field.path.replace(/\.\{\}$/, ''));
    expect([...new Set(opaque)].sort()).toEqual(Object.keys(opaqueOutputs).sort());
  });

  it('would notice a secret field (the check itself can fail)', () => {
    const leaky = z.object({
      job: z.object({ aws_secret_access_key: z.string(), refreshToken: z.string() }),
    });
    const names = fieldsOf(leaky, 'call example').filter((field) =>
      secretName.test(field.path.split('.').at(-1) ?? ''),
    );
    expect(names.map((field) => field.path)).toEqual([
      'call example.job.aws_secret_access_key',
      'call example.job.refreshToken',
    ]);
  });
});
