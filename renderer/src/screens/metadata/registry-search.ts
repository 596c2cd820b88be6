/** The pickers' search over the data store's registry (null when the data store offers none). */
import { useEffect, useState } from 'react';
import { call } from '../../bridge/client';
import { useRegistryNames } from '../../stores/registry-names';
import type { EntitySearch } from './entity-picker';

const availability: Partial<Record<'organisation' | 'person', boolean>> = {};

/** A search function for one kind of entity, or null once the data store says it cannot search. */
export function useEntitySearch(kind: 'organisation' | 'person'): EntitySearch {
  const [available, setAvailable] = useState(availability[kind] ?? true);
  useEffect(() => {
    if (availability[kind] !== undefined) return;
    call('registry.search', { kind, query: '', limit: 1 }).then(
      (result) => {
        availability[kind] = result.available;
        setAvailable(result.available);
      },
      () => undefined,
    );
  }, [kind]);
  if (!available) return null;
  return searchFor(kind);
}

const searches = {
  organisation: makeSearch('organisation'),
  person: makeSearch('person'),
};

function searchFor(kind: 'organisation' | 'person'): NonNullable<EntitySearch> {
  return searches[kind];
}

function makeSearch(kind: 'organisation' | 'person'): NonNullable<EntitySearch> {
  return async (query, signal) => {
    const result = await call('registry.search', { kind, query, limit: 20 }, signal);
    const items = result.items.map((item) => ({
      id: item.id,
      name: item.name,
      ...(item.detail ? { detail: item.detail } : {}),
    }));
    useRegistryNames.getState().remember(items);
    return items;
  };
}

/** Looks up the names of ids not yet known (for showing organisations and people by name). */
export function useResolveNames(ids: ReadonlyArray<string | null | undefined>): void {
  const key = ids.filter(Boolean).join('\n');
  useEffect(() => {
    const known = useRegistryNames.getState().names;
    const missing = key.split('\n').filter((id) => id && !(id in known));
    if (missing.length === 0) return;
    const controller = new AbortController();
    call('registry.names', { ids: missing.slice(0, 100) }, controller.signal).then(
      (result) =>
        useRegistryNames
          .getState()
          .remember(Object.entries(result.names).map(([id, name]) => ({ id, name }))),
      () => undefined,
    );
    return () => controller.abort();
  }, [key]);
}
