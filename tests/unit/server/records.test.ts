import { describe, expect, it } from 'vitest';
import { datasetStoragePath, sanitiseHandle, CollectionFormat } from '../../../shared/provena/index.ts';
import {
  domainInfoFor,
  historyEntry,
  metadataFileText,
  storageLocation,
  withNulls,
  withoutNulls,
} from '../../../server/datasets/records.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';

describe('dataset records', () => {
  it('sanitises handles into storage prefixes with a trailing slash', () => {
    expect(sanitiseHandle('10378.1/1451860')).toBe('10378-1-1451860');
    expect(datasetStoragePath('10378.1/1451860')).toBe('datasets/10378-1-1451860/');
    expect(storageLocation('bucket-a', '10378.1/7')).toEqual({
      bucket_name: 'bucket-a',
      path: 'datasets/10378-1-7/',
      s3_uri: 's3://bucket-a/datasets/10378-1-7/',
    });
  });

  it('fills every optional field with null, in model order, the way pydantic serialises', () => {
    const parsed = CollectionFormat.parse(validCollectionFormat('org'));
    const full = withNulls(CollectionFormat, parsed) as Record<string, Record<string, unknown>>;
    expect(Object.keys(full.associations!)).toEqual([
      'organisation_id',
      'data_custodian_id',
      'point_of_contact',
    ]);
    expect(full.associations!.data_custodian_id).toBeNull();
    const info = full.dataset_info as Record<string, unknown>;
    expect(info.spatial_info).toBeNull();
    expect(info.access_info).toEqual({ reposited: true, uri: null, description: null });
    expect(Object.keys(info).slice(0, 4)).toEqual(['name', 'description', 'access_info', 'publisher_id']);
  });

  it('writes metadata.json without nulls at any depth, indented by two spaces', () => {
    const parsed = CollectionFormat.parse(validCollectionFormat('org'));
    const text = metadataFileText(withNulls(CollectionFormat, parsed) as CollectionFormat);
    expect(text).not.toContain('null');
    expect(text.split('\n')[1]).toBe('  "associations": {');
    expect(withoutNulls({ a: null, b: [{ c: null, d: 1 }] })).toEqual({ b: [{ d: 1 }] });
  });

  it('numbers history entries from 0 upwards and snapshots the domain info', () => {
    const parsed = CollectionFormat.parse(validCollectionFormat('org'));
    const domain = domainInfoFor(parsed, {
      s3: storageLocation('b', 'h/1'),
      release_status: 'NOT_RELEASED',
      release_history: [],
    });
    const first = historyEntry([], { reason: 'r0', username: 'u', item: domain, timestamp: 1 });
    const second = historyEntry([first], { reason: 'r1', username: 'u', item: domain, timestamp: 2 });
    expect([first.id, second.id]).toEqual([0, 1]);
    domain.display_name = 'changed later';
    expect(first.item.display_name).toBe('Soil moisture 2024');
  });
});
