/** Search as Provena's client does it: the search API gives ids and scores, each hit is then fetched. */
import type { ItemDataset, QueryResult } from '../../shared/provena/index.ts';
import { AppError } from '../core/index.ts';

/** Search hits sorted by what fetching them gave, each list in the search's score order. */
export interface SearchOutcome {
  items: { id: string; score: number; item: ItemDataset }[];
  /** Hits the caller may not open. */
  authErrors: { id: string; score: number }[];
  /** Hits that failed otherwise (for example a stale index entry); `error` is a message a person understands. */
  miscErrors: { id: string; score: number; error: string }[];
}

/** Fetches every hit (a few at a time) and sorts them into loaded items and errors, keeping the order. */
export async function searchDatasets(
  hits: QueryResult[],
  fetchItem: (id: string) => Promise<{ item: ItemDataset }>,
  concurrency = 4,
): Promise<SearchOutcome> {
  const outcomes = new Array<{ item?: ItemDataset; error?: unknown }>(hits.length);
  let next = 0;
  const worker = async () => {
    while (next < hits.length) {
      const index = next++;
      const hit = hits[index];
      if (!hit) continue;
      try {
        outcomes[index] = { item: (await fetchItem(hit.id)).item };
      } catch (error) {
        if (error instanceof AppError && error.code === 'cancelled') throw error;
        outcomes[index] = { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, hits.length) }, worker));
  const result: SearchOutcome = { items: [], authErrors: [], miscErrors: [] };
  hits.forEach((hit, index) => {
    const outcome = outcomes[index];
    if (outcome?.item) result.items.push({ id: hit.id, score: hit.score, item: outcome.item });
    else if (
      outcome?.error instanceof AppError &&
      (outcome.error.code === 'forbidden' || outcome.error.code === 'auth')
    ) {
      result.authErrors.push({ id: hit.id, score: hit.score });
    } else {
      const error = outcome?.error;
      result.miscErrors.push({
        id: hit.id,
        score: hit.score,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
  return result;
}
