import type { Handlers } from '../ipc/index.ts';
import type { DatastoreClient } from './types.ts';

type DatastoreCallName =
  | 'datasets.fetch'
  | 'datasets.list'
  | 'datasets.mint'
  | 'datasets.validate'
  | 'datasets.updateMetadata'
  | 'datasets.revert'
  | 'datasets.version'
  | 'datasets.presignedUrl'
  | 'datasets.search'
  | 'jobs.fetch'
  | 'release.listReviewers'
  | 'release.addReviewer'
  | 'release.removeReviewer'
  | 'release.requestApproval'
  | 'release.actionApproval';

/** Bridge handlers that act on the current data store. */
export function datastoreHandlers(currentClient: () => Promise<DatastoreClient>): Pick<Handlers, DatastoreCallName> {
  return {
    'datasets.fetch': async ({ id }, { signal }) => {
      const response = await (await currentClient()).fetchDataset(id, signal);
      return { item: response.item, roles: response.roles ?? [], locked: response.locked ?? false };
    },
    'datasets.list': async ({ sortBy, paginationKey, pageSize }, { signal }) => {
      const page = await (await currentClient()).listDatasets({ sortBy: sortBy ?? null, paginationKey: paginationKey ?? null, pageSize }, signal);
      return { items: page.items ?? [], paginationKey: page.pagination_key ?? null };
    },
    'datasets.mint': async ({ metadata }, { signal }) => (await currentClient()).mintDataset(metadata, signal),
    'datasets.validate': async ({ metadata }, { signal }) => (await currentClient()).validateMetadata(metadata, signal),
    'datasets.updateMetadata': async ({ id, reason, metadata }, { signal }) =>
      (await currentClient()).updateMetadata(id, reason, metadata, signal),
    'datasets.revert': async ({ id, historyId, reason }, { signal }) =>
      (await currentClient()).revertMetadata({ id, historyId, reason }, signal),
    'datasets.version': async ({ id, reason }, { signal }) => (await currentClient()).versionDataset({ id, reason }, signal),
    'datasets.presignedUrl': async (input, { signal }) => (await currentClient()).presignedUrl(input, signal),
    'datasets.search': async ({ query, limit }, { signal }) => (await currentClient()).search(query, limit, signal),
    'jobs.fetch': async ({ sessionId }, { signal }) => (await currentClient()).fetchJob(sessionId, signal),
    'release.listReviewers': async (_input, { signal }) => ({ reviewers: await (await currentClient()).listReviewers(signal) }),
    'release.addReviewer': async ({ personId }, { signal }) => {
      await (await currentClient()).addReviewer(personId, signal);
      return { added: true as const };
    },
    'release.removeReviewer': async ({ personId }, { signal }) => {
      await (await currentClient()).removeReviewer(personId, signal);
      return { removed: true as const };
    },
    'release.requestApproval': async (input, { signal }) => (await currentClient()).requestApproval(input, signal),
    'release.actionApproval': async (input, { signal }) => (await currentClient()).actionApproval(input, signal),
  };
}
