/** What the catalog follows: the data store in use, who is signed in to it, and where its list comes from. */
import type { Disposable } from '../core/index.ts';
import type { RemoteCatalogSource } from './remote-source.ts';

/** The data store in use and who is signed in to it, as the catalog needs to know them. */
export interface CatalogTarget {
  profileId: string;
  /** The signed-in username ("mine"), or null when unknown. */
  username: string | null;
  /** The signed-in user's linked person id ("awaiting my review"), or null. */
  personId: string | null;
  /** Where to list datasets from, or null when that is not possible now (e.g. signed out). */
  source: RemoteCatalogSource | null;
  /** Why `source` is null, in words for the status bar. */
  unavailableReason?: string | null;
}

/** Tells the catalog which data store is in use and when that changes. */
export interface CatalogContext {
  current(): CatalogTarget | null;
  onDidChange(listener: () => void): Disposable;
}
