/** Streams a prefix's objects page by page (1,000 keys a request), for planning and verification. */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { OpenedStorage } from './storage-access.ts';

/** An object in a listing. */
export interface ListedObject {
  key: string;
  size: number;
  etag: string | null;
}

/** Yields the objects under `prefix`, one page at a time. */
export async function* listObjects(
  storage: OpenedStorage,
  prefix: string,
  signal: AbortSignal,
): AsyncGenerator<ListedObject[]> {
  let continuationToken: string | undefined;
  do {
    const page = await storage.control(
      (client) =>
        client.send(
          new ListObjectsV2Command({
            Bucket: storage.location.bucket,
            Prefix: prefix,
            ContinuationToken: continuationToken,
          }),
          { abortSignal: signal },
        ),
      signal,
    );
    const objects = (page.Contents ?? [])
      .filter((object) => object.Key !== undefined)
      .map((object) => ({ key: object.Key!, size: object.Size ?? 0, etag: object.ETag ?? null }));
    if (objects.length > 0) yield objects;
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);
}
