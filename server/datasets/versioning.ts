/**
 * `POST /register/version`: a new handle and a new storage prefix seeded with `metadata.json` only (files are
 * not copied), linked both ways, release reset to NOT_RELEASED, and a version job chain.
 */
import type { VersionResponse } from '../../shared/provena/index.ts';
import type { AuthenticatedUser } from '../auth/authenticator.ts';
import { transaction } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { fetchDatasetForUser, hasAnyRole } from './access.ts';
import { nowSeconds, type DatasetContext } from './context.ts';
import { putDataset } from './metadata.ts';
import {
  datasetRecord,
  domainInfoFor,
  domainInfoOf,
  historyEntry,
  metadataFileText,
  storageLocation,
} from './records.ts';

/** The registry's version errors, relayed with their status as the data store does. */
function relayed(status: number, details: string): HttpError {
  if (status === 401)
    return new HttpError(401, `Dataset version failed, not authorised 401. Details: ${details}.`);
  return new HttpError(
    status,
    `Non 200 status code in dataset version process. Status code: ${status}. Details: ${details}.`,
  );
}

/** Creates the next version of a dataset. */
export async function versionDataset(
  context: DatasetContext,
  request: { id: string; reason: string },
  user: AuthenticatedUser,
): Promise<VersionResponse> {
  const { id } = request;
  const personId = context.registry.linkedPerson(user.username);
  if (!personId) {
    throw relayed(
      400,
      'You must link your user account to a registered Person in the registry before creating versions',
    );
  }
  let fetched;
  try {
    fetched = fetchDatasetForUser(context, id, user);
  } catch (error) {
    if (error instanceof HttpError) throw relayed(error.status, error.detail);
    throw error;
  }
  if (!hasAnyRole(fetched.roles, ['admin']))
    throw relayed(401, `You are not authorised to revise the item (id='${id}').`);
  const nextVersion = fetched.item.versioning_info?.next_version;
  if (nextVersion) {
    throw relayed(
      400,
      `Cannot create a new version for an item (id='${id}') which is not the latest version. Next version ${nextVersion} already exists!`,
    );
  }

  return context.locks.run(id, async () => {
    const newId = transaction(context.database, () => context.registry.mintHandle());
    const location = storageLocation(context.storage.bucket, newId);
    const metadata = fetched.item.collection_format;
    if (!(await context.storage.isPrefixEmpty(location.path))) {
      throw new HttpError(
        500,
        `Version succeeded, however failed to find a unique S3 path. No storage location provisioned, dataset may not function properly. Error: ${location.s3_uri} already holds objects.`,
      );
    }
    await context.storage.writeMetadata(location.path, metadataFileText(metadata));
    const sessionId = transaction(context.database, () => {
      const latest = fetchDatasetForUser(context, id, user);
      if (latest.item.versioning_info?.next_version) {
        throw relayed(
          400,
          `Cannot create a new version for an item (id='${id}') which is not the latest version.`,
        );
      }
      const previous = latest.item;
      const versionNumber = (previous.versioning_info?.version ?? 1) + 1;
      const session = context.jobs.createChain(
        {
          username: user.username,
          type: 'REGISTRY',
          subType: 'REGISTER_VERSION_ACTIVITY',
          payload: {
            reason: request.reason,
            version_number: versionNumber,
            from_version_id: id,
            to_version_id: newId,
            linked_person_id: personId,
            item_subtype: 'DATASET',
          },
          resultFields: { version_activity_id: context.registry.mintHandle() },
        },
        {
          username: user.username,
          type: 'PROV_LODGE',
          subType: 'LODGE_VERSION_ACTIVITY',
          payload: {
            from_version_id: id,
            to_version_id: newId,
            linked_person_id: personId,
            item_subtype: 'DATASET',
          },
        },
      );
      const created = nowSeconds();
      const inherited = domainInfoOf(previous);
      const domain = domainInfoFor(metadata, {
        s3: location,
        release_status: 'NOT_RELEASED',
        release_history: [],
      });
      const first = historyEntry([], {
        reason: `New version of existing item (id=${id}).`,
        username: user.username,
        item: inherited,
        timestamp: created,
      });
      const second = historyEntry([first], {
        reason: "(System) Dataset S3 path updated to new version's storage location",
        username: user.username,
        item: domain,
        timestamp: created,
      });
      const record = datasetRecord({
        id: newId,
        owner: user.username,
        created,
        updated: created,
        workflowLinks: { create_activity_workflow_id: null, version_activity_workflow_id: session },
        versioningInfo: {
          previous_version: id,
          version: versionNumber,
          reason: request.reason,
          next_version: null,
        },
        domain,
        history: [second, first],
      });
      putDataset(context, record, { owner: user.username, created });
      // The new version keeps the access settings of the old one (owner aside).
      context.registry.items.setGeneralRoles(newId, latest.row.generalRoles);
      context.registry.items.replaceGrants(newId, context.registry.items.allGrants(id));
      // The forward link is written raw: no history entry, no timestamp change.
      const linked = { ...previous, versioning_info: { ...previous.versioning_info!, next_version: newId } };
      putDataset(context, linked, { owner: latest.row.ownerUsername, created: latest.row.createdTimestamp });
      return session;
    });
    context.logger.info('dataset.versioned', { from: id, to: newId, username: user.username });
    return { new_version_id: newId, version_job_session_id: sessionId };
  });
}
