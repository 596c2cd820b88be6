/**
 * Validate, mint, update and revert: Provena's checks in Provena's order, with `metadata.json` written to S3
 * before the registry change is committed so the two never disagree for longer than one request.
 */
import {
  collectionFormatFieldProblem,
  type CollectionFormat,
  type ItemDataset,
  type MintResponse,
  type Status,
  type UpdateMetadataResponse,
} from '../../shared/provena/index.ts';
import type { AuthenticatedUser } from '../auth/authenticator.ts';
import { transaction } from '../db/database.ts';
import { badRequest, notAuthorised } from '../http/errors.ts';
import { fetchDatasetForUser, hasAnyRole } from './access.ts';
import { nowSeconds, type DatasetContext } from './context.ts';
import {
  datasetRecord,
  datasetSearchText,
  domainInfoFor,
  domainInfoOf,
  historyEntry,
  metadataFileText,
  seedRecord,
  storageLocation,
} from './records.ts';

const metadataWriteRoles = ['metadata-write', 'dataset-data-write', 'admin'];

/** The registry's pre-validation: referenced organisations and persons must exist. */
export function referenceProblem(context: DatasetContext, metadata: CollectionFormat): string | null {
  const checks: [string, string | null | undefined, 'ORGANISATION' | 'PERSON'][] = [
    ['associations.organisation_id', metadata.associations.organisation_id, 'ORGANISATION'],
    ['dataset_info.publisher_id', metadata.dataset_info.publisher_id, 'ORGANISATION'],
    ['associations.data_custodian_id', metadata.associations.data_custodian_id, 'PERSON'],
  ];
  for (const [field, id, subtype] of checks) {
    if (id && !context.registry.agent(id, subtype)) {
      return `The ${field} '${id}' is not a registered ${subtype === 'PERSON' ? 'Person' : 'Organisation'} in the registry`;
    }
  }
  return null;
}

/** Both non-parse layers: field rules, then references. Null when the metadata is acceptable. */
function validationFailure(context: DatasetContext, metadata: CollectionFormat): string | null {
  const fieldProblem = collectionFormatFieldProblem(metadata);
  if (fieldProblem) return `Failed field value validation. Error: ${fieldProblem}`;
  const reference = referenceProblem(context, metadata);
  if (reference) return `Registry API responded with an error during validation, error: ${reference}.`;
  return null;
}

/** `POST /metadata/validate-metadata`: a bare Status. */
export function validateMetadata(context: DatasetContext, metadata: CollectionFormat): Status {
  const failure = validationFailure(context, metadata);
  return failure
    ? { success: false, details: failure }
    : { success: true, details: 'Validation successful.' };
}

/** `POST /register/mint-dataset`: 200 with success=false for every validation failure. */
export async function mintDataset(
  context: DatasetContext,
  metadata: CollectionFormat,
  user: AuthenticatedUser,
): Promise<MintResponse> {
  const empty = { handle: null, s3_location: null, register_create_activity_session_id: null };
  const failure = validationFailure(context, metadata);
  if (failure) return { status: { success: false, details: failure }, ...empty };
  const personId = context.registry.linkedPerson(user.username);
  if (!personId) {
    throw badRequest(
      'Dataset minting failed. You must link your user account to a registered Person in the registry before minting a dataset.',
    );
  }
  const created = nowSeconds();
  const handle = transaction(context.database, () => {
    const id = context.registry.mintHandle();
    context.registry.items.put(
      {
        id,
        subtype: 'DATASET',
        recordType: 'SEED_ITEM',
        ownerUsername: user.username,
        createdTimestamp: created,
        updatedTimestamp: created,
        displayName: '',
        accessInfoUri: null,
        locked: false,
        generalRoles: [...context.config.generalRoles],
        record: seedRecord(id, user.username, created),
      },
      null,
    );
    return id;
  });
  const location = storageLocation(context.storage.bucket, handle);
  return context.locks.run(handle, async () => {
    if (!(await context.storage.isPrefixEmpty(location.path))) {
      throw badRequest(
        `Failed to find a unique S3 path - is your dataset name a duplicate? Error: The storage location ${location.s3_uri} already holds objects.`,
      );
    }
    await context.storage.writeMetadata(location.path, metadataFileText(metadata));
    const sessionId = transaction(context.database, () => {
      const session = context.jobs.createChain(
        {
          username: user.username,
          type: 'REGISTRY',
          subType: 'REGISTER_CREATE_ACTIVITY',
          payload: { created_item_id: handle, created_item_subtype: 'DATASET', linked_person_id: personId },
          resultFields: { creation_activity_id: context.registry.mintHandle() },
        },
        {
          username: user.username,
          type: 'PROV_LODGE',
          subType: 'LODGE_CREATE_ACTIVITY',
          payload: { created_item_id: handle, created_item_subtype: 'DATASET', linked_person_id: personId },
        },
      );
      const domain = domainInfoFor(metadata, {
        s3: location,
        release_status: 'NOT_RELEASED',
        release_history: [],
      });
      const updated = nowSeconds();
      const record = datasetRecord({
        id: handle,
        owner: user.username,
        created,
        updated,
        workflowLinks: { create_activity_workflow_id: session, version_activity_workflow_id: null },
        versioningInfo: { previous_version: null, version: 1, reason: null, next_version: null },
        domain,
        history: [
          historyEntry([], {
            reason: 'Initial record creation',
            username: user.username,
            item: domain,
            timestamp: updated,
          }),
        ],
      });
      putDataset(context, record, { owner: user.username, created });
      return session;
    });
    context.logger.info('dataset.minted', { handle, username: user.username });
    return {
      status: { success: true, details: 'Successfully seeded location - see location details.' },
      handle,
      s3_location: location,
      register_create_activity_session_id: sessionId,
    };
  });
}

