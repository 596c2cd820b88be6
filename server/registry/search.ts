/**
 * Search over the registry (what Provena's OpenSearch does): prefix matches on every word of the query, ranked
 * by BM25 with the name weighted highest, and an exact handle first. IDs and scores only; no access filter
 * (clients fetch each hit and sort out 401s, as Provena's do).
 */
import type { QueryResult } from '../../shared/provena/index.ts';
import type { Database } from '../db/database.ts';

/** The ids and scores of the best matches. */
export function searchRegistry(
  database: Database,
  query: string,
  subtype: string | null,
  limit: number,
): QueryResult[] {
  const results: QueryResult[] = [];
  const trimmed = query.trim();
  const exact = database
    .prepare(
      `SELECT id FROM items WHERE id = ? AND record_type = 'COMPLETE_ITEM' ${subtype ? 'AND subtype = ?' : ''}`,
    )
    .get(...(subtype ? [trimmed, subtype] : [trimmed])) as { id: string } | undefined;
  if (exact) results.push({ id: exact.id, score: 100 });

  const words = trimmed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length > 0 && limit > results.length) {
    const match = words.map((word) => `"${word}"*`).join(' OR ');
    // bm25 weights follow the column order: id, subtype, handle, name, keywords, description, other.
    const rows = database
      .prepare(
        `SELECT id, -bm25(search_index, 0, 0, 2.0, 4.0, 2.0, 1.0, 1.0) AS score FROM search_index
         WHERE search_index MATCH ? ${subtype ? 'AND subtype = ?' : ''} ORDER BY score DESC, id LIMIT ?`,
      )
      .all(...(subtype ? [match, subtype] : [match]), limit + 1) as { id: string; score: number }[];
    for (const row of rows) {
      if (row.id !== exact?.id) results.push({ id: row.id, score: row.score });
    }
  }
  return results.slice(0, limit);
}
