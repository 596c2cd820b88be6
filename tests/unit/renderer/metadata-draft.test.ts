import { describe, expect, it } from 'vitest';
import { CollectionFormat } from '../../../shared/provena/collection-format';
import { draftFromMetadata, payloadFromDraft, withField } from '../../../renderer/src/screens/metadata/draft';
import { validDraft } from './drafts';

describe('the metadata draft', () => {
  it('leaves out optional fields that were never filled instead of sending empty strings', () => {
    const payload = payloadFromDraft(validDraft());
    expect(payload.associations).toEqual({ organisation_id: '10378.1/1' });
    expect(payload.dataset_info).toEqual({
      name: 'Coral cover',
      description: 'Quadrats.',
      access_info: { reposited: true },
      publisher_id: '10378.1/2',
      created_date: { relevant: false },
      published_date: { relevant: false },
      license: 'https://creativecommons.org/licenses/by/4.0/',
    });
    expect(CollectionFormat.safeParse(payload).success).toBe(true);
  });

  it('keeps an external URI typed before switching back to "stored here", without sending it', () => {
    let draft = withField(validDraft(), 'dataset_info.access_info.reposited', false);
    draft = withField(draft, 'dataset_info.access_info.uri', 's3://elsewhere/data');
    draft = withField(draft, 'dataset_info.access_info.reposited', true);
    expect(draft.dataset_info.access_info.uri).toBe('s3://elsewhere/data');
    expect(payloadFromDraft(draft).dataset_info.access_info).toEqual({ reposited: true });
    draft = withField(draft, 'dataset_info.access_info.reposited', false);
    expect(payloadFromDraft(draft).dataset_info.access_info).toEqual({
      reposited: false,
      uri: 's3://elsewhere/data',
    });
  });

  it('sends a date only while its box is ticked', () => {
    let draft = withField(validDraft(), 'dataset_info.created_date.value', '2024-02-01');
    expect(payloadFromDraft(draft).dataset_info.created_date).toEqual({ relevant: false });
    draft = withField(draft, 'dataset_info.created_date.relevant', true);
    expect(payloadFromDraft(draft).dataset_info.created_date).toEqual({
      relevant: true,
      value: '2024-02-01',
    });
  });

  it('turns lists, the period and custom rows into the shapes the data store expects', () => {
    let draft = withField(validDraft(), 'dataset_info.keywords', ['reef', 'coral']);
    draft = withField(draft, 'dataset_info.temporal_info.duration.begin_date', '2024-01-01');
    draft = withField(draft, 'dataset_info.temporal_info.duration.end_date', '2024-12-31');
    draft = withField(draft, 'dataset_info.user_metadata', [
      { key: 'instrument', value: 'GoPro' },
      { key: '', value: '' },
    ]);
    const info = payloadFromDraft(draft).dataset_info;
    expect(info.keywords).toEqual(['reef', 'coral']);
    expect(info.temporal_info).toEqual({ duration: { begin_date: '2024-01-01', end_date: '2024-12-31' } });
    expect(info.user_metadata).toEqual({ instrument: 'GoPro' });
  });

  it('reads existing metadata back into an identical payload (an edit that changes nothing sends the same)', () => {
    const metadata = CollectionFormat.parse({
      associations: { organisation_id: 'o', data_custodian_id: 'p', point_of_contact: 'a@b.org' },
      approvals: {
        ethics_registration: { relevant: true, obtained: true },
        ethics_access: {},
        indigenous_knowledge: {},
        export_controls: {},
      },
      dataset_info: {
        name: 'n',
        description: 'd',
        access_info: { reposited: false, uri: 'https://x.org/d', description: 'ask' },
        publisher_id: 'o',
        created_date: { relevant: true, value: '2020-01-01' },
        published_date: { relevant: false },
        license: 'https://x.org/l',
        spatial_info: { resolution: '0.5' },
        temporal_info: { resolution: 'P1D' },
        formats: ['CSV'],
        keywords: ['k'],
        user_metadata: { a: 'b' },
        version: '1.0',
      },
    });
    expect(CollectionFormat.parse(payloadFromDraft(draftFromMetadata(metadata)))).toEqual(metadata);
  });
});
