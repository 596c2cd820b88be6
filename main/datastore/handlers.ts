/** Bridge handlers that pass the renderer's calls to the current data store's client. */
import type { Handlers } from '../ipc/index.ts';
import type { RegistrationJobs } from './registration-jobs.ts';
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

/** Where registration jobs are followed, and for which profile (the current one). */
export interface RegistrationFollowing {
  jobs: RegistrationJobs;
  profileId(): string;
}

/** Bridge handlers that act on the current data store; mints and new versions have their registration followed. */
export function datastoreHandlers(
  currentClient: () => Promise<DatastoreClient>,
  registrations?: RegistrationFollowing,
): Pick<Handlers, DatastoreCallName | 'jobs.registration'> {
  const follow = (
    datasetId: string | null | undefined,
    sessionId: string | null | undefined,
    kind: 'mint' | 'version',
    profileId: string | undefined,
  ) => {
    if (registrations && profileId && datasetId && sessionId) {
      registrations.jobs.follow({ profileId, datasetId, sessionId, kind, announce: true });
    }
  };
  return {
    'datasets.fetch': async ({ id }, { signal }) => {
      const response = await (await currentClient()).fetchDataset(id, signal);
      return { item: response.item, roles: response.roles ?? [], locked: response.locked ?? false };
    },
    'datasets.list': async ({ sortBy, paginationKey, pageSize }, { signal }) => {
      const page = await (
        await currentClient()
      ).listDatasets({ sortBy: sortBy ?? null, paginationKey: paginationKey ?? null, pageSize }, signal);
      return { items: page.items ?? [], paginationKey: page.pagination_key ?? null };
    },
    'datasets.mint': async ({ metadata }, { signal }) => {
      const profileId = registrations?.profileId();
      const minted = await (await currentClient()).mintDataset(metadata, signal);
      follow(minted.handle, minted.register_create_activity_session_id, 'mint', profileId);
      return minted;
    },
    'datasets.validate': async ({ metadata }, { signal }) =>
      (await currentClient()).validateMetadata(metadata, signal),
    'datasets.updateMetadata': async ({ id, reason, metadata }, { signal }) =>
      (await currentClient()).updateMetadata(id, reason, metadata, signal),
    'datasets.revert': async ({ id, historyId, reason }, { signal }) =>
      (await currentClient()).revertMetadata({ id, historyId, reason }, signal),
    'datasets.version': async ({ id, reason }, { signal }) => {
      const profileId = registrations?.profileId();
      const created = await (await currentClient()).versionDataset({ id, reason }, signal);
      follow(created.new_version_id, created.version_job_session_id, 'version', profileId);
      return created;
    },
    'datasets.presignedUrl': async (input, { signal }) => (await currentClient()).presignedUrl(input, signal),
    'datasets.search': async ({ query, limit }, { signal }) =>
      (await currentClient()).search(query, limit, signal),
    'jobs.fetch': async ({ sessionId }, { signal }) => (await currentClient()).fetchJob(sessionId, signal),
    'jobs.registration': ({ datasetId, follow: wanted }) => {
      if (!registrations) return { job: null };
      const profileId = registrations.profileId();
      const known = registrations.jobs.get(profileId, datasetId);
      if (known || !wanted) return { job: known };
      return {
        job: registrations.jobs.follow({
          profileId,
          datasetId,
          sessionId: wanted.sessionId,
          kind: wanted.kind,
          announce: false,
        }),
      };
    },
    'release.listReviewers': async (_input, { signal }) => ({
      reviewers: await (await currentClient()).listReviewers(signal),
    }),
    'release.addReviewer': async ({ personId }, { signal }) => {
      await (await currentClient()).addReviewer(personId, signal);
      return { added: true as const };
    },
    'release.removeReviewer': async ({ personId }, { signal }) => {
      await (await currentClient()).removeReviewer(personId, signal);
      return { removed: true as const };
    },
    'release.requestApproval': async (input, { signal }) =>
      (await currentClient()).requestApproval(input, signal),
    'release.actionApproval': async (input, { signal }) =>
      (await currentClient()).actionApproval(input, signal),
  };
}
