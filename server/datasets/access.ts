/**
 * Reading a dataset as a user, with the registry's answers relayed the way the data store relays them:
 * unknown id 400, no metadata-read 401, seed item 400. Also the caller's item roles.
 */
import { allItemRoles, expandItemRoles, type ItemDataset } from '../../shared/provena/index.ts';
import { isRegistryAdmin, type AuthenticatedUser } from '../auth/authenticator.ts';
import { badRequest, notAuthorised } from '../http/errors.ts';
import type { ItemRow } from '../registry/items.ts';
import type { DatasetContext } from './context.ts';

/** A dataset as one user sees it. */
export interface FetchedDataset {
  row: ItemRow;
  item: ItemDataset;
  roles: string[];
  locked: boolean;
}

/** The item roles `user` holds on `row`: all five for the owner and realm admins, else general + grants. */
export function itemRolesFor(context: DatasetContext, row: ItemRow, user: AuthenticatedUser): string[] {
  if (row.ownerUsername === user.username || isRegistryAdmin(user)) return [...allItemRoles];
  return expandItemRoles([...row.generalRoles, ...context.registry.items.grantsFor(row.id, user.username)]);
}

/** The registry's fetch, relayed: 400 for unknown or non-dataset ids and seeds, 401 without metadata-read. */
export function fetchDatasetForUser(
  context: DatasetContext,
  id: string,
  user: AuthenticatedUser,
): FetchedDataset {
  const row = context.registry.items.get(id);
  if (!row || row.subtype !== 'DATASET') {
    const details = row
      ? 'The existing item is a valid item, but has a different subtype or category.'
      : `Could not find the given key (${id}) in the registry.`;
    throw badRequest(
      `The registry API responded with status success False during dataset fetching. Details: ${details}.`,
    );
  }
  const roles = itemRolesFor(context, row, user);
  if (!roles.includes('metadata-read')) {
    throw notAuthorised(
      `Registry did not grant access to the dataset. Details: You are not authorised to view this item (id='${id}').`,
    );
  }
  if (row.recordType === 'SEED_ITEM') {
    throw badRequest('The requested dataset is an incomplete item (seed item). It is not a valid dataset.');
  }
  return { row, item: row.record as unknown as ItemDataset, roles, locked: row.locked };
}

/** True when any of `acceptable` is among `roles` (Provena's `evaluate_user_access`). */
export function hasAnyRole(roles: readonly string[], acceptable: readonly string[]): boolean {
  return acceptable.some((role) => roles.includes(role));
}
