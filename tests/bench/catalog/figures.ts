/** Latency figures for benchmark output: percentiles and a table saying which targets are met. */

/** One measured kind of work. */
export interface Figures {
  name: string;
  p50: number;
  p95: number;
  max: number;
  targetMs: number;
  note: string;
}

const percentile = (sorted: number[], fraction: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;

/** Summarises samples (ms) against a target for the worst case (max). */
export function summarise(name: string, samples: number[], targetMs: number, note = ''): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted.at(-1)!,
    targetMs,
    note,
  };
}

/** Prints the figures and a verdict line. */
export function printTable(title: string, rows: Figures[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(`  ${'query'.padEnd(width)}    p50 ms    p95 ms    max ms  target`);
  for (const row of rows) {
    const ok = row.max <= row.targetMs ? 'met' : 'MISSED';
    console.log(
      `  ${row.name.padEnd(width)} ${row.p50.toFixed(2).padStart(9)} ${row.p95.toFixed(2).padStart(9)} ${row.max.toFixed(2).padStart(9)}  ${ok}  ${row.note}`,
    );
  }
  const missed = rows.filter((row) => row.max > row.targetMs).length;
  console.log(
    missed === 0
      ? `  all ${rows.length} query kinds met the target`
      : `  ${missed} of ${rows.length} query kinds MISSED the target`,
  );
}
