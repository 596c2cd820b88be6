/**
 * The search API reply and the few registry and auth API shapes a data store client needs beside §1: the
 * organisations and persons that metadata refers to, and the caller's own linked Person.
 */
import { z } from 'zod';
import { Status } from './common.ts';
import { RecordInfo } from './dataset-item.ts';

/** One search hit: an id and a score (no item; fetch it next). */
export const QueryResult = z.object({ id: z.string(), score: z.number() });
export type QueryResult = z.infer<typeof QueryResult>;

/** `GET /search/entity-registry` reply. */
export const QueryResults = z.object({
  status: Status,
  results: z.array(QueryResult).nullish(),
  warnings: z.array(z.string()).nullish(),
});
export type QueryResults = z.infer<typeof QueryResults>;

/** Subtypes the search route filters on. */
export const SearchSubtypeFilter = z.enum(['DATASET', 'ORGANISATION', 'PERSON']);
export type SearchSubtypeFilter = z.infer<typeof SearchSubtypeFilter>;

/** `ItemOrganisation` (the fields Datadesk uses). */
export const ItemOrganisation = RecordInfo.extend({
  item_category: z.literal('AGENT'),
  item_subtype: z.literal('ORGANISATION'),
  display_name: z.string(),
  name: z.string(),
  ror: z.string().nullish(),
  user_metadata: z.record(z.string(), z.string()).nullish(),
});
export type ItemOrganisation = z.infer<typeof ItemOrganisation>;

/** `ItemPerson` (the fields Datadesk uses). */
export const ItemPerson = RecordInfo.extend({
  item_category: z.literal('AGENT'),
  item_subtype: z.literal('PERSON'),
  display_name: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  orcid: z.string().nullish(),
  ethics_approved: z.boolean(),
  user_metadata: z.record(z.string(), z.string()).nullish(),
});
export type ItemPerson = z.infer<typeof ItemPerson>;

/** `GET /registry/agent/organisation/fetch?id=` reply. */
export const OrganisationFetchResponse = z.object({
  status: Status,
  item: ItemOrganisation.nullish(),
  roles: z.array(z.string()).nullish(),
  locked: z.boolean().nullish(),
  item_is_seed: z.boolean().nullish(),
});
export type OrganisationFetchResponse = z.infer<typeof OrganisationFetchResponse>;

/** `GET /registry/agent/person/fetch?id=` reply. */
export const PersonFetchResponse = z.object({
  status: Status,
  item: ItemPerson.nullish(),
  roles: z.array(z.string()).nullish(),
  locked: z.boolean().nullish(),
  item_is_seed: z.boolean().nullish(),
});
export type PersonFetchResponse = z.infer<typeof PersonFetchResponse>;

/** `GET /link/user/lookup` reply (auth API): the caller's linked Person, if any. */
export const UserLinkUserLookupResponse = z.object({ success: z.boolean(), person_id: z.string().nullish() });
export type UserLinkUserLookupResponse = z.infer<typeof UserLinkUserLookupResponse>;
