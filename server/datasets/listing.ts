/**
 * `POST /registry/items/list`, paged the way DynamoDB pages: read `page_size` index entries after the key,
 * then drop seed items and what the caller may not see. Pages can therefore be short or empty while still
 * carrying a key, and a page that read exactly `page_size` entries always carries one.
 */
import type {
  DatasetListResponse,
  ItemDataset,
  NoFilterSubtypeListRequest,
  PaginationKey,
} from '../../shared/provena/index.ts';
import type { AuthenticatedUser } from '../auth/authenticator.ts';
import { badRequest, HttpError } from '../http/errors.ts';
import { toItemRow } from '../registry/items.ts';
import { itemRolesFor } from './access.ts';
import type { DatasetContext } from './context.ts';

interface SortPlan {
  column: 'updated_timestamp' | 'created_timestamp' | 'display_name' | 'access_info_uri';
  keyName: string;
  ascending: boolean;
  beginsWith: string | null;
}

function registryError(detail: string): HttpError {
  return new HttpError(
    500,
    `Unexpected non 200 status code in dataset list process. Status code: 400. Details: ${detail}.`,
  );
}

function planFor(request: NoFilterSubtypeListRequest): SortPlan {
  const sort = request.sort_by;
  const ascending = sort?.ascending ?? false;
  switch (sort?.sort_type ?? null) {
    case null:
    case 'UPDATED_TIME':
      return { column: 'updated_timestamp', keyName: 'updated_timestamp', ascending, beginsWith: null };
    case 'CREATED_TIME':
      return { column: 'created_timestamp', keyName: 'created_timestamp', ascending, beginsWith: null };
    case 'DISPLAY_NAME':
      return { column: 'display_name', keyName: 'display_name', ascending, beginsWith: null };
    case 'ACCESS_INFO_URI_BEGINS_WITH':
      if (!sort?.begins_with)
        throw registryError('A begins_with value is required to sort by ACCESS_INFO_URI_BEGINS_WITH');
      return {
        column: 'access_info_uri',
        keyName: 'access_info_uri',
        ascending,
        beginsWith: sort.begins_with,
      };
    case 'RELEASE_TIMESTAMP':
      throw registryError('Sorting datasets by RELEASE_TIMESTAMP is not supported without a release filter');
  }
}

/** Reads a key this route handed out for the same sort; 400 for anything else. */
function cursorOf(key: PaginationKey, plan: SortPlan): { value: string | number; id: string } {
  const id = key.id;
  const value = key[plan.keyName];
  const valueOk = plan.column.endsWith('timestamp') ? typeof value === 'number' : typeof value === 'string';
  if (typeof id !== 'string' || !valueOk || key.item_subtype !== 'DATASET') {
    throw badRequest(
      'The pagination_key was not issued for this listing and sort order. Start again without a pagination_key.',
    );
  }
  return { value: value as string | number, id };
}

/** One page of datasets the caller can see. */
export function listDatasets(
  context: DatasetContext,
  request: NoFilterSubtypeListRequest,
  user: AuthenticatedUser,
): DatasetListResponse {
  const plan = planFor(request);
  if (request.page_size < 1) throw registryError('page_size must be at least 1');
  const direction = plan.ascending ? 'ASC' : 'DESC';
  const comparison = plan.ascending ? '>' : '<';
  const where = ["subtype = 'DATASET'"];
  const values: (string | number)[] = [];
  if (plan.beginsWith !== null) {
    where.push('substr(access_info_uri, 1, ?) = ?');
    values.push(plan.beginsWith.length, plan.beginsWith);
  }
  if (request.pagination_key) {
    const cursor = cursorOf(request.pagination_key, plan);
    where.push(`(${plan.column} ${comparison} ? OR (${plan.column} = ? AND id ${comparison} ?))`);
    values.push(cursor.value, cursor.value, cursor.id);
  }
  const rows = context.database
    .prepare(
      `SELECT * FROM items WHERE ${where.join(' AND ')} ORDER BY ${plan.column} ${direction}, id ${direction} LIMIT ?`,
    )
    .all(...values, request.page_size)
    .map((raw) => toItemRow(raw as never));

  const complete = rows.filter((row) => row.recordType === 'COMPLETE_ITEM');
  const visible = complete.filter((row) => itemRolesFor(context, row, user).includes('metadata-read'));
  const last = rows.at(-1);
  const paginationKey: PaginationKey | null =
    last && rows.length === request.page_size
      ? {
          id: last.id,
          item_subtype: 'DATASET',
          [plan.keyName]:
            plan.column === 'updated_timestamp'
              ? last.updatedTimestamp
              : plan.column === 'created_timestamp'
                ? last.createdTimestamp
                : plan.column === 'display_name'
                  ? last.displayName
                  : (last.accessInfoUri ?? ''),
        }
      : null;
  return {
    status: { success: true, details: 'Successfully listed items.' },
    items: visible.map((row) => row.record as unknown as ItemDataset),
    seed_items: [],
    unparsable_items: [],
    total_item_count: visible.length,
    complete_item_count: visible.length,
    seed_item_count: 0,
    unparsable_item_count: 0,
    not_authorised_count: complete.length - visible.length,
    pagination_key: paginationKey,
  };
}
