/**
 * Latency figures for benchmark output: percentiles of wall time, the CPU time the work itself used (on a shared
 * machine the wall-time tail is mostly waiting for a core), and a table saying which targets are met.
 */
import { loadavg } from 'node:os';

/** One measured kind of work. */
export interface Figures {
  name: string;
  p50: number;
  p95: number;
  max: number;
  /** The most CPU time (user + system) one run used. */
  cpuMax: number;
  targetMs: number;
  note: string;
}

const percentile = (sorted: number[], fraction: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;

/** Runs `work` once and returns its wall and CPU milliseconds. */
export function measure<T>(work: () => T): { wallMs: number; cpuMs: number; result: T } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, result };
}

/** Summarises samples (ms) against a target for the worst case (max). */
export function summarise(
  name: string,
  samples: Array<{ wallMs: number; cpuMs: number }>,
  targetMs: number,
  note = '',
): Figures {
  const sorted = samples.map((sample) => sample.wallMs).sort((a, b) => a - b);
  return {
    name,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted.at(-1)!,
    cpuMax: Math.max(...samples.map((sample) => sample.cpuMs)),
    targetMs,
    note,
  };
}

/** Prints the figures and a verdict line (on wall time), with the machine's load for context. */
export function printTable(title: string, rows: Figures[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(`  ${'query'.padEnd(width)}    p50 ms    p95 ms    max ms  cpu max ms  target`);
  for (const row of rows) {
    const ok = row.max <= row.targetMs ? 'met' : 'MISSED';
    const cells = [row.p50, row.p95, row.max].map((value) => value.toFixed(2).padStart(9)).join(' ');
    console.log(
      `  ${row.name.padEnd(width)} ${cells} ${row.cpuMax.toFixed(2).padStart(11)}  ${ok}  ${row.note}`,
    );
  }
  const missed = rows.filter((row) => row.max > row.targetMs).length;
  const cpuMissed = rows.filter((row) => row.cpuMax > row.targetMs).length;
  console.log(
    missed === 0
      ? `  all ${rows.length} query kinds met the target`
      : `  ${missed} of ${rows.length} query kinds MISSED the target on wall time (${cpuMissed} on CPU time)`,
  );
  console.log(
    `  machine load average while measuring: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' / ')} (2 cores)`,
  );
}
