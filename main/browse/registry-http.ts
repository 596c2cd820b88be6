/**
 * Registry look-ups over HTTP, the way Provena's own UIs do them: the search API (`subtype_filter` ORGANISATION
 * or PERSON) for ids, the registry API's agent fetch for names, and the agent list when nothing is typed yet.
 * Answers are small and read-only; names are cached for the life of the reader.
 */
import { z } from 'zod';
import { OrganisationFetchResponse, PersonFetchResponse, QueryResults } from '../../shared/provena/index.ts';
import { AppError, isCancellation } from '../core/index.ts';
import type { RegistryEntity } from '../../preload/contract.ts';
import type { RegistryReader } from './registry.ts';

/** Where to ask and with which bearer token. */
export interface RegistryEndpoints {
  searchApiUrl: string;
  /** Provena's registry API (the data API's origin on a Datadesk server). */
  registryApiUrl: string;
  accessToken(): Promise<string>;
  fetch?: typeof fetch;
}

type Kind = 'organisation' | 'person';
const subtypes: Record<Kind, 'ORGANISATION' | 'PERSON'> = { organisation: 'ORGANISATION', person: 'PERSON' };
const AgentList = z.object({ items: z.array(z.record(z.string(), z.unknown())).nullish() });

function entityOf(kind: Kind, item: Record<string, unknown>): RegistryEntity | null {
  if (typeof item.id !== 'string') return null;
  const name = typeof item.display_name === 'string' ? item.display_name : item.id;
  const detail =
    kind === 'person'
      ? typeof item.email === 'string'
        ? item.email
        : null
      : typeof item.ror === 'string'
        ? item.ror
        : null;
  return { id: item.id, name, detail };
}

/** The registry of Provena's registry and search APIs (the Datadesk server serves both). */
export function httpRegistryReader(endpoints: RegistryEndpoints): RegistryReader {
  const request = async (url: string, init: RequestInit, signal: AbortSignal): Promise<unknown> => {
    let response: Response;
    try {
      response = await (endpoints.fetch ?? fetch)(url, {
        ...init,
        headers: {
          ...init.headers,
          authorization: `Bearer ${await endpoints.accessToken()}`,
          accept: 'application/json',
        },
        signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]),
      });
    } catch (error) {
      if (isCancellation(error) && signal.aborted)
        throw new AppError('cancelled', 'The look-up was cancelled.');
      throw new AppError(
        'network',
        'The data store’s registry could not be reached. Check your connection.',
        {
          message: error instanceof Error ? error.message : String(error),
        },
      );
    }
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.status === 401)
      throw new AppError('auth', 'The registry refused the look-up. Sign in again.', body);
    if (!response.ok)
      throw new AppError('server', 'The registry could not answer the look-up.', {
        status: response.status,
        body,
      });
    return body;
  };
  const names = new Map<string, RegistryEntity | null>();

  const fetchAs = async (kind: Kind, id: string, signal: AbortSignal): Promise<RegistryEntity | null> => {
    const url = `${endpoints.registryApiUrl}/registry/agent/${kind}/fetch?id=${encodeURIComponent(id)}`;
    let body: unknown;
    try {
      body = await request(url, { method: 'GET' }, signal);
    } catch (error) {
      // Provena answers 400 for an id that is not of this kind.
      if (error instanceof AppError && error.code === 'server') return null;
      throw error;
    }
    const parsed = (kind === 'organisation' ? OrganisationFetchResponse : PersonFetchResponse).safeParse(
      body,
    );
    if (!parsed.success || !parsed.data.status.success || !parsed.data.item) return null;
    return entityOf(kind, parsed.data.item as unknown as Record<string, unknown>);
  };

  return {
    async search(kind, query, limit, signal) {
      if (query === '') {
        const url = `${endpoints.registryApiUrl}/registry/agent/${kind}/list`;
        const body = AgentList.parse(
          await request(
            url,
            {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ page_size: limit }),
            },
            signal,
          ),
        );
        const found = (body.items ?? [])
          .map((item) => entityOf(kind, item))
          .filter((item): item is RegistryEntity => item !== null);
        for (const entity of found) names.set(entity.id, entity);
        return found;
      }
      const url = new URL(`${endpoints.searchApiUrl}/search/entity-registry`);
      url.searchParams.set('query', query);
      url.searchParams.set('subtype_filter', subtypes[kind]);
      url.searchParams.set('record_limit', String(limit));
      const hits = QueryResults.parse(await request(url.toString(), { method: 'GET' }, signal)).results ?? [];
      const found = await Promise.all(
        hits.map((hit) => (names.has(hit.id) ? names.get(hit.id)! : fetchAs(kind, hit.id, signal))),
      );
      const entities = found.filter((entity): entity is RegistryEntity => entity !== null);
      for (const entity of entities) names.set(entity.id, entity);
      return entities;
    },
    async fetch(id, signal) {
      if (names.has(id)) return names.get(id)!;
      const entity = (await fetchAs('organisation', id, signal)) ?? (await fetchAs('person', id, signal));
      names.set(id, entity);
      return entity;
    },
  };
}
