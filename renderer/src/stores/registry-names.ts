/**
 * Names of the registry's organisations and people, by id, for showing "CSIRO" instead of "10378.1/1234".
 * Filled by the pickers and by look-ups; an id with no known name shows as itself.
 */
import { create } from 'zustand';

interface RegistryNamesState {
  names: Record<string, string>;
  remember(entries: Array<{ id: string; name: string }>): void;
}

/** Known registry names. */
export const useRegistryNames = create<RegistryNamesState>((set, get) => ({
  names: {},
  remember(entries) {
    const fresh = entries.filter((entry) => get().names[entry.id] !== entry.name);
    if (fresh.length === 0) return;
    set({ names: { ...get().names, ...Object.fromEntries(fresh.map((entry) => [entry.id, entry.name])) } });
  },
}));

/** The display name for an id, or the id itself. */
export function useRegistryName(id: string | null | undefined): string | null {
  return useRegistryNames((state) => (id ? (state.names[id] ?? id) : null));
}
