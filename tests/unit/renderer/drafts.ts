/** Drafts the renderer tests share. */
import { emptyDraft, withField, type MetadataDraft } from '../../../renderer/src/screens/metadata/draft';

/** A draft every rule accepts. */
export function validDraft(): MetadataDraft {
  let draft = emptyDraft({ organisationId: '10378.1/1', publisherId: '10378.1/2' });
  draft = withField(draft, 'dataset_info.name', 'Coral cover');
  draft = withField(draft, 'dataset_info.description', 'Quadrats.');
  draft = withField(draft, 'dataset_info.license', 'https://creativecommons.org/licenses/by/4.0/');
  return draft;
}
