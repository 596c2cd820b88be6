/** One folder level of a dataset's storage: ListObjectsV2 with a '/' delimiter, one page at a time. */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { FolderListing } from '../../preload/contract.ts';
import { AppError, isCancellation } from '../core/index.ts';
import type { BrowseStorage } from './storage.ts';

/** Lists `path` (relative to the dataset root, '' or ending in '/') of a dataset. */
export async function listFolder(
  storages: BrowseStorage,
  input: { datasetId: string; path: string; page?: string | null; limit: number },
  signal: AbortSignal,
): Promise<FolderListing> {
  const attempt = async () => {
    const storage = await storages.open(input.datasetId, signal);
    const keyPrefix = `${storage.prefix}${input.path}`;
    const answer = await storage.client.send(
      new ListObjectsV2Command({
        Bucket: storage.bucket,
        Prefix: keyPrefix,
        Delimiter: '/',
        MaxKeys: input.limit,
        ...(input.page ? { ContinuationToken: input.page } : {}),
      }),
      { abortSignal: signal },
    );
    const relative = (key: string) => key.slice(storage.prefix.length);
    return {
      path: input.path,
      folders: (answer.CommonPrefixes ?? [])
        .map((entry) => entry.Prefix)
        .filter((prefix): prefix is string => typeof prefix === 'string' && prefix.length > keyPrefix.length)
        .map((prefix) => ({ name: prefix.slice(keyPrefix.length, -1), path: relative(prefix) })),
      files: (answer.Contents ?? [])
        .filter((object) => object.Key !== undefined && object.Key !== keyPrefix)
        .map((object) => ({
          name: object.Key!.slice(keyPrefix.length),
          path: relative(object.Key!),
          size: object.Size ?? 0,
          modified: object.LastModified ? object.LastModified.getTime() : null,
        })),
      nextPage: answer.IsTruncated ? (answer.NextContinuationToken ?? null) : null,
    };
  };
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof AppError || isCancellation(error)) throw error;
    const name = (error as { name?: string }).name ?? '';
    if (name === 'ExpiredToken' || name === 'InvalidAccessKeyId' || name === 'AccessDenied') {
      // Credentials can be revoked or expire early: get fresh ones once.
      storages.forget(input.datasetId);
      try {
        return await attempt();
      } catch (retryError) {
        if (retryError instanceof AppError) throw retryError;
        throw storageError(retryError);
      }
    }
    throw storageError(error);
  }
}

function storageError(error: unknown): AppError {
  const name = (error as { name?: string }).name ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'AccessDenied') {
    return new AppError(
      'forbidden',
      'The storage refused to list this dataset’s files. Ask its owner for read access.',
      { name, message },
    );
  }
  if (name === 'NoSuchBucket') {
    return new AppError(
      'not_found',
      'The dataset’s storage bucket does not exist. Tell the data store’s administrator.',
      { name, message },
    );
  }
  return new AppError(
    'network',
    'The dataset’s storage could not be reached. Check your connection and try again.',
    {
      name,
      message,
    },
  );
}
