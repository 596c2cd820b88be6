/**
 * A Map-backed storage adapter for the test issuer: oidc-provider's own memory adapter hides its store, and tests
 * need to reach in to end a user's sessions the way a Keycloak administrator would.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

/** One stored model instance. */
export interface StoredEntry {
  payload: AdapterPayload & { kind?: string };
  expiresAt: number | undefined;
}

/** The shared store: `<model>:<id>` → entry. */
export type MemoryAdapterStore = Map<string, StoredEntry>;

/** Builds the adapter class oidc-provider instantiates once per model. */
export function createMemoryAdapter(store: MemoryAdapterStore): new (name: string) => Adapter {
  const live = (key: string): StoredEntry | undefined => {
    const entry = store.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt < Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry;
  };

  return class MapAdapter implements Adapter {
    private readonly name: string;

    constructor(name: string) {
      this.name = name;
    }

    private key(id: string) {
      return `${this.name}:${id}`;
    }

    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      store.set(this.key(id), {
        payload: { ...payload, kind: payload.kind ?? this.name },
        expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined,
      });
      if (payload.userCode)
        store.set(`${this.name}:userCode:${payload.userCode}`, {
          payload: { id } as AdapterPayload,
          expiresAt: undefined,
        });
      if (payload.uid)
        store.set(`${this.name}:uid:${payload.uid}`, {
          payload: { id } as AdapterPayload,
          expiresAt: undefined,
        });
      return Promise.resolve();
    }

    find(id: string): Promise<AdapterPayload | undefined> {
      return Promise.resolve(live(this.key(id))?.payload);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const pointer = store.get(`${this.name}:userCode:${userCode}`)?.payload as { id?: string } | undefined;
      return Promise.resolve(pointer?.id ? live(this.key(pointer.id))?.payload : undefined);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const pointer = store.get(`${this.name}:uid:${uid}`)?.payload as { id?: string } | undefined;
      return Promise.resolve(pointer?.id ? live(this.key(pointer.id))?.payload : undefined);
    }

    consume(id: string): Promise<void> {
      const entry = live(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }

    destroy(id: string): Promise<void> {
      store.delete(this.key(id));
      return Promise.resolve();
    }

    revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, entry] of store) {
        if (entry.payload.grantId === grantId) store.delete(key);
      }
      return Promise.resolve();
    }
  };
}
