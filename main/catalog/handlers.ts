/** Bridge handlers for the catalog: pages, one dataset, status, sessions, sync now, settings. */
import { AppError } from '../core/index.ts';
import type { Handlers } from '../ipc/index.ts';
import type { Viewer } from './queries.ts';
import type { CatalogService } from './service.ts';

type CatalogHandlers = Pick<
  Handlers,
  | 'catalog.datasets'
  | 'catalog.dataset'
  | 'catalog.status'
  | 'catalog.sessions'
  | 'catalog.syncNow'
  | 'catalog.cancelSync'
  | 'catalog.settings'
  | 'catalog.updateSettings'
>;

/** Handlers for the catalog's calls, over the data store in use. */
export function catalogHandlers(service: CatalogService): CatalogHandlers {
  const viewer = (): Viewer => ({
    username: service.current?.username ?? null,
    personId: service.current?.personId ?? null,
  });
  return {
    'catalog.datasets': (query) => {
      const target = service.current;
      if (!target) {
        return {
          profileId: null,
          items: [],
          total: 0,
          offset: query.offset,
          limit: query.limit,
          revision: 0,
        };
      }
      const catalog = service.catalog(target.profileId);
      const revision = catalog.revision;
      const page = catalog.queries.page(query, viewer(), revision);
      return { profileId: target.profileId, ...page, offset: query.offset, limit: query.limit, revision };
    },
    'catalog.dataset': ({ id }) => {
      const target = service.current;
      const found = target ? service.catalog(target.profileId).queries.dataset(id, viewer()) : null;
      if (!found) {
        throw new AppError(
          'not_found',
          'This dataset is not in the local catalog. Sync now, or check that you still have access to it.',
          { id },
        );
      }
      return found;
    },
    'catalog.status': () => service.status(),
    'catalog.sessions': ({ limit }) => {
      const target = service.current;
      return { sessions: target ? service.catalog(target.profileId).sessions.recent(limit) : [] };
    },
    'catalog.syncNow': () => {
      const started = service.startSync('manual');
      return { sessionId: started.session.id, alreadyRunning: started.alreadyRunning };
    },
    'catalog.cancelSync': () => ({ cancelled: service.cancelSync() }),
    'catalog.settings': () => service.settings,
    'catalog.updateSettings': (settings) => service.updateSettings(settings),
  };
}
