import { describe, expect, it } from 'vitest';
import {
  CollectionFormat,
  CollectionFormatForm,
  collectionFormatFieldProblem,
  collectionFormatJsonSchema,
  toPydanticErrors,
  type CollectionFormatInput,
} from '../../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../../support/provena-fixtures.ts';

/** The pydantic-v1 errors for a body, as the server's 422 would list them. */
function errorsFor(body: unknown) {
  const result = CollectionFormat.safeParse(body, { reportInput: true });
  return result.success ? [] : toPydanticErrors(result.error.issues);
}

/** A valid body with one change applied. */
function edited(change: (body: CollectionFormatInput & Record<string, unknown>) => void): unknown {
  const body = validCollectionFormat('10378.1/1') as CollectionFormatInput & Record<string, unknown>;
  change(body);
  return body;
}

describe('CollectionFormat parse layer', () => {
  it('accepts a minimal valid body and applies defaults', () => {
    const body = validCollectionFormat('org-1');
    delete (body.approvals.export_controls as { relevant?: boolean }).relevant;
    const parsed = CollectionFormat.parse(body);
    expect(parsed.approvals.export_controls.relevant).toBe(false);
    expect(parsed.dataset_info.access_info.reposited).toBe(true);
  });

  it('reports a missing required field as "field required" at its location', () => {
    expect(errorsFor(edited((body) => delete (body.dataset_info as { name?: string }).name))).toEqual([
      { loc: ['body', 'dataset_info', 'name'], msg: 'field required', type: 'value_error.missing' },
    ]);
  });

  it('refuses extra fields at every level', () => {
    const errors = errorsFor(
      edited((body) => {
        body.surprise = 1;
        (body.associations as Record<string, unknown>).other = 'x';
      }),
    );
    expect(errors).toContainEqual({
      loc: ['body', 'associations', 'other'],
      msg: 'extra fields not permitted',
      type: 'value_error.extra',
    });
    expect(errors).toContainEqual({
      loc: ['body', 'surprise'],
      msg: 'extra fields not permitted',
      type: 'value_error.extra',
    });
  });

  it('refuses empty strings, including list items and user metadata values', () => {
    const errors = errorsFor(
      edited((body) => {
        body.dataset_info.description = '';
        body.dataset_info.keywords = ['ok', ''];
        body.dataset_info.user_metadata = { key: '' };
      }),
    );
    expect(errors.map((error) => error.loc)).toEqual([
      ['body', 'dataset_info', 'description'],
      ['body', 'dataset_info', 'keywords', 1],
      ['body', 'dataset_info', 'user_metadata', 'key'],
    ]);
    expect(errors[0]).toMatchObject({
      msg: 'ensure this value has at least 1 characters',
      type: 'value_error.any_str.min_length',
    });
  });

  it('reports null for a required string as not allowed', () => {
    expect(errorsFor(edited((body) => ((body.dataset_info as Record<string, unknown>).name = null)))).toEqual(
      [
        {
          loc: ['body', 'dataset_info', 'name'],
          msg: 'none is not an allowed value',
          type: 'type_error.none.not_allowed',
        },
      ],
    );
  });

  it('requires both uri and description when data is not reposited, and neither when it is', () => {
    expect(
      errorsFor(
        edited((body) => (body.dataset_info.access_info = { reposited: false, uri: 'https://x.org/d' })),
      ),
    ).toEqual([
      {
        loc: ['body', 'dataset_info', 'access_info', '__root__'],
        msg: 'Must provide a description for external access if data is not reposited in the Data Store.',
        type: 'value_error',
      },
    ]);
    expect(
      errorsFor(
        edited((body) => (body.dataset_info.access_info = { reposited: true, uri: 'https://x.org/d' })),
      )[0]?.msg,
    ).toBe('Cannot provide a URI for external access if data is reposited in the Data Store.');
    expect(
      errorsFor(
        edited(
          (body) =>
            (body.dataset_info.access_info = { reposited: false, uri: 's3://b/k', description: 'In S3' }),
        ),
      ),
    ).toEqual([]);
  });

  it('requires a date exactly when relevant is true', () => {
    expect(
      errorsFor(edited((body) => (body.dataset_info.created_date = { relevant: true })))[0],
    ).toMatchObject({
      loc: ['body', 'dataset_info', 'created_date', '__root__'],
      msg: 'Must provide a date if the relevant field is set to True.',
    });
    expect(
      errorsFor(
        edited((body) => (body.dataset_info.published_date = { relevant: false, value: '2024-01-01' })),
      )[0]?.msg,
    ).toBe('Cannot provide a date if the relevant field is set to False.');
    expect(
      errorsFor(
        edited((body) => (body.dataset_info.published_date = { relevant: true, value: '2024-02-30' })),
      ),
    ).toEqual([
      {
        loc: ['body', 'dataset_info', 'published_date', 'value'],
        msg: 'invalid date format',
        type: 'value_error.date',
      },
    ]);
  });

  it('accepts only http(s) licence URLs with a host', () => {
    const licence = (value: string) => errorsFor(edited((body) => (body.dataset_info.license = value)));
    expect(licence('http://example.org/licence')).toEqual([]);
    expect(licence('ftp://example.org/licence')[0]).toMatchObject({
      msg: 'URL scheme not permitted',
      type: 'value_error.url.scheme',
    });
    expect(licence('not a url')[0]).toMatchObject({ msg: 'invalid or missing URL scheme' });
    expect(licence('https://')[0]).toMatchObject({ msg: 'URL host invalid', type: 'value_error.url.host' });
  });

  it('limits EWKT coverage and extent to 50,000 characters', () => {
    const errors = errorsFor(
      edited(
        (body) =>
          (body.dataset_info.spatial_info = { coverage: 'P'.repeat(50_001), extent: 'P'.repeat(50_000) }),
      ),
    );
    expect(errors).toEqual([
      {
        loc: ['body', 'dataset_info', 'spatial_info', 'coverage'],
        msg: 'ensure this value has at most 50000 characters',
        type: 'value_error.any_str.max_length',
        ctx: { limit_value: 50_000 },
      },
    ]);
  });

  it('accepts only a positive float string as spatial resolution', () => {
    const resolution = (value: string) =>
      errorsFor(edited((body) => (body.dataset_info.spatial_info = { resolution: value })));
    expect(resolution('0.25')).toEqual([]);
    expect(resolution('1e-3')).toEqual([]);
    expect(resolution('0')[0]?.msg).toMatch(/^Invalid spatial resolution\..*greater than than 0/);
    expect(resolution('-1.5')[0]?.loc).toEqual(['body', 'dataset_info', 'spatial_info', 'resolution']);
    expect(resolution('fine')[0]?.msg).toContain("could not convert string to float: 'fine'");
  });

  it('accepts only ISO-8601 durations as temporal resolution', () => {
    const resolution = (value: string) =>
      errorsFor(edited((body) => (body.dataset_info.temporal_info = { resolution: value })));
    for (const valid of ['P1Y2M10DT2H30M', 'P1D', 'PT0.5S', 'P2W', 'P0003-06-04T12:30:05'])
      expect(resolution(valid)).toEqual([]);
    for (const invalid of ['P', 'PT', '1D', 'daily', 'P1H'])
      expect(resolution(invalid)[0]?.msg).toMatch(/^Invalid temporal resolution/);
  });

  it('requires the temporal duration to begin on or before its end', () => {
    const duration = (begin_date: string, end_date: string) =>
      errorsFor(edited((body) => (body.dataset_info.temporal_info = { duration: { begin_date, end_date } })));
    expect(duration('2024-01-01', '2024-01-01')).toEqual([]);
    expect(duration('2024-02-01', '2024-01-01')).toEqual([
      {
        loc: ['body', 'dataset_info', 'temporal_info', 'duration', '__root__'],
        msg: 'Begin Date must be before or equal to End Date.',
        type: 'value_error',
      },
    ]);
  });

  it('reports wrong types the way pydantic v1 names them', () => {
    const errors = errorsFor(
      edited((body) => {
        (body.approvals.ethics_access as Record<string, unknown>).relevant = 'maybe';
        (body.dataset_info as Record<string, unknown>).keywords = 'soil';
        (body as Record<string, unknown>).associations = 5;
      }),
    );
    expect(errors).toEqual([
      { loc: ['body', 'associations'], msg: 'value is not a valid dict', type: 'type_error.dict' },
      {
        loc: ['body', 'approvals', 'ethics_access', 'relevant'],
        msg: 'value could not be parsed to a boolean',
        type: 'type_error.bool',
      },
      {
        loc: ['body', 'dataset_info', 'keywords'],
        msg: 'value is not a valid list',
        type: 'type_error.list',
      },
    ]);
  });
});

