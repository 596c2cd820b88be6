/** How much memory this process has used: for the CLI's summary and the benchmarks. */
import { readFileSync } from 'node:fs';

/**
 * Peak resident memory of this process: Linux's VmHWM (getrusage's maxRSS survives exec, so a child of a large
 * parent would report the parent's size), else maxRSS.
 */
export function peakRssBytes(): number {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS * 1024;
}
