/**
 * Reading the catalog: a page of datasets for a sort, filter and full-text search with the total that match,
 * and one dataset with its full JSON. Every query is served by an index or the FTS5 table.
 */
import type { SQLInputValue } from 'node:sqlite';
import type { CatalogDataset, DatasetSort, DatasetSummary } from '../../preload/contract/catalog.ts';
import type { ReleaseStatus } from './item.ts';
import type { Prepare } from './statements.ts';

/** What a list asks for. */
export interface DatasetQuery {
  search?: string | undefined;
  sort?: DatasetSort;
  direction?: 'asc' | 'desc';
  releaseStatus?: readonly ReleaseStatus[] | undefined;
  mine?: boolean | undefined;
  awaitingMyReview?: boolean | undefined;
  latestVersionsOnly?: boolean | undefined;
  offset?: number;
  limit?: number;
}

/** Who is looking: "mine" and "awaiting my review" depend on it. */
export interface Viewer {
  username: string | null;
  personId: string | null;
}

/** The item roles Provena gives a dataset's owner. */
export const ownerRoles = ['metadata-read', 'metadata-write', 'dataset-data-read', 'dataset-data-write', 'admin'];

const summaryColumns = `d.id, d.display_name, substr(d.description, 1, 500) AS description, d.owner_username,
  d.created_timestamp, d.updated_timestamp, d.release_status, d.release_approver, d.release_requester,
  d.release_timestamp, d.version, d.previous_version, d.next_version, d.keywords, d.roles, d.locked`;

interface SummaryRow {
  id: string;
  display_name: string;
  description: string;
  owner_username: string;
  created_timestamp: number;
  updated_timestamp: number;
  release_status: ReleaseStatus;
  release_approver: string | null;
  release_requester: string | null;
  release_timestamp: number | null;
  version: number | null;
  previous_version: string | null;
  next_version: string | null;
  keywords: string;
  roles: string | null;
  locked: number | null;
}

/**
 * Turns what a person typed into an FTS5 query: every word must match, each as a prefix (so results follow
 * the typing). Words are quoted, so FTS5 operators typed by the user are plain text.
 */
export function ftsQuery(search: string | undefined): string | null {
  const words = search?.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 16)
    .map((word) => `"${word}"*`)
    .join(' ');
}

function summaryFromRow(row: SummaryRow, viewer: Viewer): DatasetSummary {
  const mine = viewer.username !== null && row.owner_username === viewer.username;
  return {
    id: row.id,
    displayName: row.display_name,
    description: row.description,
    ownerUsername: row.owner_username,
    createdTimestamp: row.created_timestamp,
    updatedTimestamp: row.updated_timestamp,
    releaseStatus: row.release_status,
    releaseApprover: row.release_approver,
    releaseRequester: row.release_requester,
    releaseTimestamp: row.release_timestamp,
    version: row.version,
    previousVersion: row.previous_version,
    nextVersion: row.next_version,
    keywords: JSON.parse(row.keywords) as string[],
    roles: row.roles !== null ? (JSON.parse(row.roles) as string[]) : mine ? [...ownerRoles] : null,
    locked: row.locked === null ? null : row.locked !== 0,
    mine,
    awaitingMyReview:
      viewer.personId !== null && row.release_status === 'PENDING' && row.release_approver === viewer.personId,
  };
}

interface BuiltQuery {
  from: string;
  where: string;
  order: string;
  parameters: SQLInputValue[];
}

function buildQuery(query: DatasetQuery, viewer: Viewer): BuiltQuery {
  const conditions: string[] = [];
  const parameters: SQLInputValue[] = [];
  const match = ftsQuery(query.search);
  let from = 'datasets d';
  if (match !== null) {
    from = 'datasets_fts JOIN datasets d ON d.row_id = datasets_fts.rowid';
    conditions.push('datasets_fts MATCH ?');
    parameters.push(match);
  }
  if (query.releaseStatus && query.releaseStatus.length > 0) {
    conditions.push(`d.release_status IN (${query.releaseStatus.map(() => '?').join(', ')})`);
    parameters.push(...query.releaseStatus);
  }
  if (query.mine) {
    conditions.push('d.owner_username = ?');
    parameters.push(viewer.username ?? '\u0000no user');
  }
  if (query.awaitingMyReview) {
    conditions.push("d.release_status = 'PENDING' AND d.release_approver = ?");
    parameters.push(viewer.personId ?? '\u0000no person');
  }
  if (query.latestVersionsOnly) conditions.push('d.next_version IS NULL');
  const direction = query.direction === 'asc' ? 'ASC' : 'DESC';
  const sort = query.sort === 'relevance' && match === null ? 'updated' : (query.sort ?? 'updated');
  const order = {
    updated: `d.updated_timestamp ${direction}, d.id ${direction}`,
    created: `d.created_timestamp ${direction}, d.id ${direction}`,
    name: `d.display_name COLLATE NOCASE ${direction}, d.id ${direction}`,
    relevance: 'datasets_fts.rank, d.updated_timestamp DESC, d.id DESC',
  }[sort];
  return { from, where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', order, parameters };
}

/** Reads pages and single datasets from one catalog connection. */
export class CatalogQueries {
  private readonly prepare: Prepare;
  /** Totals by query for the current revision: scrolling a long list asks for the same total many times. */
  private readonly totals = new Map<string, number>();
  private totalsRevision = -1;

  constructor(prepare: Prepare) {
    this.prepare = prepare;
  }

  /** A page of summaries and the total that match. */
  page(query: DatasetQuery, viewer: Viewer, revision: number): { items: DatasetSummary[]; total: number } {
    const built = buildQuery(query, viewer);
    const limit = Math.max(1, Math.min(query.limit ?? 50, 500));
    const offset = Math.max(0, query.offset ?? 0);
    const rows = this.prepare(
      `SELECT ${summaryColumns} FROM ${built.from} ${built.where} ORDER BY ${built.order} LIMIT ? OFFSET ?`,
    ).all(...built.parameters, limit, offset) as unknown as SummaryRow[];
    return { items: rows.map((row) => summaryFromRow(row, viewer)), total: this.total(built, revision) };
  }

  /** One dataset with its full item, or null when the catalog does not hold it. */
  dataset(id: string, viewer: Viewer): CatalogDataset | null {
    const row = this.prepare(`SELECT ${summaryColumns}, d.item_json, d.written_at FROM datasets d WHERE d.id = ?`).get(
      id,
    ) as (SummaryRow & { item_json: string; written_at: number }) | undefined;
    if (!row) return null;
    return {
      summary: summaryFromRow(row, viewer),
      item: JSON.parse(row.item_json) as Record<string, unknown>,
      storedAt: row.written_at,
    };
  }

  /** How many datasets the catalog holds. */
  count(): number {
    return Number((this.prepare('SELECT count(*) AS n FROM datasets').get() as { n: number }).n);
  }

  private total(built: BuiltQuery, revision: number): number {
    if (revision !== this.totalsRevision) {
      this.totals.clear();
      this.totalsRevision = revision;
    }
    const key = JSON.stringify([built.from, built.where, built.parameters]);
    const cached = this.totals.get(key);
    if (cached !== undefined) return cached;
    const row = this.prepare(`SELECT count(*) AS n FROM ${built.from} ${built.where}`).get(...built.parameters) as {
      n: number;
    };
    if (this.totals.size > 200) this.totals.clear();
    this.totals.set(key, Number(row.n));
    return Number(row.n);
  }
}
