/** Valid `CollectionFormat` bodies for tests, built fresh each call so tests can mutate them. */
import type { CollectionFormatInput } from '../../shared/provena/index.ts';

/** A minimal valid CollectionFormat referring to `organisationId` (also used as publisher). */
export function validCollectionFormat(
  organisationId: string,
  name = 'Soil moisture 2024',
): CollectionFormatInput {
  return {
    associations: { organisation_id: organisationId },
    approvals: {
      ethics_registration: { relevant: false, obtained: false },
      ethics_access: { relevant: false, obtained: false },
      indigenous_knowledge: { relevant: false, obtained: false },
      export_controls: { relevant: false, obtained: false },
    },
    dataset_info: {
      name,
      description: 'Hourly soil moisture readings from three sites.',
      access_info: { reposited: true },
      publisher_id: organisationId,
      created_date: { relevant: true, value: '2024-01-10' },
      published_date: { relevant: true, value: '2024-02-01' },
      license: 'https://creativecommons.org/licenses/by/4.0/',
      keywords: ['soil', 'moisture'],
    },
  };
}
