/**
 * Registry look-ups the metadata form needs: organisations and persons found by search, and one fetched by id.
 * On Provena they live on the registry API; on a Datadesk server on the same origin as the data API.
 */
import { OrganisationFetchResponse, PersonFetchResponse, QueryResults } from '../../shared/provena/index.ts';
import type { HttpClient } from './http.ts';

/** An organisation or person as a picker shows it. */
export interface RegistryEntity {
  id: string;
  name: string;
  /** A second line: the ROR of an organisation, the email of a person. */
  detail: string | null;
  subtype: 'ORGANISATION' | 'PERSON';
}

/** Registry look-ups over one data store's HTTP client. */
export function registryLookups(
  http: HttpClient,
  endpoints: { searchApiUrl: string; registryApiUrl: string },
) {
  const fetchAgent = async (
    subtype: RegistryEntity['subtype'],
    id: string,
    signal?: AbortSignal,
  ): Promise<RegistryEntity | null> => {
    const path = `/registry/agent/${subtype === 'ORGANISATION' ? 'organisation' : 'person'}/fetch`;
    const context = { action: `look up the ${subtype === 'ORGANISATION' ? 'organisation' : 'person'}` };
    if (subtype === 'ORGANISATION') {
      const answer = await http.request({
        base: endpoints.registryApiUrl,
        method: 'GET',
        path,
        query: { id },
        schema: OrganisationFetchResponse,
        idempotent: true,
        context,
        signal,
      });
      return answer.status.success && answer.item
        ? { id, name: answer.item.display_name, detail: answer.item.ror ?? null, subtype }
        : null;
    }
    const answer = await http.request({
      base: endpoints.registryApiUrl,
      method: 'GET',
      path,
      query: { id },
      schema: PersonFetchResponse,
      idempotent: true,
      context,
      signal,
    });
    return answer.status.success && answer.item
      ? { id, name: answer.item.display_name, detail: answer.item.email, subtype }
      : null;
  };

  return {
    /** Organisations or persons matching a query, in search order (hits that cannot be fetched are left out). */
    async searchRegistry(
      subtype: RegistryEntity['subtype'],
      query: string,
      limit = 10,
      signal?: AbortSignal,
    ): Promise<RegistryEntity[]> {
      const results = await http.request({
        base: endpoints.searchApiUrl,
        method: 'GET',
        path: '/search/entity-registry',
        query: { query, subtype_filter: subtype, record_limit: limit },
        schema: QueryResults,
        idempotent: true,
        context: { action: 'search the registry' },
        signal,
      });
      const entities = await Promise.all(
        (results.results ?? []).map((hit) => fetchAgent(subtype, hit.id, signal).catch(() => null)),
      );
      return entities.filter((entity): entity is RegistryEntity => entity !== null);
    },
    /** An organisation or person by id; null when the registry has neither. */
    async fetchRegistryEntity(id: string, signal?: AbortSignal): Promise<RegistryEntity | null> {
      return (await fetchAgent('ORGANISATION', id, signal)) ?? (await fetchAgent('PERSON', id, signal));
    },
  };
}
