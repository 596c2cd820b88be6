/**
 * Reading the catalog: a page of datasets for a sort, filter and full-text search with the total that match,
 * and one dataset with its full JSON. Every query is served by an index or the FTS5 table.
 */
import type { CatalogDataset, DatasetSort, DatasetSummary } from '../../preload/contract/catalog.ts';
import { facet, releaseStatuses, type ReleaseStatus } from './item.ts';
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
export const ownerRoles = [
  'metadata-read',
  'metadata-write',
  'dataset-data-read',
  'dataset-data-write',
  'admin',
];

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

/** The whole FTS5 expression for a query: the typed words (in the text columns) and the filters (as facets). */
export function matchExpression(query: DatasetQuery, viewer: Viewer): string | null {
  const parts: string[] = [];
  const text = ftsQuery(query.search);
  if (text !== null) parts.push(`{display_name description keywords_text id} : (${text})`);
  const facets: string[] = [];
  if (query.releaseStatus && query.releaseStatus.length > 0) {
    facets.push(`(${query.releaseStatus.map((status) => `"${facet.status(status)}"`).join(' OR ')})`);
  }
  // Without a signed-in user "mine" and "awaiting my review" match nothing (a token no row carries).
  if (query.mine) facets.push(viewer.username ? `"${facet.owner(viewer.username)}"` : '"nobody"');
  if (query.awaitingMyReview) {
    facets.push(
      `"${facet.status('PENDING')}"`,
      viewer.personId ? `"${facet.approver(viewer.personId)}"` : '"nobody"',
    );
  }
  if (query.latestVersionsOnly) facets.push(`"${facet.latestVersion}"`);
  if (facets.length > 0) parts.push(`facets : (${facets.join(' AND ')})`);
  return parts.length > 0 ? parts.join(' AND ') : null;
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
      viewer.personId !== null &&
      row.release_status === 'PENDING' &&
      row.release_approver === viewer.personId,
  };
}

/** Every row carries exactly one status facet, so this matches the whole catalog. */
const everyDataset = `facets : (${releaseStatuses.map((status) => `"${facet.status(status)}"`).join(' OR ')})`;

/** Above this share of the catalog a match is tested by its complement (the smaller set to build). */
const broadMatchShare = 0.6;

const sortIndexes = {
  updated: { index: 'datasets_by_updated', columns: ['updated_timestamp', 'id'] },
  created: { index: 'datasets_by_created', columns: ['created_timestamp', 'id'] },
  name: { index: 'datasets_by_name', columns: ['display_name COLLATE NOCASE', 'id'] },
} as const;

/** `ORDER BY` for a sort, on the table alias given. */
function orderBy(sort: keyof typeof sortIndexes, direction: 'ASC' | 'DESC', alias: string): string {
  return sortIndexes[sort].columns.map((column) => `${alias}${column} ${direction}`).join(', ');
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

  /**
   * A page of summaries and the total that match. Pages walk the sort's index in order and test each entry
   * against the FTS result set, so the cost is bounded by the index size, never by sorting the matches; relevance
   * comes from FTS5's own rank.
   */
  page(query: DatasetQuery, viewer: Viewer, revision: number): { items: DatasetSummary[]; total: number } {
    const limit = Math.max(1, Math.min(query.limit ?? 50, 500));
    const offset = Math.max(0, query.offset ?? 0);
    const match = matchExpression(query, viewer);
    const direction = query.direction === 'asc' ? 'ASC' : 'DESC';
    const total = this.total(match, revision);
    let rows: SummaryRow[];
    if (match !== null && query.sort === 'relevance' && ftsQuery(query.search) !== null) {
      const ranked = this.prepare(
        'SELECT rowid FROM datasets_fts WHERE datasets_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?',
      ).all(match, limit, offset) as Array<{ rowid: number }>;
      const byRow = new Map(
        (
          this.prepare(
            `SELECT d.row_id, ${summaryColumns} FROM datasets d WHERE d.row_id IN (SELECT value FROM json_each(?))`,
          ).all(JSON.stringify(ranked.map((row) => row.rowid))) as unknown as Array<
            SummaryRow & { row_id: number }
          >
        ).map((row) => [row.row_id, row]),
      );
      rows = ranked.map((row) => byRow.get(row.rowid)).filter((row) => row !== undefined);
    } else {
      const sort = query.sort === 'created' || query.sort === 'name' ? query.sort : 'updated';
      // Most of the catalog matches (a first letter typed): test against the few that do not, a smaller set.
      const broad = match !== null && total > broadMatchShare * this.total(null, revision);
      const filter =
        match === null
          ? ''
          : `WHERE d.row_id ${broad ? 'NOT IN' : 'IN'} (SELECT rowid FROM datasets_fts WHERE datasets_fts MATCH ?)`;
      const parameters = match === null ? [] : [broad ? `${everyDataset} NOT (${match})` : match];
      rows = this.prepare(
        `SELECT ${summaryColumns} FROM datasets d INDEXED BY ${sortIndexes[sort].index} ${filter}
         ORDER BY ${orderBy(sort, direction, 'd.')} LIMIT ? OFFSET ?`,
      ).all(...parameters, limit, offset) as unknown as SummaryRow[];
    }
    return { items: rows.map((row) => summaryFromRow(row, viewer)), total };
  }

  /** One dataset with its full item, or null when the catalog does not hold it. */
  dataset(id: string, viewer: Viewer): CatalogDataset | null {
    const row = this.prepare(
      `SELECT ${summaryColumns}, i.item_json, d.written_at FROM datasets d JOIN dataset_items i ON i.id = d.id
       WHERE d.id = ?`,
    ).get(id) as (SummaryRow & { item_json: string; written_at: number }) | undefined;
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

  private total(match: string | null, revision: number): number {
    if (revision !== this.totalsRevision) {
      this.totals.clear();
      this.totalsRevision = revision;
    }
    const key = match ?? '';
    const cached = this.totals.get(key);
    if (cached !== undefined) return cached;
    const row = (
      match === null
        ? this.prepare('SELECT count(*) AS n FROM datasets').get()
        : this.prepare('SELECT count(*) AS n FROM datasets_fts WHERE datasets_fts MATCH ?').get(match)
    ) as { n: number };
    if (this.totals.size > 200) this.totals.clear();
    this.totals.set(key, Number(row.n));
    return Number(row.n);
  }
}
