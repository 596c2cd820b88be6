/** Builders for catalog tests: valid Provena `ItemDataset`s and a scripted remote list. */
import { ItemDataset, datasetStoragePath } from '../../../shared/provena/index.ts';
import type {
  CatalogItem,
  RemoteCatalogSource,
  RemotePage,
  RemotePageRequest,
} from '../../../main/catalog/index.ts';

/** What a test may choose about a dataset. */
export interface ItemOptions {
  id: string;
  name?: string;
  description?: string;
  keywords?: string[];
  owner?: string;
  created?: number;
  updated?: number;
  releaseStatus?: 'NOT_RELEASED' | 'PENDING' | 'RELEASED';
  approver?: string | null;
  requesters?: Array<{ requester: string; timestamp: number }>;
  version?: number;
  previousVersion?: string | null;
  nextVersion?: string | null;
}

/** A complete, schema-valid dataset item. */
export function makeItem(options: ItemOptions): CatalogItem {
  const name = options.name ?? `Dataset ${options.id}`;
  const collectionFormat = {
    associations: { organisation_id: '10378.1/org' },
    approvals: {
      ethics_registration: { relevant: false, obtained: false },
      ethics_access: { relevant: false, obtained: false },
      indigenous_knowledge: { relevant: false, obtained: false },
      export_controls: { relevant: false, obtained: false },
    },
    dataset_info: {
      name,
      description: options.description ?? `About ${name}`,
      access_info: { reposited: true },
      publisher_id: '10378.1/org',
      created_date: { relevant: false },
      published_date: { relevant: false },
      license: 'https://creativecommons.org/licenses/by/4.0/',
      keywords: options.keywords ?? null,
    },
  };
  const path = datasetStoragePath(options.id);
  const status = options.releaseStatus ?? 'NOT_RELEASED';
  const approver = options.approver ?? (status === 'NOT_RELEASED' ? null : 'person-reviewer');
  const domain = {
    display_name: name,
    collection_format: collectionFormat,
    s3: { bucket_name: 'bucket', path, s3_uri: `s3://bucket/${path}` },
    release_history: (options.requesters ?? []).map((entry) => ({
      action: 'REQUEST' as const,
      timestamp: entry.timestamp,
      approver: approver ?? 'person-reviewer',
      requester: entry.requester,
      notes: 'please',
    })),
    release_status: status,
    release_approver: approver,
    release_timestamp: approver ? (options.updated ?? 2_000) : null,
  };
  return ItemDataset.parse({
    id: options.id,
    owner_username: options.owner ?? 'alice',
    created_timestamp: options.created ?? 1_000,
    updated_timestamp: options.updated ?? options.created ?? 1_000,
    item_category: 'ENTITY',
    item_subtype: 'DATASET',
    record_type: 'COMPLETE_ITEM',
    versioning_info: {
      version: options.version ?? 1,
      previous_version: options.previousVersion ?? null,
      next_version: options.nextVersion ?? null,
      reason: options.previousVersion ? 'new version' : null,
    },
    ...domain,
    history: [
      {
        id: 0,
        timestamp: options.created ?? 1_000,
        reason: 'Initial record creation',
        username: 'alice',
        item: domain,
      },
    ],
  });
}

/** `count` items with ids `prefix-0…`, created one second apart. */
export function makeItems(count: number, prefix = '10378.1/'): CatalogItem[] {
  return Array.from({ length: count }, (_, index) =>
    makeItem({ id: `${prefix}${index}`, created: 1_000 + index, updated: 1_000 + index }),
  );
}

/**
 * A remote list served from an array, page by page, the way Provena pages: opaque object keys, and pages that may
 * be short or empty (`pageSizes` fixes how many items each page holds) while a key still follows.
 */
export class ScriptedSource implements RemoteCatalogSource {
  items: CatalogItem[];
  /**
   * Items per page, by page index (the last value repeats); default: the requested size. At least as many pages
   * as values are served, so trailing zeros make trailing empty pages.
   */
  pageSizes: number[] | null = null;
  /** Throws this error when asked for the page with this index. */
  failAt: { page: number; error: Error } | null = null;
  /** Called before each page is answered (to change the list mid-pass). */
  beforePage: ((page: number) => void | Promise<void>) | null = null;
  /** The requests of the current (or last) pass. */
  requests: RemotePageRequest[] = [];

  constructor(items: CatalogItem[]) {
    this.items = items;
  }

  async listPage(request: RemotePageRequest, signal: AbortSignal): Promise<RemotePage> {
    signal.throwIfAborted();
    // Pages are numbered from the start of each pass.
    if (request.paginationKey === null) this.requests = [];
    const page = this.requests.length;
    this.requests.push(request);
    await this.beforePage?.(page);
    if (this.failAt?.page === page) throw this.failAt.error;
    const start = request.paginationKey === null ? 0 : (request.paginationKey as { offset: number }).offset;
    const size = this.pageSizes ? (this.pageSizes[page] ?? this.pageSizes.at(-1)!) : request.pageSize;
    const items = this.items.slice(start, start + size);
    const next = start + items.length;
    // Keys carry the page number too, so empty pages (everything on them filtered out) still move forward.
    const more = next < this.items.length || page < (this.pageSizes?.length ?? 0) - 1;
    return { items, paginationKey: more ? { offset: next, page: page + 1 } : null };
  }
}
