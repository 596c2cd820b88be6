/** Where a sync reads the remote list from: one raw page at a time, with Provena's opaque pagination keys. */
import type { CatalogItem } from './item.ts';

/** Asks for one page; `paginationKey` is null for the first page, then exactly what the last page returned. */
export interface RemotePageRequest {
  paginationKey: unknown;
  pageSize: number;
}

/** One page as the data store sent it: possibly short or empty, with the key of the next page or null at the end. */
export interface RemotePage {
  items: readonly CatalogItem[];
  paginationKey: unknown;
}

/**
 * The remote list a sync pages through. Implementations must list in an order that does not move while a pass
 * runs (creation time), so that every dataset present for the whole pass is seen exactly once.
 */
export interface RemoteCatalogSource {
  listPage(request: RemotePageRequest, signal: AbortSignal): Promise<RemotePage>;
}