describe('CollectionFormat field rules', () => {
  it('refuses a published date before the created date', () => {
    const metadata = CollectionFormat.parse(
      edited((body) => (body.dataset_info.published_date = { relevant: true, value: '2023-12-31' })),
    );
    expect(collectionFormatFieldProblem(metadata)).toBe(
      'The published date cannot be before the creation date.',
    );
  });

  it('refuses approvals that are relevant but not obtained, and obtained but not relevant', () => {
    const relevantOnly = CollectionFormat.parse(
      edited((body) => (body.approvals.indigenous_knowledge = { relevant: true, obtained: false })),
    );
    expect(collectionFormatFieldProblem(relevantOnly)).toMatch(/^Please obtain mandatory consent/);
    const obtainedOnly = CollectionFormat.parse(
      edited((body) => (body.approvals.export_controls = { relevant: false, obtained: true })),
    );
    expect(collectionFormatFieldProblem(obtainedOnly)).toMatch(
      /^The dataset was marked as not containing sensitive data/,
    );
    const both = CollectionFormat.parse(
      edited((body) => (body.approvals.ethics_registration = { relevant: true, obtained: true })),
    );
    expect(collectionFormatFieldProblem(both)).toBeNull();
  });

  it('gives forms every problem of both layers with a field path', () => {
    const result = CollectionFormatForm.safeParse(
      edited((body) => {
        body.approvals.ethics_access = { relevant: true, obtained: false };
        body.approvals.export_controls = { relevant: false, obtained: true };
      }),
    );
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['approvals', 'ethics_access', 'obtained'],
      ['approvals', 'export_controls', 'relevant'],
    ]);
  });
});

describe('dataset JSON schema', () => {
  it('describes the input with titles, required fields and no extra properties', () => {
    const schema = collectionFormatJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      title: string;
    };
    expect(schema.title).toBe('Dataset metadata');
    expect(schema.required).toEqual(['associations', 'approvals', 'dataset_info']);
    expect(schema.additionalProperties).toBe(false);
  });
});
