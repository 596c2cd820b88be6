/**
 * A millisecond clock that never repeats or goes back within the process, so "written after this sync started"
 * and "fetched before that write-through" are always decidable, even within one millisecond.
 */
let last = 0;

/** The current time in ms, strictly greater than any value returned before. */
export function monotonicNow(): number {
  last = Math.max(Date.now(), last + 1);
  return last;
}