/** Writes a complete dataset record (row columns derived from it). */
export function putDataset(
  context: DatasetContext,
  record: ItemDataset,
  keep: { owner: string; created: number },
): void {
  const existing = context.registry.items.get(record.id);
  context.registry.items.put(
    {
      id: record.id,
      subtype: 'DATASET',
      recordType: 'COMPLETE_ITEM',
      ownerUsername: keep.owner,
      createdTimestamp: keep.created,
      updatedTimestamp: record.updated_timestamp,
      displayName: record.display_name,
      accessInfoUri: record.access_info_uri ?? null,
      locked: existing?.locked ?? false,
      generalRoles: existing?.generalRoles ?? [...context.config.generalRoles],
      record: record as unknown as Record<string, unknown>,
    },
    datasetSearchText(record.collection_format),
  );
}

/** The write checks shared by update and revert: lock, then item role. */
function requireMetadataWrite(fetched: { locked: boolean; roles: string[] }): void {
  if (fetched.locked) {
    throw notAuthorised('This dataset is locked - you cannot update the metadata. Unlock the dataset first.');
  }
  if (!hasAnyRole(fetched.roles, metadataWriteRoles)) {
    throw notAuthorised('You are not authorised to write metadata for this dataset!');
  }
}

/** Replaces the metadata of a dataset: S3 first, then the record with a new history entry (one transaction). */
async function replaceMetadata(
  context: DatasetContext,
  id: string,
  metadata: CollectionFormat,
  reason: string,
  user: AuthenticatedUser,
): Promise<ItemDataset> {
  const current = fetchDatasetForUser(context, id, user).item;
  await context.storage.writeMetadata(current.s3.path, metadataFileText(metadata));
  return transaction(context.database, () => {
    const latest = fetchDatasetForUser(context, id, user);
    const item = latest.item;
    const domain = domainInfoFor(metadata, domainInfoOf(item));
    const updated = nowSeconds();
    const record = datasetRecord({
      id,
      owner: item.owner_username,
      created: item.created_timestamp,
      updated,
      workflowLinks: item.workflow_links,
      versioningInfo: item.versioning_info,
      domain,
      history: [
        historyEntry(item.history, { reason, username: user.username, item: domain, timestamp: updated }),
        ...item.history,
      ],
    });
    putDataset(context, record, { owner: latest.row.ownerUsername, created: latest.row.createdTimestamp });
    return record;
  });
}

/** `POST /register/update-metadata`: 400 for validation failures (unlike mint). */
export async function updateMetadata(
  context: DatasetContext,
  id: string,
  reason: string,
  metadata: CollectionFormat,
  user: AuthenticatedUser,
): Promise<UpdateMetadataResponse> {
  const fieldProblem = collectionFormatFieldProblem(metadata);
  if (fieldProblem) throw badRequest(`Failed field value validation. Error: ${fieldProblem}`);
  const reference = referenceProblem(context, metadata);
  if (reference)
    throw badRequest(`Registry API responded with an error during validation, error: ${reference}.`);
  requireMetadataWrite(fetchDatasetForUser(context, id, user));
  const record = await context.locks.run(id, () => replaceMetadata(context, id, metadata, reason, user));
  context.logger.info('dataset.updated', { handle: id, username: user.username });
  return {
    status: {
      success: true,
      details: 'Successfully updated metadata in Registry and S3 bucket - see location details.',
    },
    handle: id,
    s3_location: record.s3,
  };
}

/** `PUT /register/revert-metadata`: an update with an old entry's metadata. */
export async function revertMetadata(
  context: DatasetContext,
  request: { id: string; history_id: number; reason: string },
  user: AuthenticatedUser,
): Promise<{ status: Status }> {
  const fetched = fetchDatasetForUser(context, request.id, user);
  requireMetadataWrite(fetched);
  const target = fetched.item.history.find((entry) => entry.id === request.history_id);
  if (!target) {
    throw badRequest(
      `The item with id ${request.id} does not have a history entry with id matching ${request.history_id}. No action taken.`,
    );
  }
  const metadata = target.item.collection_format;
  const reference = referenceProblem(context, metadata);
  if (reference) {
    throw badRequest(
      `Registry API responded with an error during validation of the target revert point, error: ${reference}.`,
    );
  }
  const reason = `Reverting dataset to history id ${request.history_id}. Reason: ${request.reason}.`;
  await context.locks.run(request.id, () => replaceMetadata(context, request.id, metadata, reason, user));
  context.logger.info('dataset.reverted', {
    handle: request.id,
    historyId: request.history_id,
    username: user.username,
  });
  return {
    status: {
      success: true,
      details: 'Successfully reverted metadata in Registry and S3 bucket - see location details.',
    },
  };
}
