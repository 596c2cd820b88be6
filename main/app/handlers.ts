import type { DataStoreHealth, HostKind } from '../../preload/contract.ts';
import { AppError } from '../core/index.ts';
import type { Handlers } from '../ipc/index.ts';
import { isAllowedExternalUrl, type PlatformAdapter } from './platform.ts';

/** What the app handlers need. */
export interface AppHandlerDeps {
  host: HostKind;
  version: string;
  platform: PlatformAdapter;
  /** Hosts the user has configured (data stores, sign-in pages); other hosts are refused. */
  externalHosts(): readonly string[];
  checkHealth(signal: AbortSignal): Promise<DataStoreHealth>;
}

/** Handlers for the app's own calls. */
export function appHandlers(
  deps: AppHandlerDeps,
): Pick<Handlers, 'app.info' | 'app.openExternal' | 'datastore.health'> {
  return {
    'app.info': () => ({
      name: 'Datadesk',
      version: deps.version,
      host: deps.host,
      platform: process.platform,
      nodeVersion: process.versions.node,
      electronVersion: deps.platform.electronVersion,
      filePathsAvailable: deps.platform.filePathsAvailable,
      folderPicker: deps.platform.chooseFolder !== undefined,
    }),
    'app.openExternal': async ({ url }) => {
      if (!isAllowedExternalUrl(url, deps.externalHosts())) {
        throw new AppError(
          'forbidden',
          'Datadesk only opens links to the data stores and sign-in pages you added.',
        );
      }
      return { opened: await deps.platform.openExternal(url) };
    },
    'datastore.health': (_input, context) => deps.checkHealth(context.signal),
  };
}
