/** Registry look-ups for the metadata form's pickers: organisations and people by name, names by id. */
import type { RegistryEntity } from '../../preload/contract.ts';

/** What the data store client can answer about the registry (null members where it cannot). */
export interface RegistryReader {
  /** Entities of a kind whose name matches `query` ('' lists some). */
  search(
    kind: 'organisation' | 'person',
    query: string,
    limit: number,
    signal: AbortSignal,
  ): Promise<RegistryEntity[]>;
  /** The entity with this id, or null when the registry does not know it. */
  fetch(id: string, signal: AbortSignal): Promise<RegistryEntity | null>;
}

/** Names of many ids, fetched a few at a time; unknown ids and failures are left out. */
export async function namesOf(
  reader: RegistryReader,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += 8) {
    const batch = unique.slice(start, start + 8);
    const found = await Promise.all(batch.map((id) => reader.fetch(id, signal).catch(() => null)));
    for (const entity of found) if (entity) names[entity.id] = entity.name;
  }
  return names;
}
