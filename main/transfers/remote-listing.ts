/** Streams a prefix's objects page by page (1,000 keys a request), for planning and verification. */
import type { ListedObject } from './list-page.ts';
import type { OpenedStorage } from './storage-access.ts';

/** Yields the objects under `prefix`, one page at a time. */
export async function* listObjects(
  storage: OpenedStorage,
  prefix: string,
  signal: AbortSignal,
): AsyncGenerator<ListedObject[]> {
  let continuationToken: string | undefined;
  do {
    const page = await storage.listPage(prefix, continuationToken, signal);
    if (page.objects.length > 0) yield page.objects;
    continuationToken = page.nextToken;
  } while (continuationToken);
}
