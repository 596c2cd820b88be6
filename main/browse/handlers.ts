/** Bridge handlers of the screens' own calls: notifications, registry look-ups and folder listings. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PlatformAdapter } from '../app/index.ts';
import { AppError } from '../core/index.ts';
import type { Handlers } from '../ipc/index.ts';
import { listFolder } from './listing.ts';
import { namesOf, type RegistryReader } from './registry.ts';
import type { BrowseStorage } from './storage.ts';

/** What the screens' handlers need. */
export interface BrowseHandlerDeps {
  platform: PlatformAdapter;
  storage: BrowseStorage;
  /** The app's data folder (staging folders go under it). */
  dataDir: string;
  /** The registry of the data store in use, or null when it offers no look-ups. */
  registry(): Promise<RegistryReader | null>;
}

type BrowseCalls =
  | 'screens.notify'
  | 'registry.search'
  | 'registry.names'
  | 'files.list'
  | 'files.downloadFolder'
  | 'files.chooseFolder'
  | 'files.stagingFolder';

/** Handlers for the screens' calls. */
export function browseHandlers(deps: BrowseHandlerDeps): Pick<Handlers, BrowseCalls> {
  return {
    'screens.notify': ({ title, body }) => {
      deps.platform.notify(title, body);
      return { shown: deps.platform.electronVersion !== null };
    },
    'registry.search': async ({ kind, query, limit }, { signal }) => {
      const reader = await deps.registry();
      if (!reader) return { available: false, items: [] };
      return { available: true, items: await reader.search(kind, query.trim(), limit, signal) };
    },
    'registry.names': async ({ ids }, { signal }) => {
      const reader = await deps.registry();
      return { names: reader ? await namesOf(reader, ids, signal) : {} };
    },
    'files.downloadFolder': () => ({ path: defaultDownloadFolder() }),
    'files.chooseFolder': async ({ title, defaultPath }) => {
      if (!deps.platform.chooseFolder)
        throw new AppError('invalid', 'There is no folder picker here: type the folder’s path instead.');
      return { path: await deps.platform.chooseFolder({ title, ...(defaultPath ? { defaultPath } : {}) }) };
    },
    'files.stagingFolder': async ({ purpose }) => {
      const parent = join(deps.dataDir, 'staging');
      await mkdir(parent, { recursive: true });
      return { path: await mkdtemp(join(parent, `${purpose}-`)) };
    },
    'files.list': (input, { signal }) =>
      listFolder(
        deps.storage,
        { datasetId: input.datasetId, path: input.path, page: input.page ?? null, limit: input.limit },
        signal,
      ),
  };
}

/** The user's Downloads folder when there is one, else the home folder. */
function defaultDownloadFolder(): string {
  const downloads = join(homedir(), 'Downloads');
  return existsSync(downloads) ? downloads : homedir();
}
