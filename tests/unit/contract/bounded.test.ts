import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { bounded, opaqueJson } from '../../../preload/contract/bounds.ts';
import { CollectionFormat, SortOptions, type CollectionFormatInput } from '../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';

const bridgeMetadata = bounded(CollectionFormat);

/** A body as a renderer could send it: any shape at all. */
type LooseBody = { dataset_info: Record<string, unknown> } & Record<string, unknown>;

/** A fresh valid body changed by `change`. */
function metadata(change: (body: LooseBody) => void = () => {}): LooseBody {
  const body = validCollectionFormat('org-1') satisfies CollectionFormatInput as unknown as LooseBody;
  change(body);
  return body;
}

/** A schema's whole answer, comparable across schemas. */
const answer = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success
    ? { success: true, data: result.data }
    : {
        success: false,
        issues: result.error.issues.map(({ code, path, message }) => ({ code, path, message })),
      };
};

const issuePaths = (schema: z.ZodType, value: unknown) =>
  (schema.safeParse(value).error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('bounded metadata on the bridge', () => {
  it.each([
    ['a minimal valid body', metadata()],
    [
      'every optional field filled',
      metadata((body) => {
        Object.assign(body.dataset_info, {
          purpose: 'Research',
          rights_holder: 'CSIRO',
          usage_limitations: 'None',
          preferred_citation: 'Cite us',
          spatial_info: {
            coverage: 'SRID=4326;POINT (1 2)',
            resolution: '0.5',
            extent: 'SRID=4326;POINT (1 2)',
          },
          temporal_info: {
            duration: { begin_date: '2024-01-01', end_date: '2024-12-31' },
            resolution: 'P1D',
          },
          formats: ['CSV'],
          user_metadata: { site: 'North' },
        });
      }),
    ],
    ['an empty name', metadata((body) => (body.dataset_info.name = ''))],
    ['a missing description', metadata((body) => delete body.dataset_info.description)],
    [
      'a licence that is not http',
      metadata((body) => (body.dataset_info.license = 'ftp://example.org/licence')),
    ],
    [
      'data held elsewhere without a URI',
      metadata((body) => (body.dataset_info.access_info = { reposited: false })),
    ],
    [
      'a period that ends before it begins',
      metadata(
        (body) =>
          (body.dataset_info.temporal_info = {
            duration: { begin_date: '2024-02-01', end_date: '2024-01-01' },
          }),
      ),
    ],
    [
      'a resolution that is not a positive number',
      metadata((body) => (body.dataset_info.spatial_info = { resolution: '-1' })),
    ],
    ['keywords that are not a list', metadata((body) => (body.dataset_info.keywords = 'soil'))],
    ['an extra field', metadata((body) => (body.dataset_info.colour = 'blue'))],
    [
      'EWKT of exactly 50,000 characters',
      metadata((body) => (body.dataset_info.spatial_info = { coverage: 'x'.repeat(50_000) })),
    ],
    [
      'EWKT of 50,001 characters',
      metadata((body) => (body.dataset_info.spatial_info = { coverage: 'x'.repeat(50_001) })),
    ],
    [
      '1,000 keywords',
      metadata(
        (body) => (body.dataset_info.keywords = Array.from({ length: 1_000 }, (_, index) => `k${index}`)),
      ),
    ],
  ])('answers %s exactly as the server schema does', (_label, body) => {
    expect(answer(bridgeMetadata, body)).toEqual(answer(CollectionFormat, body));
  });

  it('refuses text over 10,000 characters, which the server schema still accepts', () => {
    const body = metadata((value) => (value.dataset_info.name = 'x'.repeat(10_001)));
    expect(issuePaths(bridgeMetadata, body)).toEqual(['dataset_info.name: At most 10,000 characters.']);
    expect(CollectionFormat.safeParse(body).success).toBe(true);
  });

  it('refuses more than 1,000 keywords, which the server schema still accepts', () => {
    const body = metadata(
      (value) => (value.dataset_info.keywords = Array.from({ length: 1_001 }, () => 'soil')),
    );
    expect(issuePaths(bridgeMetadata, body)).toEqual(['dataset_info.keywords: At most 1,000 entries.']);
    expect(CollectionFormat.safeParse(body).success).toBe(true);
  });

  it('refuses custom metadata with more than 200 keys, which the server schema still accepts', () => {
    const entries = Object.fromEntries(Array.from({ length: 201 }, (_, index) => [`field${index}`, 'value']));
    const body = metadata((value) => (value.dataset_info.user_metadata = entries));
    expect(issuePaths(bridgeMetadata, body)).toEqual(['dataset_info.user_metadata: At most 200 entries.']);
    expect(CollectionFormat.safeParse(body).success).toBe(true);
  });

  it('checks the length before the schema’s own checks, so an oversize licence gets one short answer', () => {
    const body = metadata(
      (value) => (value.dataset_info.license = `https://example.org/${'x'.repeat(70_000)}`),
    );
    expect(issuePaths(bridgeMetadata, body)).toEqual(['dataset_info.license: At most 10,000 characters.']);
    expect(issuePaths(CollectionFormat, body)).toEqual([
      'dataset_info.license: ensure this value has at most 65536 characters',
    ]);
  });
});

describe('bounded sort options on the bridge', () => {
  const bridgeSort = bounded(SortOptions);

  it('refuses a begins_with over 10,000 characters, which the server schema still accepts', () => {
    const options = { sort_type: 'ACCESS_INFO_URI_BEGINS_WITH', begins_with: 'x'.repeat(10_001) };
    expect(bridgeSort.safeParse(options).success).toBe(false);
    expect(SortOptions.safeParse(options).success).toBe(true);
  });

  it('keeps Provena’s rule that begins_with needs its sort type', () => {
    const options = { sort_type: 'DISPLAY_NAME', begins_with: 'https://' };
    expect(answer(bridgeSort, options)).toEqual(answer(SortOptions, options));
    expect(bridgeSort.safeParse(options).success).toBe(false);
  });
});

describe('opaque JSON on the bridge', () => {
  const key = opaqueJson(16 * 1024);

  it('passes a pagination key back unchanged', () => {
    const value = { id: '10378.1/1234', updated_timestamp: 1_717_000_000, nested: { a: [1, 'b', null] } };
    expect(key.parse(value)).toEqual(value);
  });

  it('refuses a value over its size when written as JSON, with a message saying what to send', () => {
    const issues = key.safeParse({ id: 'é'.repeat(9_000) }).error?.issues ?? [];
    expect(issues.map((issue) => issue.message)).toEqual([
      'This value is too large (more than 16,384 bytes); pass back the value Datadesk gave you.',
    ]);
  });

  it('refuses a value that cannot be written as JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(key.safeParse(cyclic).success).toBe(false);
  });
});
