import { describe, expect, it } from 'vitest';
import { emptyDraft, withField } from '../../../renderer/src/screens/metadata/draft';
import { verdictFromError } from '../../../renderer/src/screens/metadata/server-errors';
import { firstErrorField, validateDraft } from '../../../renderer/src/screens/metadata/validation';
import { validDraft } from './drafts';

describe('the metadata form’s rules', () => {
  it('accepts a complete draft', () => {
    expect(validateDraft(validDraft())).toEqual({});
  });

  it('names every required field of an empty draft, first the name', () => {
    const errors = validateDraft(emptyDraft());
    expect(Object.keys(errors).sort()).toEqual(
      [
        'associations.organisation_id',
        'dataset_info.description',
        'dataset_info.license',
        'dataset_info.name',
        'dataset_info.publisher_id',
      ].sort(),
    );
    expect(errors['dataset_info.name']).toBe('Required.');
    expect(firstErrorField(errors)).toBe('dataset_info.name');
  });

  it('explains a licence without a scheme in plain words', () => {
    const errors = validateDraft(withField(validDraft(), 'dataset_info.license', 'creativecommons.org/by'));
    expect(errors['dataset_info.license']).toMatch(/starting with https:\/\//);
  });

  it('puts an approval pair that disagrees on its own approval, both ways', () => {
    const missing = validateDraft(withField(validDraft(), 'approvals.indigenous_knowledge.relevant', true));
    expect(missing['approvals.indigenous_knowledge']).toMatch(/must be obtained/);
    const unnecessary = validateDraft(withField(validDraft(), 'approvals.export_controls.obtained', true));
    expect(unnecessary['approvals.export_controls']).toMatch(/Tick both boxes or neither/);
    expect(Object.keys(unnecessary)).toEqual(['approvals.export_controls']);
  });

  it('asks for the URI and description of data stored elsewhere on their own fields', () => {
    const errors = validateDraft(withField(validDraft(), 'dataset_info.access_info.reposited', false));
    expect(errors['dataset_info.access_info.uri']).toMatch(/Required when the data is stored elsewhere/);
    expect(errors['dataset_info.access_info.description']).toMatch(/how can people get it/);
    const withUri = withField(
      withField(validDraft(), 'dataset_info.access_info.reposited', false),
      'dataset_info.access_info.uri',
      'https://x.org',
    );
    expect(validateDraft(withUri)['dataset_info.access_info.description']).toMatch(/how can people get it/);
  });

  it('checks dates: a ticked date needs a value, publication not before creation, a period in order', () => {
    let draft = withField(validDraft(), 'dataset_info.created_date.relevant', true);
    expect(validateDraft(draft)['dataset_info.created_date.value']).toMatch(/Enter the date/);
    draft = withField(draft, 'dataset_info.created_date.value', '2024-05-01');
    draft = withField(draft, 'dataset_info.published_date.relevant', true);
    draft = withField(draft, 'dataset_info.published_date.value', '2024-04-01');
    expect(validateDraft(draft)['dataset_info.published_date.value']).toMatch(
      /cannot be before the creation date/,
    );
    draft = withField(validDraft(), 'dataset_info.temporal_info.duration.begin_date', '2024-02-01');
    draft = withField(draft, 'dataset_info.temporal_info.duration.end_date', '2024-01-01');
    expect(validateDraft(draft)['dataset_info.temporal_info.duration.end_date']).toMatch(
      /on or after the start date/,
    );
  });

  it('checks the resolutions and custom names', () => {
    let draft = withField(validDraft(), 'dataset_info.temporal_info.resolution', 'daily');
    expect(validateDraft(draft)['dataset_info.temporal_info.resolution']).toMatch(/ISO-8601 duration/);
    draft = withField(validDraft(), 'dataset_info.spatial_info.resolution', '-1');
    expect(validateDraft(draft)['dataset_info.spatial_info.resolution']).toMatch(/positive number/);
    draft = withField(validDraft(), 'dataset_info.user_metadata', [
      { key: 'site', value: 'A' },
      { key: 'site', value: 'B' },
    ]);
    expect(validateDraft(draft)['dataset_info.user_metadata']).toMatch(/used twice/);
  });
});

describe('the data store’s refusals on the form', () => {
  it('maps a 422 detail list onto fields', () => {
    const error = Object.assign(new Error('The metadata was not valid.'), {
      details: {
        detail: [
          {
            loc: ['body', 'dataset_info', 'access_info', '__root__'],
            msg: 'Must provide a URI …',
            type: 'value_error',
          },
        ],
      },
    });
    expect(verdictFromError(error, validDraft()).fields).toEqual({
      'dataset_info.access_info.uri': 'Must provide a URI …',
    });
  });

  it('puts an unknown registry id on the field that holds it', () => {
    const draft = withField(validDraft(), 'associations.data_custodian_id', '10378.1/999');
    const error = Object.assign(new Error('The data store refused the metadata.'), {
      details: 'Dataset custodian with id 10378.1/999 was not found in the registry.',
    });
    const verdict = verdictFromError(error, draft);
    expect(Object.keys(verdict.fields)).toEqual(['associations.data_custodian_id']);
    expect(verdict.general).toBeNull();
  });

  it('keeps a refusal it cannot place as a general message', () => {
    const verdict = verdictFromError(new Error('The data store is read-only today.'), validDraft());
    expect(verdict).toEqual({ fields: {}, general: 'The data store is read-only today.' });
  });
});
