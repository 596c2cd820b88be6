/**
 * Plans a download with Provena's path rules: `''` → the whole dataset into dest/; a file → dest/<name>;
 * `folder` → dest/folder/…; `folder/` → its contents directly into dest/. A path with nothing there is a clear
 * error; keys that would escape the destination are recorded as refused items, never written.
 */
import { AppError } from '../core/index.ts';
import type { NewItem } from './job-store.ts';
import { localTargetFor, normaliseDatasetPath, objectKey } from './paths.ts';
import type { PlanContext } from './plan-upload.ts';
import type { ListedObject } from './list-page.ts';
import { listObjects } from './remote-listing.ts';
import { classifyFailure } from './transfer-errors.ts';

function itemFor(destination: string, relativePath: string, object: ListedObject): NewItem {
  try {
    const localPath = localTargetFor(destination, relativePath);
    return { relativePath, localPath, key: object.key, size: object.size, mtimeMs: null, etag: object.etag };
  } catch (error) {
    return {
      relativePath,
      localPath: '',
      key: object.key,
      size: object.size,
      mtimeMs: null,
      state: 'failed',
      error: error instanceof Error ? error.message : String(error),
      errorCode: 'unsafe-key',
    };
  }
}

/** The single object at `key`, or null. */
async function headObject(context: PlanContext, key: string): Promise<ListedObject | null> {
  try {
    const head = await context.storage.head(key, context.signal);
    return { key, size: head.size, etag: head.etag };
  } catch (error) {
    if (classifyFailure(error).status === 404) return null;
    throw error;
  }
}

/** Lists the objects to download and stores them as items. */
export async function planDownload(context: PlanContext): Promise<void> {
  const { job, store } = context;
  const destination = job.localPath!;
  const prefix = context.storage.location.prefix;
  const asked = job.remotePath;
  const contentsOnly = asked === '' || asked.endsWith('/');
  const path = normaliseDatasetPath(asked);

  if (path !== '' && !contentsOnly) {
    const file = await headObject(context, objectKey(prefix, path));
    if (file) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      context.onPlanned(store.insertItems(job.id, [itemFor(destination, name, file)]));
      return;
    }
  }
  const folderPrefix = path === '' ? prefix : objectKey(prefix, path) + '/';
  const folderName = contentsOnly ? '' : path.slice(path.lastIndexOf('/') + 1);
  let found = 0;
  for await (const page of listObjects(context.storage, folderPrefix, context.signal)) {
    const items: NewItem[] = [];
    for (const object of page) {
      const inside = object.key.slice(folderPrefix.length);
      // Folder markers ("name/") carry no bytes.
      if (inside === '' || (inside.endsWith('/') && object.size === 0)) continue;
      items.push(itemFor(destination, folderName ? `${folderName}/${inside}` : inside, object));
    }
    found += items.length;
    context.onPlanned(store.insertItems(job.id, items));
  }
  if (found === 0 && path !== '') {
    throw new AppError(
      'not_found',
      `"${asked}" does not exist in this dataset. Check the path (it is case-sensitive).`,
      {
        path: asked,
      },
    );
  }
}
